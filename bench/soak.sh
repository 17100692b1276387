#!/usr/bin/env bash
# A soak run: a fixed mixed request rate for N minutes against a fresh server on 127.0.0.1.
#
#   SOAK_MINUTES=10 SOAK_RATE=50 bench/soak.sh [--jar PATH]
#
# Starts a fresh server (embedded PostGIS under target/bench/soak, the demo city, the JVM options of
# ./yizhan run, the default rate limits with 127.0.0.1 a trusted proxy) and sends SOAK_RATE requests a
# second (default 50), on a fixed schedule whatever the answers take: 60 % nearest, 20 % viewport
# listings, 15 % station vector tiles (z12-16) around the demo city, 5 % writes (riders' check-ins and
# an editor's station creates, about one write a second). Riders are 2,000 addresses named in
# X-Forwarded-For, so each stays within its limits. Latency is measured from the scheduled send time (no
# coordinated omission). Prints per minute: requests, errors (any answer >= 400 or failure, with the
# first few), p50 and p99 in ms, the RSS of the JVM and the PSS of PostgreSQL (all its processes; and the
# sum of their RSS, which counts shared buffers once per process that touched them) in MiB.
# The target: 0 errors and flat RSS. Needs python3 (standard library only).
set -euo pipefail
cd "$(dirname "$0")/.."

MINUTES=${SOAK_MINUTES:-10}
RATE=${SOAK_RATE:-50}
JAR=target/yizhan.jar
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) JAR="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

# shellcheck source=bench/lib.sh
. bench/lib.sh
[ -f "$JAR" ] || ./yizhan build
command -v python3 >/dev/null || { echo "soak.sh needs python3" >&2; exit 1; }

WORK=target/bench
mkdir -p "$WORK"
SIZE=demo
SERVER=
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; wait 2>/dev/null || true' EXIT
BENCH_DEMO=true YIZHAN_RATE_LIMIT=1200 YIZHAN_HEAVY_RATE_LIMIT=30 YIZHAN_TRUSTED_PROXIES=127.0.0.1 bench_start "$WORK/soak" "$WORK/server-soak.log"
echo "== soak: $MINUTES min at $RATE requests/s on port $PORT (server pid $SERVER)"

python3 - "$PORT" "$TOKEN" "$SERVER" "$WORK/soak/pg/postmaster.pid" "$MINUTES" "$RATE" <<'PY'
import http.client, json, os, random, sys, threading, time
from concurrent.futures import ThreadPoolExecutor

port, token, server_pid, pg_pid_file = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
minutes, rate = int(sys.argv[5]), float(sys.argv[6])
LON, LAT = 121.47, 31.23  # the demo city (Shanghai)
local = threading.local()
lock = threading.Lock()
stats = {}  # minute -> {"lat": [...], "errors": n, "samples": [...]}

def conn():
    c = getattr(local, "c", None)
    if c is None:
        c = local.c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    return c

def rider():
    return "10.%d.%d.%d" % (random.randrange(8), random.randrange(16), random.randrange(1, 17))

def tile(z):
    import math
    lon = LON + random.uniform(-0.25, 0.25)
    lat = LAT + random.uniform(-0.2, 0.2)
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return "/api/v1/tiles/stations/%d/%d/%d.mvt" % (z, x, y)

station_ids = []

def pick():
    r = random.random()
    lon = LON + random.uniform(-0.2, 0.2)
    lat = LAT + random.uniform(-0.15, 0.15)
    if r < 0.60:
        return "GET", "/api/v1/stations/nearest?lon=%.5f&lat=%.5f&limit=10" % (lon, lat), None, {}
    if r < 0.80:
        return "GET", "/api/v1/stations?bbox=%.4f,%.4f,%.4f,%.4f&limit=50" % (lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01), None, {}
    if r < 0.95:
        return "GET", tile(random.randint(12, 16)), None, {}
    if r < 0.985 and station_ids:
        return "POST", "/api/v1/stations/%d/checkins" % random.choice(station_ids), b"", {}
    body = json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
                       "properties": {"name": "soak %d" % random.randrange(10**9), "kind": "rest_station",
                                      "category": "union_station"}}).encode()
    return "POST", "/api/v1/stations?on_duplicate=warn", body, {"Authorization": "Bearer " + token,
                                                                "Content-Type": "application/json"}

