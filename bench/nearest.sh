#!/usr/bin/env bash
# Benchmark GET /api/v1/stations/nearest against the same SQL run straight through pgbench.
#
#   bench/nearest.sh [--stations N] [--duration S] [--connections "8 32"]
#
# Starts a private server (embedded PostGIS under target/bench-data), loads N synthetic stations over
# the Shanghai area through the CSV import API (default 100,000; --stations 1000000 for a million),
# then for each connection count runs wrk (random points, Lua) against HTTP and pgbench (random points,
# the server's own candidate query) against PostgreSQL, and prints rps, p50/p99 and the ratio
# HTTP/pgbench. Needs wrk and pgbench (installed with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

STATIONS=100000
DURATION=20
CONNS="8 32"
while [ $# -gt 0 ]; do
  case "$1" in
    --stations) STATIONS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --connections) CONNS="$2"; shift 2 ;;
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

[ -f target/yizhan.jar ] || ./yizhan build

WORK=target/bench
DATA="$WORK/data-$STATIONS"
mkdir -p "$WORK"
TOKEN="bench-admin-token-$(date +%s)"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)

fresh=0
[ -d "$DATA/pg" ] || fresh=1
echo "== starting server on port $PORT (data: $DATA)"
YIZHAN_DATA_DIR="$DATA" PORT="$PORT" YIZHAN_DEMO=false YIZHAN_ADMIN_TOKEN="$TOKEN" YIZHAN_HOST=127.0.0.1 \
  YIZHAN_ACCESS_LOG=OFF java -Xmx2g -jar target/yizhan.jar > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null 2>&1 && break
  kill -0 $SERVER 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 1
done

count=$(curl -sf "http://127.0.0.1:$PORT/api/v1/stations/nearest?lon=121.47&lat=31.23&limit=1&max_distance_m=50000" \
  | sed -n 's/.*"numberMatched":\([0-9]*\).*/\1/p')
if [ "$fresh" = 1 ] || [ "${count:-0}" -lt $((STATIONS * 9 / 10)) ]; then
  echo "== loading $STATIONS stations through POST /api/v1/stations/import (CSV, 100,000 per request)"
  start=$(date +%s.%N)
  batch=100000
  for ((off = 0; off < STATIONS; off += batch)); do
    n=$(( STATIONS - off < batch ? STATIONS - off : batch ))
    awk -v n="$n" -v off="$off" 'BEGIN {
      srand(off + 7);
      split("rest_station rest_station parking meal", kinds, " ");
      split("union_station driver_home party_service_center youth_home", cats, " ");
      split("microwave;wifi drinking_water;toilet microwave ebike_charging", ams, " ");
      split("24/7|Mo-Su 08:00-20:00|Mo-Fr 09:00-18:00|Mo-Su 18:00-02:00", hrs, "|");
      print "external_id,name,kind,category,lon,lat,amenities,opening_hours";
      for (i = 0; i < n; i++) {
        # Shanghai-sized area, denser towards the centre (sum of uniforms ~ bell shape).
        lon = 121.47 + (rand() + rand() + rand() - 1.5) * 0.45;
        lat = 31.23 + (rand() + rand() + rand() - 1.5) * 0.40;
        k = kinds[int(rand() * 4) + 1];
        c = (k == "rest_station") ? cats[int(rand() * 4) + 1] : "";
        a = (k == "parking") ? "ebike_charging" : ams[int(rand() * 4) + 1];
        printf "bench-%d,bench station %d,%s,%s,%.6f,%.6f,%s,%s\n", off + i, off + i, k, c, lon, lat, a, hrs[int(rand() * 4) + 1];
      }
    }' > "$WORK/stations.csv"
    curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/stations/import" -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: text/csv' --data-binary @"$WORK/stations.csv" | head -c 200; echo
  done
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v n="$STATIONS" 'BEGIN { printf "   import: %.1f s, %.0f stations/s\n", e - s, n / (e - s) }'
fi

PGPORT=$(sed -n 4p "$DATA/pg/postmaster.pid")
export PGPASSWORD; PGPASSWORD=$(cat "$DATA/pg.password")
PSQL=(psql -h 127.0.0.1 -p "$PGPORT" -U yizhan -d yizhan -qAt)
[ "$fresh" = 1 ] && "${PSQL[@]}" -c "VACUUM ANALYZE station" >/dev/null
echo "   stations in database: $("${PSQL[@]}" -c "SELECT count(*) FROM station WHERE deleted_at IS NULL")"

