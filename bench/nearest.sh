#!/usr/bin/env bash
# Riders' nearest search and the map's viewport listing, at national sizes, next to plain PostGIS.
#
#   bench/nearest.sh [--sizes "10000 100000 1000000"] [--duration S] [--connections "8 32"] [--jar PATH]
#
# For each size: starts a fresh server (embedded PostGIS under target/bench/nat-<size>, the JVM options
# of ./yizhan run), imports that many synthetic stations over China (bench/national-stations.awk) through
# POST /api/v1/stations/import in requests of 100,000, and then, with no manual ANALYZE:
#   - nearest: wrk at each connection count, query points drawn uniformly over the whole loaded area and
#     around dense city centres (bench/query-points.awk), each request with a filter from the mix
#     none / kind / status / amenity / open_now; next to pgbench running the canonical KNN query
#     (GiST <-> order, geodesic ST_Distance, status = 'open', LIMIT 10) on the same points and data;
#   - listing: a ~2 km bbox around dense points, limit 50, next to pgbench of the bare bbox query;
#   - the server's resident memory (RSS now, and its peak).
# Prints rps, p50/p99 and the ratio HTTP/pgbench. Needs wrk and pgbench (installed when missing).
# --jar runs another build (say the previous commit's) for before/after figures.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES="10000 100000 1000000"
DURATION=20
CONNS="8 32"
JAR=target/yizhan.jar
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
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
for mode in uniform dense; do
  awk -F'\t' -v n=$POINTS -v mode=$mode -v seed=11 -f bench/query-points.awk "$CITIES" > "$WORK/points-$mode.csv"
done

