# Query points for the benchmarks, one "lon,lat" per line.
#
#   awk -F'\t' -v n=100000 -v mode=uniform|dense -v seed=1 -f bench/query-points.awk bench/china-cities.tsv
#
# uniform: anywhere in the box the national set covers (73.6–134.7 E, 18.2–53.5 N), most of it far from
# any station: the index walk must go a long way before it finds ten. dense: within a few kilometres of
# a city centre, cities chosen by weight, as most riders are.
function gauss() { return sqrt(-2 * log(1 - rand())) * cos(6.283185307179586 * rand()) }
BEGIN { nc = 0; total = 0 }
/^#/ || NF < 4 { next }
{ nc++; lon[nc] = $2 + 0; lat[nc] = $3 + 0; total += $4; cum[nc] = total }
END {
  srand(seed)
  for (i = 0; i < n; i++) {
    if (mode == "uniform") {
      printf "%.6f,%.6f\n", 73.6 + rand() * 61.1, 18.2 + rand() * 35.3
    } else {
      u = rand() * total; c = 1; while (cum[c] < u) c++
      printf "%.6f,%.6f\n", lon[c] + gauss() * 4 / (111.32 * cos(lat[c] * 0.0174533)), lat[c] + gauss() * 4 / 110.57
    }
  }
}
