#!/usr/bin/env bash
# Benchmark the coverage endpoints on the demo city (Shanghai outline 310000, 16 districts, 60,000 orders).
#
#   bench/coverage.sh [--stations "2000 20000"] [--radius M] [--minutes 15] [--no-time]
#
# By travel time first (docs/routing.md), on the demo stations (all open ones): the demo network
# (~6,000 edges), then a real-size synthetic grid of ~200,000 edges (bench/road-grid.py) imported through
# POST /networks/import in place of it (cold = right after the import, no manual ANALYZE):
#   GET  /coverage/districts?parent=310000&mode=ebike&minutes=M  cold, after touching a station (no start
#                                                                moves), after adding one at a new vertex (twice), warm
#   GET  /coverage?region=310000&mode=ebike&minutes=M            (reuses the districts' analysis) and warm
#   GET  /coverage/grid by time over the city bbox, cell_m=1000   first call and median of 3
#   POST /coverage/suggestions by time count=10                   first call and median of 3
#   POST /coverage/what-if by time adding the 10 suggested sites  first call and median of 3
#   POST /coverage/suggestions by time for microwave stations     first call and median of 3
# Then by radius:
# Starts a private server with YIZHAN_DEMO=true (embedded PostGIS under target/bench/coverage-data,
# deleted first, so every run starts from the same demo city), warms the JVM up on the demo stations,
# then for each station count N replaces every station with N open rest stations drawn uniformly over
# the city's land (SQL, rejection sampling inside the region; the statement trigger moves the data
# version, so the answer cache is cold afterwards) and times with curl:
#   GET  /coverage?region=310000          cold (first call after the write) and warm (median of 5);
#                                         a second cold call after touching one station
#   GET  /coverage/districts?parent=310000  cold and warm (median of 5)
#   GET  /coverage/grid over the city bbox, cell_m=500  first call and median of 5 (no answer cache)
#   POST /coverage/suggestions count=10   first call and median of 3 (no answer cache)
# and prints one table plus the server's own computed_ms for the cold /coverage calls.
# Needs curl and psql (postgresql-client, installed with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

STATION_COUNTS="2000 20000"
RADIUS=1000
MINUTES=15
TIME=true
while [ $# -gt 0 ]; do
  case "$1" in
    --stations) STATION_COUNTS="$2"; shift 2 ;;
    --radius) RADIUS="$2"; shift 2 ;;
    --minutes) MINUTES="$2"; shift 2 ;;
    --no-time) TIME=false; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

need=()
command -v psql >/dev/null || need+=(postgresql-client)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  ./yizhan deps
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

[ -f target/yizhan.jar ] || ./yizhan build

WORK=target/bench
DATA="$WORK/coverage-data"
OUT="$WORK/coverage-out"
CITY=310000
rm -rf "$DATA" "$OUT"
mkdir -p "$WORK" "$OUT"
TOKEN="bench-admin-token-$(date +%s)"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18081)
BASE="http://127.0.0.1:$PORT/api/v1"

echo "== starting server on port $PORT with the demo city (data: $DATA)"
# The per-client rate limits off: this script is one client timing repeated heavy requests.
YIZHAN_DATA_DIR="$DATA" PORT="$PORT" YIZHAN_DEMO=true YIZHAN_ADMIN_TOKEN="$TOKEN" YIZHAN_HOST=127.0.0.1 \
  YIZHAN_ACCESS_LOG=OFF YIZHAN_RATE_LIMIT=0 YIZHAN_HEAVY_RATE_LIMIT=0 java -Xmx2g -jar target/yizhan.jar > "$WORK/coverage-server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null 2>&1 && break
  kill -0 $SERVER 2>/dev/null || { cat "$WORK/coverage-server.log"; exit 1; }
  sleep 1
done
curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null || { echo "server not ready after 120 s" >&2; exit 1; }

PGPORT=$(sed -n 4p "$DATA/pg/postmaster.pid")
export PGPASSWORD; PGPASSWORD=$(cat "$DATA/pg.password")
PSQL=(psql -h 127.0.0.1 -p "$PGPORT" -U yizhan -d yizhan -qAt -v ON_ERROR_STOP=1)

