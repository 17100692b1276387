#!/usr/bin/env bash
# Time to first full render of the national view of the map page in headless Chromium.
#
#   [SIZE=400000] [RUNS=3] [JAR=target/yizhan.jar] bench/national-render.sh
#
# Starts a fresh server (target/bench/render-<size>), imports the national set (bench/national-stations.awk)
# through the import API, then bench/render.py opens /?map=5/35/105 (all of China at 1440 x 900) in a
# fresh headless Chromium per run (cold HTTP cache) and prints the milliseconds from navigation start to
# the first frame where MapLibre is idle with every station tile in view drawn, with the features drawn,
# the stations they stand for and the tile requests made.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${SIZE:-400000}; RUNS=${RUNS:-3}; JAR=${JAR:-target/yizhan.jar}
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_tools
WORK=target/bench
mkdir -p "$WORK"
SERVER=""
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; wait 2>/dev/null || true' EXIT
bench_start "$WORK/render-$SIZE" "$WORK/server-render-$SIZE.log"
bench_import "$SIZE" "$WORK"
python3 bench/render.py "http://127.0.0.1:$PORT/?map=5/35/105#rider" --runs "$RUNS"
