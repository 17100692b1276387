// WGS 84 -> GCJ-02 -> BD-09, ported from src/main/java/org/yizhan/geo/ChinaCoordinates.java (same constants,
// same "outside China" rectangle), and a grid-clustering canvas layer for thousands of stations.
(function () {
  'use strict';
  const A = 6378245.0;                    // Krasovsky 1940 semi-major axis (m)
  const EE = 0.00669342162296594323;      // its eccentricity squared
  const X_PI = Math.PI * 3000.0 / 180.0;  // Baidu's constant

  function outsideChina(lon, lat) {
    return !(lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271);
  }
  function tLat(x, y) {
    let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
    r += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
    r += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320.0 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
    return r;
  }
  function tLon(x, y) {
    let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
    r += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
    r += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
    return r;
  }
  /** WGS 84 [lon, lat] -> GCJ-02 [lon, lat] (高德, 腾讯). */
  function wgs84ToGcj02(lon, lat) {
    if (outsideChina(lon, lat)) return [lon, lat];
    let dLat = tLat(lon - 105.0, lat - 35.0);
    let dLon = tLon(lon - 105.0, lat - 35.0);
    const radLat = lat / 180.0 * Math.PI;
    let magic = Math.sin(radLat);
    magic = 1 - EE * magic * magic;
    const sq = Math.sqrt(magic);
    dLat = (dLat * 180.0) / ((A * (1 - EE)) / (magic * sq) * Math.PI);
    dLon = (dLon * 180.0) / (A / sq * Math.cos(radLat) * Math.PI);
    return [lon + dLon, lat + dLat];
  }
  /** GCJ-02 -> BD-09 (百度). */
  function gcj02ToBd09(lon, lat) {
    if (outsideChina(lon, lat)) return [lon, lat];
    const z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
    const th = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * X_PI);
    return [z * Math.cos(th) + 0.0065, z * Math.sin(th) + 0.006];
  }
  function wgs84ToBd09(lon, lat) { const g = wgs84ToGcj02(lon, lat); return gcj02ToBd09(g[0], g[1]); }

  /**
   * Route links for the Chinese map apps, each in its own datum (高德 and 腾讯 GCJ-02, 百度 BD-09), and a
   * geo: URI (WGS 84, RFC 5870). `to` and `from` are {lon, lat, name} in WGS 84; without `from` the
   * origin is left out and the apps start from the device's own location. Riding routes (e-bikes ride on
   * the non-motor lanes), or driving ones when `drive` is true. Six decimals: about 0.1 m. 百度 is told
   * the datum by coord_type (its URI API's name for it); 腾讯's default datum is its own, GCJ-02.
   *   高德  uri.amap.com/navigation  from|to=lon,lat,name  mode=car|bus|ride|walk
   *   百度  api.map.baidu.com/direction  origin|destination=latlng:lat,lng|name:…  mode=driving|transit|walking|riding
   *   腾讯  apis.map.qq.com/uri/v1/routeplan  fromcoord|tocoord=lat,lng, from|to=name  type=bus|drive|walk|bike
   */
  function navLinks(to, from, drive) {
    const f = (v) => v.toFixed(6), enc = (s) => encodeURIComponent(s || '');
    const g = wgs84ToGcj02(to.lon, to.lat), b = wgs84ToBd09(to.lon, to.lat), n = enc(to.name);
    const fg = from && wgs84ToGcj02(from.lon, from.lat), fb = from && wgs84ToBd09(from.lon, from.lat), fn = from && enc(from.name);
    return {
      amap: 'https://uri.amap.com/navigation?' + (from ? `from=${f(fg[0])},${f(fg[1])},${fn}&` : '')
        + `to=${f(g[0])},${f(g[1])},${n}&mode=${drive ? 'car' : 'ride'}&coordinate=gaode&callnative=1&src=yizhan`,
      baidu: 'https://api.map.baidu.com/direction?' + (from ? `origin=latlng:${f(fb[1])},${f(fb[0])}|name:${fn}&` : '')
        + `destination=latlng:${f(b[1])},${f(b[0])}|name:${n}&mode=${drive ? 'driving' : 'riding'}&coord_type=bd09ll&output=html&src=yizhan`,
      tencent: `https://apis.map.qq.com/uri/v1/routeplan?type=${drive ? 'drive' : 'bike'}`
        + (from ? `&from=${fn}&fromcoord=${f(fg[1])},${f(fg[0])}` : '') + `&to=${n}&tocoord=${f(g[1])},${f(g[0])}&referer=yizhan`,
      geo: `geo:${f(to.lat)},${f(to.lon)}`,
    };
  }

  /**
   * Stations as grid clusters drawn on one canvas: points are binned into `cell` px squares of the
   * current view, each non-empty cell drawn as one dot (size by count). O(n) per redraw, no DOM per point.
   */
  const ClusterLayer = L.Layer.extend({
    initialize(opts) { L.setOptions(this, opts); this._pts = []; this._clusters = []; },
    onAdd(map) {
      this._canvas = L.DomUtil.create('canvas', 'y-clusters leaflet-zoom-hide');
      this._canvas.style.pointerEvents = 'none';
      map.getPane('overlayPane').appendChild(this._canvas);
      map.on('moveend zoomend resize viewreset', this.redraw, this);
      this.redraw();
    },
    onRemove(map) { this._canvas.remove(); map.off('moveend zoomend resize viewreset', this.redraw, this); },
    /** points: [{lat, lon, f (feature), colour, faded}] */
    setPoints(pts) { this._pts = pts; this.redraw(); },
    redraw() {
      const map = this._map; if (!map) return;
      const size = map.getSize(), dpr = window.devicePixelRatio || 1, c = this._canvas;
      L.DomUtil.setPosition(c, map.containerPointToLayerPoint([0, 0]));
      c.width = size.x * dpr; c.height = size.y * dpr; c.style.width = size.x + 'px'; c.style.height = size.y + 'px';
      const ctx = c.getContext('2d'); ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      const cell = map.getZoom() >= (this.options.noClusterZoom || 16) ? 1 : (this.options.cell || 44);
      const bins = new Map();
      for (const p of this._pts) {
        const q = map.latLngToContainerPoint([p.lat, p.lon]);
        if (q.x < -20 || q.y < -20 || q.x > size.x + 20 || q.y > size.y + 20) continue;
        const k = Math.floor(q.x / cell) + ':' + Math.floor(q.y / cell);
        let b = bins.get(k);
        if (!b) { b = { x: 0, y: 0, n: 0, items: [] }; bins.set(k, b); }
        b.x += q.x; b.y += q.y; b.n++; b.items.push(p);
      }
      this._clusters = [];
      for (const b of bins.values()) {
        const x = b.x / b.n, y = b.y / b.n;
        const r = b.n === 1 ? 6 : Math.min(cell / 2 - 3, 9 + 2.5 * Math.log2(b.n));
        const p = b.items[0];
        const fill = b.n === 1 ? (p.colour || '#0b5d3f') : 'rgba(11,93,63,0.85)';
        this._clusters.push({ x, y, r, items: b.items, fill });
        ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI);
        ctx.fillStyle = fill;
        ctx.globalAlpha = b.n === 1 && p.faded ? 0.35 : 1;
        ctx.fill(); ctx.lineWidth = 2; ctx.strokeStyle = '#fff'; ctx.stroke();
        if (b.n === 1 && p.faded) { ctx.beginPath(); ctx.moveTo(x - r, y - r); ctx.lineTo(x + r, y + r); ctx.strokeStyle = '#b3261e'; ctx.lineWidth = 3; ctx.stroke(); }
        ctx.globalAlpha = 1;
        if (b.n > 1) {
          ctx.fillStyle = '#fff'; ctx.font = '700 12px system-ui, sans-serif'; ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
          ctx.fillText(b.n > 999 ? Math.round(b.n / 1000) + 'k' : String(b.n), x, y);
        }
      }
    },
    /** The fill a single station was last drawn with (tests read it: a canvas has no classes), or null. */
    fillOf(id) {
      const c = this._clusters.find((k) => k.items.length === 1 && k.items[0].f.properties.id === id);
      return c ? c.fill : null;
    },
    /** The cluster under a container point, or null. */
    hit(pt) {
      let best = null, bd = Infinity;
      for (const c of this._clusters) {
        const d = Math.hypot(c.x - pt.x, c.y - pt.y);
        if (d <= c.r + 4 && d < bd) { best = c; bd = d; }
      }
      return best;
    },
    count() { return this._clusters.length; },
  });

  window.YGeo = { outsideChina, wgs84ToGcj02, gcj02ToBd09, wgs84ToBd09, navLinks, ClusterLayer };
}());