def one(minute, scheduled, req):
    method, path, body, headers = req
    headers = dict(headers, **{"X-Forwarded-For": rider()})
    status, note = None, None
    try:
        c = conn()
        c.request(method, path, body=body, headers=headers)
        resp = c.getresponse()
        data = resp.read()
        status = resp.status
        if status >= 400:
            note = "%s %s -> %d %s" % (method, path, status, data[:200].decode("utf-8", "replace"))
    except Exception as e:  # a failed connection counts as an error; start a new one
        local.c = None
        note = "%s %s -> %s" % (method, path, e)
    elapsed_ms = (time.monotonic() - scheduled) * 1000
    with lock:
        s = stats.setdefault(minute, {"lat": [], "errors": 0, "samples": []})
        s["lat"].append(elapsed_ms)
        if note:
            s["errors"] += 1
            if len(s["samples"]) < 3:
                s["samples"].append(note)

def mem_mib(pids, field):
    """The sum of a memory figure (kB) over processes: VmRSS from status, or Pss from smaps_rollup."""
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/%s" % (pid, "status" if field == "VmRSS:" else "smaps_rollup")) as f:
                for line in f:
                    if line.startswith(field):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024

def pg_pids():
    try:
        with open(pg_pid_file) as f:
            master = int(f.readline())
    except OSError:
        return []
    pids = [master]
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open("/proc/%s/stat" % p) as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == master:
                        pids.append(int(p))
            except (OSError, ValueError, IndexError):
                pass
    return pids

def pct(values, q):
    v = sorted(values)
    return v[min(len(v) - 1, int(q * len(v)))] if v else float("nan")

# Station ids for check-ins: the demo city's, from one listing.
c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
c.request("GET", "/api/v1/stations?bbox=%f,%f,%f,%f&limit=1000" % (LON - 0.3, LAT - 0.3, LON + 0.3, LAT + 0.3))
station_ids = [f["properties"]["id"] for f in json.loads(c.getresponse().read())["features"]]
c.close()

# PostgreSQL's memory is its processes' PSS: every backend's RSS counts the shared buffers it has touched,
# so a sum of RSS grows as backends touch more of the same shared memory; PSS shares each page out.
print("minute | requests | errors | p50 ms | p99 ms | JVM RSS MiB | PostgreSQL PSS MiB | (RSS sum)")
pool = ThreadPoolExecutor(max_workers=64)
start = time.monotonic()
interval = 1.0 / rate
end = start + minutes * 60

def report():
    """Prints each minute once its last request has had 2 s to finish. On its own thread: the sender's
    schedule never waits for a report (a pause there would be charged to the requests sent late)."""
    for minute in range(minutes):
        delay = start + (minute + 1) * 60 + 2 - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        with lock:
            s = stats.get(minute, {"lat": [], "errors": 0, "samples": []})
            row = (minute + 1, len(s["lat"]), s["errors"], pct(s["lat"], 0.5), pct(s["lat"], 0.99))
            samples = list(s["samples"])
        pg = pg_pids()
        print("%6d | %8d | %6d | %6.1f | %6.1f | %11.0f | %18.0f | %9.0f" % (row + (mem_mib([server_pid], "VmRSS:"),
              mem_mib(pg, "Pss:"), mem_mib(pg, "VmRSS:"))), flush=True)
        for n in samples:
            print("         e.g. " + n, flush=True)

reporter = threading.Thread(target=report)
reporter.start()
i = 0
while True:
    scheduled = start + i * interval
    if scheduled >= end:
        break
    now = time.monotonic()
    if scheduled > now:
        time.sleep(scheduled - now)
    pool.submit(one, int((scheduled - start) // 60), scheduled, pick())
    i += 1
pool.shutdown(wait=True)
reporter.join()
total = sum(len(s["lat"]) for s in stats.values())
errors = sum(s["errors"] for s in stats.values())
print("total: %d requests, %d errors" % (total, errors))
PY
