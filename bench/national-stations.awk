# Synthetic national station network as import CSV (no real places: names, hours and amenities are
# invented; positions only follow where China's cities are).
#
#   awk -F'\t' -v n=100000 -v offset=0 -v seed=1 -f bench/national-stations.awk bench/china-cities.tsv
#
# Stations cluster around the centres of bench/china-cities.tsv in proportion to their weight (dense
# cores, thinning halos), some lie along straight "highways" between cities (service areas, truck
# parking), some are scattered around county towns; the west is sparse because its centres are few and
# light. External ids are nat-<offset + i>, so that chunks of 100,000 (the import limit) fit together.
function gauss() { return sqrt(-2 * log(1 - rand())) * cos(6.283185307179586 * rand()) }
function pick(   u, lo, hi, mid) {
  u = rand() * total; lo = 1; hi = nc
  while (lo < hi) { mid = int((lo + hi) / 2); if (cum[mid] < u) lo = mid + 1; else hi = mid }
  return lo
}
function chance(p) { return rand() < p }
function oneof(list,   parts, k) { k = split(list, parts, "|"); return parts[int(rand() * k) + 1] }
BEGIN { nc = 0; total = 0 }
/^#/ || NF < 4 { next }
{ nc++; lon[nc] = $2 + 0; lat[nc] = $3 + 0; total += $4; cum[nc] = total; w[nc] = $4 + 0 }
END {
  srand(seed * 1000003 + offset)
  split("drinking_water:0.8 microwave:0.5 phone_charging:0.6 ebike_charging:0.3 battery_swap:0.1 toilet:0.5 rest_area:0.6 wifi:0.5 first_aid:0.2 aed:0.03 air_conditioning:0.5 heating:0.3 umbrella:0.2 repair_tools:0.15 lockers:0.1 shower:0.05 lodging:0.03", am, " ")
  print "external_id,name,kind,category,scene,lon,lat,amenities,opening_hours,status,vehicle_types,rider_discount"
  for (i = 0; i < n; i++) {
    c = pick(); r = rand(); highway = 0
    if (r < 0.88) {
      # City cluster: a core (70 %) and a halo, widths growing with the city's size (km).
      sigma = chance(0.7) ? 2 + 3 * sqrt(w[c]) : 5 + 10 * sqrt(w[c])
      y = lat[c] + gauss() * sigma / 110.57
      x = lon[c] + gauss() * sigma / (111.32 * cos(lat[c] * 0.0174533))
    } else if (r < 0.96) {
      # Along a highway to another city within ~1,500 km.
      d = pick(); for (t = 0; t < 5 && (d == c || (lon[d] - lon[c]) ^ 2 + (lat[d] - lat[c]) ^ 2 > 200); t++) d = pick()
      f = rand(); highway = 1
      x = lon[c] + (lon[d] - lon[c]) * f + gauss() * 0.004
      y = lat[c] + (lat[d] - lat[c]) * f + gauss() * 0.004
    } else {
      # Around a county town somewhere in the city's hinterland.
      x = lon[c] + (rand() - 0.5) * 4; y = lat[c] + (rand() - 0.5) * 3
      x += gauss() * 0.02; y += gauss() * 0.02
    }
    if (y > 53.5) y = 53.5; if (y < 18.2) y = 18.2; if (x > 134.7) x = 134.7; if (x < 73.6) x = 73.6
    u = rand()
    kind = highway ? (u < 0.6 ? "rest_station" : "parking") : (u < 0.5 ? "rest_station" : u < 0.75 ? "parking" : "meal")
    category = ""; scene = ""; vehicles = ""; discount = ""
    if (kind == "rest_station") {
      category = highway && chance(0.5) ? "driver_home" : oneof("union_station|union_station|union_station|union_station|party_service_center|party_service_center|civilization_station|civilization_station|driver_home|youth_home|women_home|enterprise_station|enterprise_station|other")
    }
    scene = highway ? "highway_service_area" : oneof("community|community|business_district|office_building|industrial_park|transport_hub||")
    if (kind == "parking") vehicles = highway ? oneof("car;truck|truck|car") : oneof("ebike|ebike|ebike|ebike;motorcycle|car|car;truck")
    if (kind == "meal" && chance(0.3)) discount = "骑手九折"
    amen = ""
    for (a = 1; a <= 17; a++) { split(am[a], kv, ":"); if (chance(kv[2] + 0)) amen = amen (amen == "" ? "" : ";") kv[1] }
    hours = oneof("24/7|24/7|24/7|Mo-Su 08:00-20:00|Mo-Su 08:00-20:00|Mo-Su 08:00-20:00|Mo-Fr 09:00-18:00|Mo-Fr 09:00-18:00|Mo-Su 10:00-22:00|Mo-Su 18:00-02:00|")
    s = rand(); status = s < 0.93 ? "open" : s < 0.97 ? "temporarily_closed" : "closed"
    printf "nat-%d,合成站点 %d,%s,%s,%s,%.6f,%.6f,%s,%s,%s,%s,%s\n", offset + i, offset + i, kind, category, scene, x, y, amen, hours, status, vehicles, discount
  }
}
