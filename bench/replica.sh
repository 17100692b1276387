#!/usr/bin/env bash
# Scale-out on PostgreSQL itself: riders' nearest search served by one and by two stateless instances
# that read a streaming replica (docs/scale.md).
#
#   bench/replica.sh [--size N] [--duration S] [--connections C] [--jar PATH]
#
# Starts a server on a fresh embedded cluster (the primary) and imports N synthetic stations through the
# API; makes a streaming replica of it with pg_basebackup -R on a second port; starts two more instances
# with DATABASE_URL = the primary and YIZHAN_REPLICA_URLS = the replica. Then wrk (nearest, the mix of
# filters of bench/nearest.sh, dense points) against: the primary-only server; one replica-reading
# instance; both replica-reading instances at once (C connections each, the figures summed), and prints
# rps, p50/p99 and the share of reads each instance sent to the replica (from Yizhan-Read-From).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE=100000
DURATION=20
CONNS=16
JAR=target/yizhan.jar
while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --connections) CONNS="$2"; shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_tools

WORK=target/bench/replica
mkdir -p "$WORK"
PIDS=()
REPLICA_DIR=""
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$REPLICA_DIR" ] && [ -f "$REPLICA_DIR/data/postmaster.pid" ]; then
    as_pg /usr/lib/postgresql/15/bin/pg_ctl -D "$REPLICA_DIR/data" -m fast -w stop >/dev/null || true
  fi
  [ -n "$REPLICA_DIR" ] && rm -rf "$REPLICA_DIR"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

DATA="$(pwd)/$WORK/primary"
bench_start "$DATA" "$WORK/primary.log"
PIDS+=("$SERVER")
PRIMARY_PORT=$PORT
bench_import "$SIZE" "$WORK"
bench_psql "$DATA"

REPLICA_DIR="$(pwd)/$WORK/standby"
rm -rf "$REPLICA_DIR"; mkdir -p "$REPLICA_DIR"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$REPLICA_DIR"
REPLICA_PORT=$(free_port)
as_pg env PGPASSWORD="$PGPASSWORD" /usr/lib/postgresql/15/bin/pg_basebackup -h 127.0.0.1 -p "$PGPORT" -U yizhan \
  -D "$REPLICA_DIR/data" -R -X stream -c fast
as_pg /usr/lib/postgresql/15/bin/pg_ctl -D "$REPLICA_DIR/data" -l "$REPLICA_DIR/pg.log" -w \
  -o "-p $REPLICA_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start >/dev/null
echo "   streaming replica on port $REPLICA_PORT"

java_defaults=$(sed -n 's/^JAVA_DEFAULTS="\(.*\)"$/\1/p' yizhan)
INSTANCE_PORTS=()
for n in 1 2; do
  port=$(free_port)
  # shellcheck disable=SC2086
  MALLOC_ARENA_MAX=2 PORT="$port" YIZHAN_DEMO=false YIZHAN_ADMIN_TOKEN="$TOKEN" YIZHAN_HOST=127.0.0.1 YIZHAN_ACCESS_LOG=OFF \
    YIZHAN_RATE_LIMIT=0 YIZHAN_HEAVY_RATE_LIMIT=0 \
    DATABASE_URL="postgresql://yizhan:$PGPASSWORD@127.0.0.1:$PGPORT/yizhan" \
    YIZHAN_REPLICA_URLS="postgresql://yizhan:$PGPASSWORD@127.0.0.1:$REPLICA_PORT/yizhan" \
    java $java_defaults -jar "$JAR" > "$WORK/instance-$n.log" 2>&1 &
  PIDS+=("$!")
  INSTANCE_PORTS+=("$port")
done
for port in "${INSTANCE_PORTS[@]}"; do
  for _ in $(seq 1 120); do
    [ "$(curl -s -o /dev/null -D - "http://127.0.0.1:$port/api/v1/stations/nearest?lon=121.47&lat=31.23" \
      | tr -d '\r' | awk -F': ' 'tolower($1) == "yizhan-read-from" {print $2}')" = replica-1 ] && break
    sleep 1
  done
done

awk -F'\t' -v n=100000 -v mode=dense -v seed=11 -f bench/query-points.awk bench/china-cities.tsv > "$WORK/points.csv"
cat > "$WORK/nearest.lua" <<'LUA'
local points = {}
local mix = {"", "&kind=rest_station", "&status=open", "&amenity=microwave", "&open_now=true"}
replica, total = 0, 0
local threads = {}
setup = function(thread) table.insert(threads, thread) end
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
response = function(status, headers, body)
  total = total + 1
  for k, v in pairs(headers) do
    if k:lower() == "yizhan-read-from" and v == "replica-1" then replica = replica + 1 end
  end
end
done = function(summary, latency, requests)
  -- done runs in its own Lua state: the counts live in the threads'.
  replica, total = 0, 0
  for _, t in ipairs(threads) do
    replica = replica + t:get("replica")
    total = total + t:get("total")
  end
  io.write(string.format("replica-share %.3f\n", total > 0 and replica / total or 0))
end
LUA

# run PORT: wrk for DURATION; prints "rps p50 p99 non2xx replica-share".
run() {
  local out
  out=$(wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency -s "$WORK/nearest.lua" "http://127.0.0.1:$1" -- "$WORK/points.csv")
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
    "$(to_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")" \
    "$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")" \
    "$(echo "$out" | awk '/Non-2xx/ {n = $NF} END {print n + 0}')" \
    "$(echo "$out" | awk '/replica-share/ {print $2}')"
}

# Warm the JIT of every JVM (about half a minute on 2 cores).
for port in "$PRIMARY_PORT" "${INSTANCE_PORTS[@]}"; do
  wrk -t1 -c8 -d15s -s "$WORK/nearest.lua" "http://127.0.0.1:$port" -- "$WORK/points.csv" >/dev/null
done

printf '\n%-8s | %-34s | %-28s | %-7s | %s\n' stations setup "rps / p50 / p99 ms" non-2xx "replica share"
row() { printf '%-8s | %-34s | %-28s | %-7s | %s\n' "$SIZE" "$1" "$2 / $3 / $4" "$5" "$6"; }
read -r rps p50 p99 bad share < <(run "$PRIMARY_PORT")
row "1 instance, primary only" "$rps" "$p50" "$p99" "$bad" "$share"
read -r rps p50 p99 bad share < <(run "${INSTANCE_PORTS[0]}")
row "1 instance + replica" "$rps" "$p50" "$p99" "$bad" "$share"
run "${INSTANCE_PORTS[0]}" > "$WORK/a.txt" & a=$!
run "${INSTANCE_PORTS[1]}" > "$WORK/b.txt" & b=$!
wait $a $b
read -r rps1 p501 p991 bad1 share1 < "$WORK/a.txt"
read -r rps2 p502 p992 bad2 share2 < "$WORK/b.txt"
row "2 instances + replica (sum)" "$(awk -v a="$rps1" -v b="$rps2" 'BEGIN {printf "%.2f", a + b}')" \
  "$p501|$p502" "$p991|$p992" "$((bad1 + bad2))" "$share1|$share2"
echo "   cores: $(nproc); every JVM and both PostgreSQL servers share them"