# wrk: a random point in the loaded area for every request.
cat > "$WORK/nearest.lua" <<'LUA'
math.randomseed(os.time())
request = function()
  local lon = 121.47 + (math.random() - 0.5) * 0.6
  local lat = 31.23 + (math.random() - 0.5) * 0.5
  return wrk.format("GET", string.format("/api/v1/stations/nearest?lon=%.6f&lat=%.6f&limit=10", lon, lat))
end
LUA

# pgbench: the statement the server runs for limit=10 (NearestRepository.CANDIDATES): k = 2 * limit + 20
# candidates in index order with ellipsoid distances, Feature JSON and bearing for the 10 nearest.
cat > "$WORK/nearest.sql" <<'SQL'
\set x random(0, 1000000)
\set y random(0, 1000000)
WITH c AS (
  SELECT s AS srow, s.id, s.status, s.opening_hours,
         ST_Distance(s.geog, ST_SetSRID(ST_MakePoint(121.17 + :x * 0.0000006, 30.98 + :y * 0.0000005), 4326)::geography, true) AS distance_m,
         s.geog <-> ST_SetSRID(ST_MakePoint(121.17 + :x * 0.0000006, 30.98 + :y * 0.0000005), 4326)::geography AS sphere_m
  FROM station s
  WHERE s.deleted_at IS NULL AND s.amenities @> '{}'::text[]
  ORDER BY s.geog <-> ST_SetSRID(ST_MakePoint(121.17 + :x * 0.0000006, 30.98 + :y * 0.0000005), 4326)::geography
  LIMIT 40
), ranked AS (
  SELECT c.*, row_number() OVER (ORDER BY c.distance_m, c.id) AS rn FROM c
)
SELECT id, status, opening_hours, distance_m, sphere_m,
       CASE WHEN rn <= 10 THEN station_feature(srow) END AS feature,
       CASE WHEN rn <= 10 THEN degrees(ST_Azimuth(ST_SetSRID(ST_MakePoint(121.17 + :x * 0.0000006, 30.98 + :y * 0.0000005), 4326)::geography, (srow).geog)) END AS bearing_deg
FROM ranked;
SQL

# Warm up both paths.
# The JIT needs about half a minute on 2 cores before latency settles.
wrk -t1 -c8 -d30s -s "$WORK/nearest.lua" "http://127.0.0.1:$PORT" >/dev/null

to_ms() { # wrk prints 1.23ms / 456.00us / 1.2s
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
                         else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
                         else { sub(/s$/, "", v); printf "%.2f", v * 1000 } }'
}

printf '\n%-6s | %-30s | %-30s | %s\n' conns "HTTP rps / p50 / p99 (ms)" "pgbench tps / p50 / p99 (ms)" "HTTP/pgbench"
results=()
for c in $CONNS; do
  out=$(wrk -t1 -c"$c" -d"${DURATION}s" --latency -s "$WORK/nearest.lua" "http://127.0.0.1:$PORT")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(to_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")
  p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")
  errs=$(echo "$out" | awk '/Non-2xx/ {print $4}')

  rm -f "$WORK"/pgbench_log.*
  pgout=$(cd "$WORK" && "$PGBENCH" -h 127.0.0.1 -p "$PGPORT" -U yizhan -n -M prepared -c "$c" -j 1 -T "$DURATION" \
    -f nearest.sql -l --log-prefix=pgbench_log yizhan 2>&1)
  tps=$(echo "$pgout" | awk '/^tps/ {printf "%.0f", $3}')
  read -r pg50 pg99 < <(cat "$WORK"/pgbench_log.* | awk '{print $3}' | sort -n | awk '{a[NR] = $1} END {
      printf "%.2f %.2f\n", a[int(NR * 0.50)] / 1000, a[int(NR * 0.99)] / 1000 }')
  ratio=$(awk -v h="$rps" -v p="$tps" 'BEGIN { printf "%.2f", h / p }')
  printf '%-6s | %-30s | %-30s | %s\n' "$c" "$rps / $p50 / $p99" "$tps / $pg50 / $pg99" "$ratio"
  [ -n "${errs:-}" ] && echo "       (wrk saw $errs non-2xx answers)"
  results+=("$c $rps $p50 $p99 $tps $pg50 $pg99 $ratio")
done

echo
echo "targets: ratio >= 0.5 and HTTP p99 <= 10 ms at 32 connections (2 cores shared by wrk, the JVM and PostgreSQL)"
printf '%s\n' "${results[@]}" > "$WORK/nearest-results.txt"