# The city's bounding box (minLon,minLat,maxLon,maxLat) from its outline: grid extent and sampling box.
CITY_BBOX=$("${PSQL[@]}" -c "SELECT concat_ws(',', ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom))
                             FROM region WHERE code = '$CITY'")
[ -n "$CITY_BBOX" ] || { echo "region $CITY missing: did the demo city load?" >&2; exit 1; }
echo "   city $CITY bbox $CITY_BBOX; demand points: $("${PSQL[@]}" -c "SELECT count(*) FROM demand_point")"

# --- measuring helpers ------------------------------------------------------------------------------
# call NAME METHOD URL [JSON]: one request; body in $OUT/NAME.json; sets CODE, MS, BYTES.
call() {
  local name="$1" method="$2" url="$3" body="${4:-}" w
  if [ "$method" = POST ]; then
    w=$(curl -s -o "$OUT/$name.json" -w '%{http_code} %{time_total} %{size_download}' -X POST \
      -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" --data "$body" "$url" || echo "000 0 0")
  else
    w=$(curl -s -o "$OUT/$name.json" -w '%{http_code} %{time_total} %{size_download}' "$url" || echo "000 0 0")
  fi
  read -r CODE MS BYTES <<< "$w"
  MS=$(awk -v t="$MS" 'BEGIN { printf "%.1f", t * 1000 }')
  if [ "${CODE:0:1}" != 2 ]; then
    ERRORS+=("$name: HTTP $CODE $(head -c 300 "$OUT/$name.json" 2>/dev/null)")
  fi
}
# field NAME KEY: the first "KEY":value in the last body of NAME (top-level keys here are unique enough).
field() { grep -o "\"$2\":[^,}]*" "$OUT/$1.json" 2>/dev/null | head -1 | cut -d: -f2- | tr -d '"' || true; }
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# repeat N NAME METHOD URL [JSON]: N calls; WARM = median ms; CACHED = the cached flags seen.
repeat() {
  local n="$1"; shift
  local times=() flags=()
  for _ in $(seq 1 "$n"); do
    call "$@"
    times+=("$MS")
    flags+=("$(field "$1" cached)")
  done
  WARM=$(median "${times[@]}")
  CACHED=$(printf '%s\n' "${flags[@]}" | sort -u | paste -sd/ -)
}
kb() { awk -v b="$1" 'BEGIN { printf "%.0f KB", b / 1024 }'; }

ROWS=()
COLD_COMPUTED=()
ERRORS=()
row() { ROWS+=("$(printf '%-9s | %-28s | %-15s | %-9s | %s' "$1" "$2" "$3" "$4" "$5")"); }

# The grid over the whole city at 500 m may exceed the server's cell limit (50,000): then the answer is
# a 400, reported, and the grid is also timed at the smallest of these cell sizes the server accepts.
GRID_CELLS="500 525 550 600 700 1000"

# Warm the JVM (class loading, JIT) on the demo stations, so "cold" below means a cold answer cache.
echo "== warming up on the demo stations"
call warmup-cov GET "$BASE/coverage?region=$CITY&kind=rest_station&radius_m=$RADIUS"
echo "   /coverage first ever call: $MS ms (HTTP $CODE, computed_ms $(field warmup-cov computed_ms))"
call warmup-dis GET "$BASE/coverage/districts?parent=$CITY&kind=rest_station&radius_m=$RADIUS"
for cell in $GRID_CELLS; do
  call warmup-grid GET "$BASE/coverage/grid?bbox=$CITY_BBOX&cell_m=$cell&max_m=3000&kind=rest_station"
  [ "$CODE" = 200 ] && break
done
call warmup-sug POST "$BASE/coverage/suggestions" \
  "{\"region\":\"$CITY\",\"kind\":\"rest_station\",\"radius_m\":$RADIUS,\"count\":10}"
ERRORS=()  # the grid's 400 at 500 m is reported below, per station count

# time_rows LABEL: the travel-time rows for the network now loaded (the answer cache is cold for it).
time_rows() {
  local label="$1" q="mode=ebike&minutes=$MINUTES" url body sites
  url="$BASE/coverage/districts?parent=$CITY&$q"
  call tdis GET "$url"
  local c1=$MS s1; s1=$(field tdis computed_ms)
  repeat 5 tdis GET "$url"; local w=$WARM wf=$CACHED
  "${PSQL[@]}" -c "UPDATE station SET updated_at = now() WHERE id = (SELECT min(id) FROM station)" >/dev/null
  call tdis GET "$url"
  local c2=$MS s2; s2=$(field tdis computed_ms)
  # Two new open stations, one after the other, each at a vertex no station starts from (none within
  # 300 m), the nearest such to the city centre: each a start added to the cached reach.
  local at adds="" sadds=""
  for k in 1 2; do
    at=$("${PSQL[@]}" -c "SELECT ST_X(v.geom) || ',' || ST_Y(v.geom) FROM road_vertex v
        WHERE NOT EXISTS (SELECT 1 FROM station s WHERE ST_DWithin(s.geog, v.geom::geography, 300))
        ORDER BY v.geom <-> ST_SetSRID(ST_MakePoint(121.47, 31.23), 4326) LIMIT 1")
    call tnew POST "$BASE/stations" "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[$at]},\"properties\":{\"kind\":\"rest_station\",\"category\":\"union_station\",\"name\":\"bench new station $k\"}}"
    call tdis GET "$url"
    adds="$adds / $MS"; sadds="$sadds / $(field tdis computed_ms)"
  done
  row "$label" "/coverage/districts by time" "$c1 / $c2$adds" "$w" "computed_ms $s1 / $s2$sadds (cold / after touching a station / after adding one, twice; warm cached $wf)"
  url="$BASE/coverage?region=$CITY&$q"
  call tcov GET "$url"
  local c=$MS; local sc; sc=$(field tcov computed_ms)
  local share; share=$(field tcov covered_share); local dshare; dshare=$(field tcov demand_share)
  local n; n=$(field tcov stations_considered)
  repeat 5 tcov GET "$url"
  row "$label" "/coverage by time" "$c" "$WARM" "computed_ms $sc (the districts' analysis); covered $share, demand $dshare, $n stations"
  url="$BASE/coverage/grid?bbox=$CITY_BBOX&cell_m=1000&$q"
  call tgrid GET "$url"
  c=$MS; sc=$(field tgrid computed_ms); local cells; cells=$(field tgrid numberReturned)
  repeat 3 tgrid GET "$url"
  row "$label" "/coverage/grid by time 1 km" "$c" "$WARM" "$cells cells, computed_ms $sc (first call)"
  body="{\"region\":\"$CITY\",\"mode\":\"ebike\",\"minutes\":$MINUTES,\"count\":10}"
  call tsug POST "$BASE/coverage/suggestions" "$body"
  c=$MS; sc=$(field tsug computed_ms); local ns; ns=$(field tsug numberReturned)
  local last; last=$(grep -o '"demand_covered_cumulative":[0-9.]*' "$OUT/tsug.json" | tail -1 | cut -d: -f2 || true)
  local before; before=$(field tsug demand_covered_before)
  repeat 3 tsug POST "$BASE/coverage/suggestions" "$body"
  row "$label" "POST suggestions by time" "$c" "$WARM" "count=10: $ns sites, computed_ms $sc; demand covered $before -> ${last:-?}"
  sites=$(python3 -c 'import json,sys; print(json.dumps([f["geometry"]["coordinates"] for f in json.load(open(sys.argv[1]))["features"]]))' "$OUT/tsug.json" 2>/dev/null || echo '[]')
  body="{\"region\":\"$CITY\",\"mode\":\"ebike\",\"minutes\":$MINUTES,\"add\":$sites}"
  call twif POST "$BASE/coverage/what-if" "$body"
  c=$MS
  local after; after=$(grep -o '"demand_covered":[0-9.]*' "$OUT/twif.json" | tail -1 | cut -d: -f2 || true)
  repeat 3 twif POST "$BASE/coverage/what-if" "$body"
  row "$label" "POST what-if by time" "$c" "$WARM" "the suggested sites added: after.demand_covered ${after:-?}"
  # A planner's narrower question, with gaps where all stations leave none: sites for microwave stations.
  body="{\"region\":\"$CITY\",\"mode\":\"ebike\",\"minutes\":$MINUTES,\"count\":10,\"amenity\":\"microwave\"}"
  call tsugm POST "$BASE/coverage/suggestions" "$body"
  c=$MS; sc=$(field tsugm computed_ms); ns=$(field tsugm numberReturned)
  last=$(grep -o '"demand_covered_cumulative":[0-9.]*' "$OUT/tsugm.json" | tail -1 | cut -d: -f2 || true)
  before=$(field tsugm demand_covered_before)
  repeat 3 tsugm POST "$BASE/coverage/suggestions" "$body"
  row "$label" "POST suggestions, microwave" "$c" "$WARM" "count=10: $ns sites, computed_ms $sc; demand covered $before -> ${last:-?}"
}

if [ "$TIME" = true ]; then
  edges=$("${PSQL[@]}" -c "SELECT count(*) FROM road_edge")
  open=$("${PSQL[@]}" -c "SELECT count(*) FROM station WHERE deleted_at IS NULL AND status = 'open'")
  echo "== by travel time ($MINUTES min e-bike), demo network: $edges edges, $open open stations"
  time_rows "demo $((edges / 1000))k"
  echo "== a real-size synthetic network (bench/road-grid.py) imported in place of the demo network"
  python3 bench/road-grid.py > "$OUT/road-grid.json"
  w=$(curl -s -o "$OUT/import.json" -w '%{http_code} %{time_total}' -X POST -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $TOKEN" --data-binary @"$OUT/road-grid.json" \
    "$BASE/networks/import?name=demo-synthetic&synthetic=true")
  read -r CODE MS <<< "$w"
  [ "$CODE" = 200 ] || { echo "network import: HTTP $CODE $(head -c 300 "$OUT/import.json")" >&2; exit 1; }
  edges=$("${PSQL[@]}" -c "SELECT count(*) FROM road_edge")
  echo "   imported in $MS s: $(head -c 200 "$OUT/import.json")"
  time_rows "grid $((edges / 1000))k"
fi

for N in $STATION_COUNTS; do
  echo "== $N open rest stations over the city's land"
  # Everything else goes (audit rows reference stations), then N uniform points inside the outline.
  "${PSQL[@]}" >/dev/null <<SQL
DELETE FROM audit_event;
DELETE FROM station_checkin;
DELETE FROM station_report;
DELETE FROM station;
SELECT setseed(0.42);
INSERT INTO station (external_id, kind, category, name, status, geom)
SELECT 'coverage-bench-' || i, 'rest_station',
       (ARRAY['union_station', 'driver_home', 'party_service_center', 'youth_home'])[1 + i % 4],
       'coverage bench station ' || i, 'open', p
FROM (
  SELECT row_number() OVER () AS i, p
  FROM (SELECT ST_SetSRID(ST_MakePoint(ST_XMin(r.geom) + random() * (ST_XMax(r.geom) - ST_XMin(r.geom)),
                                       ST_YMin(r.geom) + random() * (ST_YMax(r.geom) - ST_YMin(r.geom))), 4326) AS p,
               r.geom AS city
        FROM region r, generate_series(1, $N * 5) WHERE r.code = '$CITY') c
  WHERE ST_Intersects(city, p)
  LIMIT $N
) s;
VACUUM ANALYZE station;
SQL
  have=$("${PSQL[@]}" -c "SELECT count(*) FROM station WHERE deleted_at IS NULL AND status = 'open' AND kind = 'rest_station'")
  all=$("${PSQL[@]}" -c "SELECT count(*) FROM station")
  echo "   stations: $all in the table, $have open rest stations"
  [ "$have" = "$N" ] && [ "$all" = "$N" ] || { echo "expected exactly $N stations" >&2; exit 1; }

  # /coverage: cold, warm x5, then a second cold after touching one station.
  url="$BASE/coverage?region=$CITY&kind=rest_station&radius_m=$RADIUS"
  call cov GET "$url"
  c1=$MS; c1srv=$(field cov computed_ms); c1flag=$(field cov cached); c1bytes=$BYTES
  share=$(field cov covered_share); dshare=$(field cov demand_share); gaps=$(field cov gaps_total)
  considered=$(field cov stations_considered)
  repeat 5 cov GET "$url"; w=$WARM; wflags=$CACHED
  "${PSQL[@]}" -c "UPDATE station SET updated_at = now() WHERE id = (SELECT min(id) FROM station)" >/dev/null
  call cov GET "$url"
  c2=$MS; c2srv=$(field cov computed_ms); c2flag=$(field cov cached)
  row "$N" "/coverage" "$c1 / $c2" "$w" "computed_ms $c1srv / $c2srv (cached $c1flag/$c2flag, warm $wflags); covered $share, demand $dshare, $gaps gaps, $considered stations, $(kb "$c1bytes")"
  COLD_COMPUTED+=("$N stations: /coverage cold computed_ms = $c1srv, $c2srv (curl $c1 / $c2 ms)")

  # /coverage/districts: cold (the write above invalidated it too) and warm x5.
  url="$BASE/coverage/districts?parent=$CITY&kind=rest_station&radius_m=$RADIUS"
  call dis GET "$url"
  dc=$MS; dsrv=$(field dis computed_ms); dflag=$(field dis cached); dbytes=$BYTES
  ndis=$(grep -o '"code":"[0-9]*"' "$OUT/dis.json" | grep -vc "\"$CITY\"" || true)
  repeat 5 dis GET "$url"
  row "$N" "/coverage/districts" "$dc" "$WARM" "computed_ms $dsrv (cached $dflag, warm $CACHED); $ndis districts, $(kb "$dbytes")"

  # /coverage/grid over the city bbox: no answer cache, so "cold" is the first call, warm the median of 5.
  for cell in $GRID_CELLS; do
    url="$BASE/coverage/grid?bbox=$CITY_BBOX&cell_m=$cell&max_m=3000&kind=rest_station"
    call grid GET "$url"
    if [ "$CODE" != 200 ]; then
      row "$N" "/coverage/grid cell_m=$cell" "$MS" "-" "HTTP $CODE: $(field grid message)"
      continue
    fi
    gc=$MS; gbytes=$BYTES; cells=$(field grid numberReturned); gsrv=$(field grid computed_ms)
    repeat 5 grid GET "$url"
    row "$N" "/coverage/grid cell_m=$cell" "$gc" "$WARM" "$cells cells, $(kb "$gbytes") body, computed_ms $gsrv (first call)"
    break
  done

  # /coverage/suggestions: computed afresh on every call (no answer cache).
  body="{\"region\":\"$CITY\",\"kind\":\"rest_station\",\"radius_m\":$RADIUS,\"count\":10}"
  call sug POST "$BASE/coverage/suggestions" "$body"
  sc=$MS; ssrv=$(field sug computed_ms); nsug=$(field sug numberReturned)
  before=$(field sug demand_covered_before); total=$(field sug demand_total)
  last=$(grep -o '"demand_share_cumulative":[0-9.]*' "$OUT/sug.json" | tail -1 | cut -d: -f2 || true)
  repeat 3 sug POST "$BASE/coverage/suggestions" "$body"
  row "$N" "POST /coverage/suggestions" "$sc" "$WARM" "count=10: $nsug sites, computed_ms $ssrv; demand covered $before of $total -> share ${last:-?} with the sites"
done

echo
printf '%-9s | %-28s | %-15s | %-9s | %s\n' stations endpoint "cold ms" "warm ms" notes
printf '%s\n' "${ROWS[@]}"
echo
[ "$TIME" = true ] && echo "by time: e-bike $MINUTES min, all open stations; cold = first answer on a new network / after a write"
echo "radius ${RADIUS} m, kind=rest_station, status open; warm = median of 5 (suggestions: of 3); times are curl time_total"
printf '%s\n' "${COLD_COMPUTED[@]}"
if [ ${#ERRORS[@]} -gt 0 ]; then
  echo "non-200 answers:"
  printf '  %s\n' "${ERRORS[@]}"
fi
echo
echo "targets at 2,000 stations: /coverage <= 300 ms cold, <= 20 ms warm; 10 suggestions <= 2 s"
printf '%s\n' "${ROWS[@]}" > "$WORK/coverage-results.txt"
