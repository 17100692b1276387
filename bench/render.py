#!/usr/bin/env python3
"""Time to first full render of the map page in Debian's headless Chromium, driven through chromedriver's
own HTTP API (W3C WebDriver; no Selenium, nothing downloaded).

    bench/render.py URL [--runs N] [--size WxH]

For each run: a fresh browser profile (cold HTTP cache), navigate to URL, then poll every animation frame
until the station layer (web/js/stationlayer.js) says MapLibre is idle with every tile in view drawn and
at least one feature rendered. Prints, per run and as the median: milliseconds from navigation start to
that frame, the features drawn, the stations they stand for, and the tile requests made.
"""
import json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request

CHROMIUM, CHROMEDRIVER = '/usr/bin/chromium', '/usr/bin/chromedriver'

WAIT = """
const done = arguments[arguments.length - 1], t0 = Date.now();
(function poll() {
  const ok = window.YStations && YStations.idle() && YStations.rendered().length > 0;
  if (ok) {
    const f = YStations.rendered(), seen = new Set(); let n = 0;
    for (const x of YStations.glMap().queryRenderedFeatures({layers: ['station-clusters', 'station-points']})) {
      const k = x.geometry.coordinates.map((v) => v.toFixed(6)).join(',') + ':' + (x.properties.id || '');
      if (!seen.has(k)) { seen.add(k); n += x.properties.count || 1; }
    }
    return done({ms: performance.now(), features: f.length, stations: n,
      tiles: YStations.requests.filter((u) => /\\.mvt/.test(u)).length, zoom: YStations.glMap().getZoom()});
  }
  if (Date.now() - t0 > 120000) return done({error: 'not drawn within 120 s'});
  requestAnimationFrame(poll);
}());
"""


def free_port():
    s = socket.socket(); s.bind(('127.0.0.1', 0)); p = s.getsockname()[1]; s.close(); return p


def call(base, method, path, body=None):
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(req, timeout=180) as r:
        return json.loads(r.read() or b'null')['value']


def run(url, size):
    port, profile = free_port(), tempfile.mkdtemp(prefix='yizhan-render-')
    driver = subprocess.Popen([CHROMEDRIVER, '--port=%d' % port], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = 'http://127.0.0.1:%d' % port
    try:
        for _ in range(100):
            try:
                call(base, 'GET', '/status'); break
            except OSError:
                time.sleep(0.1)
        caps = {'capabilities': {'alwaysMatch': {'browserName': 'chrome', 'goog:chromeOptions': {'binary': CHROMIUM, 'args': [
            '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
            '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--user-data-dir=' + profile,
            '--window-size=' + size.replace('x', ',')]}}}}
        sid = call(base, 'POST', '/session', caps)['sessionId']
        try:
            call(base, 'POST', '/session/%s/timeouts' % sid, {'script': 150000, 'pageLoad': 150000})
            call(base, 'POST', '/session/%s/url' % sid, {'url': url})
            return call(base, 'POST', '/session/%s/execute/async' % sid, {'script': WAIT, 'args': []})
        finally:
            call(base, 'DELETE', '/session/' + sid)
    finally:
        driver.terminate(); driver.wait(); shutil.rmtree(profile, ignore_errors=True)


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__); sys.exit(2)
    url, runs, size = args[0], 3, '1440x900'
    if '--runs' in args: runs = int(args[args.index('--runs') + 1])
    if '--size' in args: size = args[args.index('--size') + 1]
    results = []
    for i in range(runs):
        r = run(url, size)
        if 'error' in r:
            print('run %d: %s' % (i + 1, r['error'])); sys.exit(1)
        results.append(r)
        print('run %d: first full render %.0f ms, %d features for %d stations, %d tile requests (map zoom %.1f)'
              % (i + 1, r['ms'], r['features'], r['stations'], r['tiles'], r['zoom']))
    ms = sorted(r['ms'] for r in results)
    print('median first full render: %.0f ms over %d runs (%s, cold cache each run)' % (ms[len(ms) // 2], runs, size))


if __name__ == '__main__':
    main()
