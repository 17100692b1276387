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

need=()
command -v wrk >/dev/null || need+=(wrk)
[ -x /usr/lib/postgresql/15/bin/pgbench ] || need+=(postgresql-contrib)
if [ ${#need[@]} -gt 0 ]; then
  ./yizhan deps
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
PGBENCH=/usr/lib/postgresql/15/bin/pgbench
[ -f "$JAR" ] || ./yizhan build

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

to_ms() { # wrk prints 1.23ms / 456.00us / 1.2s
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
                         else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
                         else { sub(/s$/, "", v); printf "%.2f", v * 1000 } }'
}

# run_pair LABEL CONNS LUA POINTS SQL: one wrk run and one pgbench run; prints a row.
run_pair() {
  local label=$1 c=$2 lua=$3 pts=$4 sql=$5 out rps p50 p99 errs pgout tps pg50 pg99 ratio
  out=$(wrk -t1 -c"$c" -d"${DURATION}s" --latency -s "$lua" "http://127.0.0.1:$PORT" -- "$pts")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(to_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")
  p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")
  errs=$(echo "$out" | awk '/Non-2xx/ {print $4}')
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
# The JVM options ./yizhan run uses.
JAVA_DEFAULTS=$(sed -n 's/^JAVA_DEFAULTS="\(.*\)"$/\1/p' yizhan)

for SIZE in $SIZES; do
  DATA="$WORK/nat-$SIZE"
  rm -rf "$DATA"
  TOKEN="bench-admin-token-$(date +%s)"
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
  echo "== $SIZE stations: starting $JAR on port $PORT ($DATA)"
  # shellcheck disable=SC2086
  MALLOC_ARENA_MAX=2 YIZHAN_DATA_DIR="$DATA" PORT="$PORT" YIZHAN_DEMO=false YIZHAN_ADMIN_TOKEN="$TOKEN" YIZHAN_HOST=127.0.0.1 \
    YIZHAN_ACCESS_LOG=OFF java $JAVA_DEFAULTS -jar "$JAR" > "$WORK/server-$SIZE.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null 2>&1 && break
    kill -0 $SERVER 2>/dev/null || { cat "$WORK/server-$SIZE.log"; exit 1; }
    sleep 1
  done

  start=$(date +%s.%N)
  for ((off = 0; off < SIZE; off += 100000)); do
    n=$(( SIZE - off < 100000 ? SIZE - off : 100000 ))
    awk -F'\t' -v n="$n" -v offset="$off" -v seed=1 -f bench/national-stations.awk "$CITIES" > "$WORK/stations.csv"
    curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/stations/import" -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: text/csv' --data-binary @"$WORK/stations.csv" > "$WORK/import.json" \
      || { echo "import failed"; cat "$WORK/import.json"; exit 1; }
  done
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v n="$SIZE" 'BEGIN { printf "   import: %.1f s, %.0f stations/s (generation included)\n", e - s, n / (e - s) }'

  PGPORT=$(sed -n 4p "$DATA/pg/postmaster.pid")
  export PGPASSWORD; PGPASSWORD=$(cat "$DATA/pg.password")
  PSQL=(psql -h 127.0.0.1 -p "$PGPORT" -U yizhan -d yizhan -qAt)
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
