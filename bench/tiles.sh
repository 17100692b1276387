#!/usr/bin/env bash
# Vector tiles of stations at national size, next to plain PostGIS running the same tile SQL.
#
#   bench/tiles.sh [--size 400000] [--zooms "6 10 14 16"] [--duration S] [--connections C] [--jar PATH]
#
# Starts a fresh server (embedded PostGIS under target/bench/tiles-<size>, the JVM options of ./yizhan run),
# imports that many synthetic stations over China (bench/national-stations.awk) through
# POST /api/v1/stations/import in requests of 100,000, and then, with no manual ANALYZE, for each zoom:
#   - wrk: GET /api/v1/tiles/stations/{z}/{x}/{y}.mvt for random tiles where riders are (the tiles of
#     100,000 points within a few km of city centres, bench/query-points.awk dense; no If-None-Match);
#   - pgbench (-M prepared) running the server's own tile statement (org.yizhan.tiles.TileSql: clusters
#     below z13, points from z13, the default status filter, the stale cutoff) on the same tiles and data.
# Prints tiles/s, p50/p99, the mean tile size and the ratio HTTP/pgbench. Needs wrk and pgbench
# (installed when missing). --jar runs another build for before/after figures.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE=400000
ZOOMS="6 10 14 16"
DURATION=15
CONNS=16
JAR=target/yizhan.jar
while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE="$2"; shift 2 ;;
    --zooms) ZOOMS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --connections) CONNS="$2"; shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_tools

WORK=target/bench
mkdir -p "$WORK"
CITIES=bench/china-cities.tsv
POINTS=100000
awk -F'\t' -v n=$POINTS -v mode=dense -v seed=13 -f bench/query-points.awk "$CITIES" > "$WORK/tile-points.csv"
for z in $ZOOMS; do
  # XYZ tile of each point (Web Mercator, y from the north).
  awk -F, -v z="$z" 'BEGIN { n = 2 ^ z; pi = atan2(0, -1) }
    { lat = $2 * pi / 180; x = int(($1 + 180) / 360 * n);
      y = int((1 - log(sin(lat) / cos(lat) + 1 / cos(lat)) / pi) / 2 * n); print z "," x "," y }' \
    "$WORK/tile-points.csv" > "$WORK/tiles-z$z.csv"
done

cat > "$WORK/tiles.lua" <<'LUA'
local tiles = {}
init = function(args)
  for line in io.lines(args[1]) do
    local z, x, y = line:match("([^,]+),([^,]+),([^,]+)")
    tiles[#tiles + 1] = "/api/v1/tiles/stations/" .. z .. "/" .. x .. "/" .. y .. ".mvt"
  end
end
request = function()
  return wrk.format("GET", tiles[math.random(#tiles)])
end
local bytes, n = 0, 0
response = function(status, headers, body)
  bytes = bytes + #body; n = n + 1
end
LUA

# The server's own statement for each zoom (org.yizhan.tiles.TileSql prints what TileRepository runs for a tile
# without filters: the default status filter and the stale cutoff as literals), z/x/y read from table bench_tile_Z
# by a random row, so the peer runs exactly the server's SQL (TileApiTest holds TileSql to the served bytes).
for z in $ZOOMS; do
  { echo "\\set i random(1, $POINTS)"
    java -cp "$JAR" org.yizhan.tiles.TileSql "$z" | sed \
      -e "s/:z/(SELECT b.z FROM bench_tile_$z b WHERE b.i = :i)/g" \
      -e "s/:x/(SELECT b.x FROM bench_tile_$z b WHERE b.i = :i)/g" \
      -e "s/:y/(SELECT b.y FROM bench_tile_$z b WHERE b.i = :i)/g"
    echo ";"; } > "$WORK/tile-z$z.sql"
done

SERVER=""
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; wait 2>/dev/null || true' EXIT
DATA="$WORK/tiles-$SIZE"
bench_start "$DATA" "$WORK/server-tiles-$SIZE.log"
bench_import "$SIZE" "$WORK"

bench_psql "$DATA"
for z in $ZOOMS; do
  "${PSQL[@]}" -c "CREATE TABLE bench_tile_$z (i int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, z int, x int, y int)"
  "${PSQL[@]}" -c "\\copy bench_tile_$z (z, x, y) FROM '$WORK/tiles-z$z.csv' WITH (FORMAT csv)"
done
echo "   stations in database: $("${PSQL[@]}" -c "SELECT count(*) FROM station WHERE deleted_at IS NULL")," \
  "last analysed: $("${PSQL[@]}" -c "SELECT coalesce(last_analyze::text, 'never') FROM pg_stat_user_tables WHERE relname = 'station'")"

# JIT warm-up over every zoom.
for z in $ZOOMS; do
  wrk -t1 -c8 -d5s -s "$WORK/tiles.lua" "http://127.0.0.1:$PORT" -- "$WORK/tiles-z$z.csv" >/dev/null
done

: > "$WORK/tiles-results.txt"
printf '\n%-8s | %-4s | %-5s | %-28s | %-9s | %-28s | %s\n' stations zoom conns "HTTP tiles/s / p50 / p99 ms" \
  "mean size" "pgbench tps / p50 / p99 ms" "HTTP/pgbench"
for z in $ZOOMS; do
  out=$(wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency -s "$WORK/tiles.lua" "http://127.0.0.1:$PORT" -- "$WORK/tiles-z$z.csv")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(to_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")
  p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")
  errs=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  # Mean tile size over a sample of the same tiles (curl, sequentially).
  size=$(shuf -n 200 --random-source=<(yes) "$WORK/tiles-z$z.csv" | while IFS=, read -r tz tx ty; do
      curl -s -o /dev/null -w '%{size_download}\n' "http://127.0.0.1:$PORT/api/v1/tiles/stations/$tz/$tx/$ty.mvt"
    done | awk '{ s += $1 } END { printf "%.0f B", s / NR }')
  rm -f "$WORK"/pgbench_log.*
  pgout=$(cd "$WORK" && "$PGBENCH" -h 127.0.0.1 -p "$PGPORT" -U yizhan -n -M prepared -c "$CONNS" -j 1 -T "$DURATION" \
    -f "tile-z$z.sql" -l --log-prefix=pgbench_log yizhan 2>&1)
  tps=$(echo "$pgout" | awk '/^tps/ {printf "%.0f", $3}')
  read -r pg50 pg99 < <(cat "$WORK"/pgbench_log.* | awk '{print $3}' | sort -n | awk '{a[NR] = $1} END {
      printf "%.2f %.2f\n", a[int(NR * 0.50)] / 1000, a[int(NR * 0.99)] / 1000 }')
  ratio=$(awk -v h="$rps" -v p="$tps" 'BEGIN { printf "%.2f", (p > 0 ? h / p : 0) }')
  printf '%-8s | %-4s | %-5s | %-28s | %-9s | %-28s | %s%s\n' "$SIZE" "z$z" "$CONNS" "$rps / $p50 / $p99" "$size" \
    "$tps / $pg50 / $pg99" "$ratio" "${errs:+  ($errs non-2xx)}"
  echo "$SIZE $z $CONNS $rps $p50 $p99 $tps $pg50 $pg99 $ratio ${errs:-0}" >> "$WORK/tiles-results.txt"
done
echo "target: HTTP >= 0.5 x pgbench running the same tile SQL (2 cores shared by wrk, the JVM and PostgreSQL)"
