# Shared by the bench scripts (source it from the repository root): tools, a fresh server on a private
# cluster, the national station set imported through the API, and wrk's time units.

# Installs wrk and pgbench when missing, builds $JAR when missing; sets PGBENCH.
bench_tools() {
  local need=()
  command -v wrk >/dev/null || need+=(wrk)
  [ -x /usr/lib/postgresql/15/bin/pgbench ] || need+=(postgresql-contrib)
  if [ ${#need[@]} -gt 0 ]; then
    ./yizhan deps
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  PGBENCH=/usr/lib/postgresql/15/bin/pgbench
  [ -f "$JAR" ] || ./yizhan build
}

to_ms() { # wrk prints 1.23ms / 456.00us / 1.2s
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
                         else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
                         else { sub(/s$/, "", v); printf "%.2f", v * 1000 } }'
}

# bench_start DATA LOG: a fresh server ($JAR, the JVM options of ./yizhan run) with its embedded PostGIS
# under DATA; sets SERVER (pid), PORT and TOKEN. The caller's EXIT trap should kill $SERVER.
# BENCH_DEMO=true loads the demo city. The per-client rate limits are off (wrk is one client) unless the
# caller sets YIZHAN_RATE_LIMIT / YIZHAN_HEAVY_RATE_LIMIT; YIZHAN_TRUSTED_PROXIES passes through.
bench_start() {
  local data=$1 log=$2 java_defaults
  rm -rf "$data"
  TOKEN="bench-admin-token-$(date +%s)"
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
  java_defaults=$(sed -n 's/^JAVA_DEFAULTS="\(.*\)"$/\1/p' yizhan)
  echo "== $SIZE stations: starting $JAR on port $PORT ($data)"
  # shellcheck disable=SC2086
  MALLOC_ARENA_MAX=2 YIZHAN_DATA_DIR="$data" PORT="$PORT" YIZHAN_DEMO="${BENCH_DEMO:-false}" YIZHAN_ADMIN_TOKEN="$TOKEN" \
    YIZHAN_HOST=127.0.0.1 YIZHAN_ACCESS_LOG=OFF YIZHAN_RATE_LIMIT="${YIZHAN_RATE_LIMIT:-0}" \
    YIZHAN_HEAVY_RATE_LIMIT="${YIZHAN_HEAVY_RATE_LIMIT:-0}" java $java_defaults -jar "$JAR" > "$log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null 2>&1 && break
    kill -0 $SERVER 2>/dev/null || { cat "$log"; exit 1; }
    sleep 1
  done
}

# bench_import SIZE WORK: the national set (bench/national-stations.awk) through the import API in
# requests of 100,000, with no manual ANALYZE; prints the time it took.
bench_import() {
  local size=$1 work=$2 start end off n attempt code
  start=$(date +%s.%N)
  for ((off = 0; off < size; off += 100000)); do
    n=$(( size - off < 100000 ? size - off : 100000 ))
    awk -F'\t' -v n="$n" -v offset="$off" -v seed=1 -f bench/national-stations.awk bench/china-cities.tsv > "$work/stations.csv"
    # One retry: on 2 shared cores an import statement can pass the server's 10 s limit (503 timeout).
    for attempt in 1 2; do
      code=$(curl -s -o "$work/import.json" -w '%{http_code}' -X POST "http://127.0.0.1:$PORT/api/v1/stations/import" \
        -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' --data-binary @"$work/stations.csv")
      [ "$code" = 200 ] && break
      echo "   import of rows $off.. answered $code: $(head -c 300 "$work/import.json")"
      [ "$attempt" = 2 ] && exit 1
    done
  done
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v n="$size" 'BEGIN { printf "   import: %.1f s, %.0f stations/s (generation included)\n", e - s, n / (e - s) }'
}

# bench_psql DATA: PGPORT, PGPASSWORD and PSQL (an array) for the server's cluster.
bench_psql() {
  PGPORT=$(sed -n 4p "$1/pg/postmaster.pid")
  export PGPASSWORD; PGPASSWORD=$(cat "$1/pg.password")
  PSQL=(psql -h 127.0.0.1 -p "$PGPORT" -U yizhan -d yizhan -qAt)
}