# wrk: points from a file (the same ones pgbench reads), a filter from the mix for each request.
cat > "$WORK/nearest.lua" <<'LUA'
local points = {}
local mix = {"", "&kind=rest_station", "&status=open", "&amenity=microwave", "&open_now=true"}
init = function(args)
  for line in io.lines(args[1]) do
    local lon, lat = line:match("([^,]+),([^,]+)")
    points[#points + 1] = {lon, lat}
  end
end
request = function()
  local p = points[math.random(#points)]
  return wrk.format("GET", "/api/v1/stations/nearest?lon=" .. p[1] .. "&lat=" .. p[2] .. "&limit=10" .. mix[math.random(#mix)])
end
LUA
cat > "$WORK/listing.lua" <<'LUA'
local points = {}
init = function(args)
  for line in io.lines(args[1]) do
    local lon, lat = line:match("([^,]+),([^,]+)")
    points[#points + 1] = {tonumber(lon), tonumber(lat)}
  end
end
request = function()
  local p = points[math.random(#points)]
  return wrk.format("GET", string.format("/api/v1/stations?bbox=%.6f,%.6f,%.6f,%.6f&limit=50",
    p[1] - 0.0105, p[2] - 0.009, p[1] + 0.0105, p[2] + 0.009))
end
LUA
# The canonical nearest query, as a PostGIS user would write it (the index is partial on live rows).
for mode in uniform dense; do
  cat > "$WORK/canonical-$mode.sql" <<SQL
\set i random(1, $POINTS)
SELECT s.id, ST_Distance(s.geog, p.g, true) AS distance_m
FROM (SELECT ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography AS g FROM bench_point_$mode WHERE i = :i) p
CROSS JOIN LATERAL (
  SELECT id, geog FROM station s WHERE s.deleted_at IS NULL AND s.status = 'open'
  ORDER BY s.geog <-> p.g LIMIT 10) s;
SQL
done
cat > "$WORK/bbox.sql" <<SQL
\set i random(1, $POINTS)
SELECT s.* FROM bench_point_dense p JOIN station s
  ON s.deleted_at IS NULL AND s.geom && ST_MakeEnvelope(p.lon - 0.0105, p.lat - 0.009, p.lon + 0.0105, p.lat + 0.009, 4326)
WHERE p.i = :i LIMIT 50;
SQL

# run_pair LABEL CONNS LUA POINTS SQL: one wrk run and one pgbench run; prints a row.
run_pair() {
  local label=$1 c=$2 lua=$3 pts=$4 sql=$5 out rps p50 p99 errs pgout tps pg50 pg99 ratio
  out=$(wrk -t1 -c"$c" -d"${DURATION}s" --latency -s "$lua" "http://127.0.0.1:$PORT" -- "$pts")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(to_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")
  p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")
  errs=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  rm -f "$WORK"/pgbench_log.*
  pgout=$(cd "$WORK" && "$PGBENCH" -h 127.0.0.1 -p "$PGPORT" -U yizhan -n -M prepared -c "$c" -j 1 -T "$DURATION" \
    -f "$sql" -l --log-prefix=pgbench_log yizhan 2>&1)
  tps=$(echo "$pgout" | awk '/^tps/ {printf "%.0f", $3}')
  read -r pg50 pg99 < <(cat "$WORK"/pgbench_log.* | awk '{print $3}' | sort -n | awk '{a[NR] = $1} END {
      printf "%.2f %.2f\n", a[int(NR * 0.50)] / 1000, a[int(NR * 0.99)] / 1000 }')
  ratio=$(awk -v h="$rps" -v p="$tps" 'BEGIN { printf "%.2f", (p > 0 ? h / p : 0) }')
  printf '%-8s | %-16s | %-5s | %-26s | %-26s | %s%s\n' "$SIZE" "$label" "$c" "$rps / $p50 / $p99" \
    "$tps / $pg50 / $pg99" "$ratio" "${errs:+  ($errs non-2xx)}"
  echo "$SIZE $label $c $rps $p50 $p99 $tps $pg50 $pg99 $ratio ${errs:-0}" >> "$WORK/nearest-results.txt"
}

: > "$WORK/nearest-results.txt"
SERVER=""
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; wait 2>/dev/null || true' EXIT

for SIZE in $SIZES; do
  DATA="$WORK/nat-$SIZE"
  bench_start "$DATA" "$WORK/server-$SIZE.log"
  bench_import "$SIZE" "$WORK"
  bench_psql "$DATA"
  for mode in uniform dense; do
    "${PSQL[@]}" -c "CREATE TABLE bench_point_$mode (i int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, lon float8, lat float8)"
    "${PSQL[@]}" -c "\\copy bench_point_$mode (lon, lat) FROM '$WORK/points-$mode.csv' WITH (FORMAT csv)"
  done
  echo "   stations in database: $("${PSQL[@]}" -c "SELECT count(*) FROM station WHERE deleted_at IS NULL")," \
    "last analysed: $("${PSQL[@]}" -c "SELECT coalesce(last_analyze::text, 'never') FROM pg_stat_user_tables WHERE relname = 'station'")"

  # The JIT needs about half a minute on 2 cores before latency settles.
  wrk -t1 -c8 -d20s -s "$WORK/nearest.lua" "http://127.0.0.1:$PORT" -- "$WORK/points-dense.csv" >/dev/null

  printf '\n%-8s | %-16s | %-5s | %-26s | %-26s | %s\n' stations query conns "HTTP rps / p50 / p99 ms" \
    "pgbench tps / p50 / p99 ms" "HTTP/pgbench"
  for mode in uniform dense; do
    for c in $CONNS; do
      run_pair "nearest $mode" "$c" "$WORK/nearest.lua" "$WORK/points-$mode.csv" "canonical-$mode.sql"
    done
  done
  for c in $CONNS; do
    run_pair "listing 2 km" "$c" "$WORK/listing.lua" "$WORK/points-dense.csv" "bbox.sql"
  done
  rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' /proc/$SERVER/status)
  hwm=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' /proc/$SERVER/status)
  echo "   server RSS: $rss MB now, $hwm MB peak (import included)"
  echo "$SIZE rss $rss $hwm" >> "$WORK/nearest-results.txt"
  echo
  kill $SERVER; wait $SERVER 2>/dev/null || true; SERVER=""
done

echo "targets: HTTP >= 0.5 x canonical pgbench at 32 connections; p99 <= 15 ms at 8; rps at 1 M >= 0.8 x rps at 10 k;"
echo "         RSS <= 300 MB at 1 M; listing >= 0.4 x the bare bbox query (2 cores shared by wrk, the JVM and PostgreSQL)"
