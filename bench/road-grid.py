#!/usr/bin/env python3
"""A synthetic real-size road network for bench/coverage.sh: the demo city's grid (demo/DemoRoads) at a
finer step, so that the graph has about 200,000 noded edges. Local streets (residential) every STEP
degrees over 121.30-121.66 E, 31.06-31.36 N, every fourth line an arterial (primary), and the demo's
north-south river at 121.489 E that east-west roads cross only at bridges (every BRIDGE_EVERY-th row).
Made up, marked synthetic. Writes a GeoJSON FeatureCollection of LineStrings to stdout.

    bench/road-grid.py [STEP_DEG]      (default 0.00104: 346 x 288 lines, ~199,000 edges)
"""
import json
import sys

WEST, EAST, SOUTH, NORTH = 121.30, 121.66, 31.06, 31.36
RIVER_LON, RIVER_HALF = 121.489, 0.0003
step = float(sys.argv[1]) if len(sys.argv) > 1 else 0.00104
# Bridges about 4.7 km apart, as in the demo network (every 8th row of 0.006 degrees).
BRIDGE_EVERY = max(1, round(0.048 / step))


def road(highway, a, b, bridge=False):
    props = {"highway": highway, "synthetic": True}
    if bridge:
        props["bridge"] = "yes"
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "LineString", "coordinates": [[round(a[0], 6), round(a[1], 6)],
                                                               [round(b[0], 6), round(b[1], 6)]]}}


rows = int(round((NORTH - SOUTH) / step))
cols = int(round((EAST - WEST) / step))
features = []
for j in range(rows + 1):
    lat = SOUTH + j * step
    hw = "primary" if j % 4 == 0 else "residential"
    features.append(road(hw, (WEST, lat), (RIVER_LON - RIVER_HALF, lat)))
    features.append(road(hw, (RIVER_LON + RIVER_HALF, lat), (EAST, lat)))
    if j % BRIDGE_EVERY == 0:
        features.append(road("primary", (RIVER_LON - RIVER_HALF, lat), (RIVER_LON + RIVER_HALF, lat), True))
for i in range(cols + 1):
    lon = WEST + i * step
    if abs(lon - RIVER_LON) <= RIVER_HALF:
        continue  # no street runs along the river bed
    features.append(road("primary" if i % 4 == 0 else "residential", (lon, SOUTH), (lon, NORTH)))
json.dump({"type": "FeatureCollection", "features": features}, sys.stdout, separators=(",", ":"))
