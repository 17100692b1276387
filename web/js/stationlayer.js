// Stations drawn from the server's vector tiles (GET /api/v1/tiles/stations.json and its .mvt tiles) at
// every zoom, by one MapLibre GL map hosted as a layer inside the page's Leaflet map
// (@maplibre/maplibre-gl-leaflet, bundled at build time into /vendor/maplibre). Shared by the three views:
// each one sets the tile filter it wants (the same query parameters as GET /api/v1/stations) and asks
// what is under a click. Below the tiles' point zoom the server sends grid clusters with counts; a
// cluster is drawn as a circle sized by its count, a station as a dot in its kind's colour; temporarily
// or permanently closed stations are faded and struck through, stale ones (`stale` in the tile) grey.
// No glyph server is needed: count labels are small images drawn on demand (styleimagemissing).
(function () {
  'use strict';
  const { map } = Y;
  const KIND_COLOUR = { rest_station: '#0b5d3f', parking: '#1f4fa8', meal: '#b34700' };
  const CLUSTER = 'rgba(11,93,63,0.85)';
  const SOURCE = 'stations', LAYERS = ['station-clusters', 'station-points', 'station-labels', 'station-closed'];
  const requests = []; // every URL MapLibre asks for (TileJSON, tiles), newest last (at most 500), for tests and benches
  let layer = null, gl = null, url = null;

  const tileJson = (params) => location.origin + '/api/v1/tiles/stations.json' + (params && String(params) ? '?' + params : '');
  const count = ['get', 'count'];
  const label = ['case', ['>=', count, 10000], ['concat', ['to-string', ['round', ['/', count, 1000]]], 'k'],
    ['>=', count, 1000], ['concat', ['to-string', ['/', ['round', ['/', count, 100]], 10]], 'k'], ['to-string', count]];
  const closed = ['in', ['get', 'status'], ['literal', ['temporarily_closed', 'closed']]];
  const kindColour = ['match', ['get', 'kind'], ...Object.entries(KIND_COLOUR).flat(), KIND_COLOUR.rest_station];
  // A stale station (the tile's `stale`) is grey whatever its kind, the grey of every map on the page (freshness.js).
  const fill = ['case', ['==', ['get', 'stale'], true], YFresh.colour({ stale: true }), kindColour];

  function style(source) {
    return {
      version: 8,
      sources: { [SOURCE]: { type: 'vector', url: source } },
      layers: [
        { id: 'station-clusters', type: 'circle', source: SOURCE, 'source-layer': 'stations', filter: ['==', ['get', 'cluster'], true],
          paint: { 'circle-color': CLUSTER, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2,
            'circle-radius': ['min', 24, ['+', 9, ['*', 2.5, ['log2', count]]]] } },
        { id: 'station-points', type: 'circle', source: SOURCE, 'source-layer': 'stations', filter: ['!=', ['get', 'cluster'], true],
          paint: { 'circle-color': fill, 'circle-radius': 6,
            'circle-stroke-color': '#fff', 'circle-stroke-width': 2, 'circle-opacity': ['case', closed, 0.35, 1],
            'circle-stroke-opacity': ['case', closed, 0.35, 1] } },
        { id: 'station-closed', type: 'symbol', source: SOURCE, 'source-layer': 'stations',
          filter: ['all', ['!=', ['get', 'cluster'], true], closed],
          layout: { 'icon-image': 'y-struck', 'icon-allow-overlap': true, 'icon-ignore-placement': true } },
        { id: 'station-labels', type: 'symbol', source: SOURCE, 'source-layer': 'stations', filter: ['==', ['get', 'cluster'], true],
          layout: { 'icon-image': ['concat', 'y-n:', label], 'icon-allow-overlap': true, 'icon-ignore-placement': true } },
      ],
    };
  }

  /** Count labels ("12", "3.4k") and the strike of a closed station, drawn on a canvas when first used. */
  function drawImage(id) {
    const dpr = window.devicePixelRatio || 1;
    const c = document.createElement('canvas'), ctx = c.getContext('2d');
    if (id === 'y-struck') {
      c.width = c.height = 14 * dpr; ctx.scale(dpr, dpr);
      ctx.strokeStyle = '#b3261e'; ctx.lineWidth = 3; ctx.beginPath(); ctx.moveTo(1, 1); ctx.lineTo(13, 13); ctx.stroke();
    } else if (id.startsWith('y-n:')) {
      const text = id.slice(4), font = '700 12px system-ui, sans-serif';
      ctx.font = font;
      const w = Math.ceil(ctx.measureText(text).width) + 2;
      c.width = w * dpr; c.height = 16 * dpr; ctx.scale(dpr, dpr);
      ctx.font = font; ctx.fillStyle = '#fff'; ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
      ctx.fillText(text, w / 2, 8.5);
    } else return;
    gl.addImage(id, ctx.getImageData(0, 0, c.width, c.height), { pixelRatio: dpr });
  }

  function create(source) {
    const pane = map.createPane('stations');
    pane.style.zIndex = 450; // above the overlays (coverage, grid), below markers and tooltips
    pane.style.pointerEvents = 'none'; // clicks reach the Leaflet map, which asks hit()
    layer = L.maplibreGL({
      pane: 'stations', style: style(source), fadeDuration: 0, attributionControl: false,
      transformRequest(u) {
        requests.push(u);
        if (requests.length > 500) requests.shift();
        return { url: u };
      },
    }).addTo(map);
    gl = layer.getMaplibreMap();
    gl.on('styleimagemissing', (e) => drawImage(e.id));
  }

  /**
   * Shows the stations that match these query parameters (URLSearchParams of GET /api/v1/stations's
   * filters: kind, category, amenity, status, vehicle_type, has_discount); others are left out here.
   */
  function show(params) {
    const q = new URLSearchParams();
    for (const [k, v] of new URLSearchParams(params || '')) if (TILE_PARAMS.has(k)) q.set(k, v);
    const next = tileJson(q);
    if (!layer) { url = next; create(next); return; }
    if (next === url) return;
    url = next;
    // The loaded tiles are reloaded from the new URL in place. MapLibre keeps a tile's old features when the
    // new answer has the same ETag; a station tile's ETag names its filter, so a new filter is always drawn.
    const source = gl.getSource(SOURCE);
    if (source) source.setUrl(next); else gl.setStyle(style(next), { diff: false }); // style still loading
  }
  const TILE_PARAMS = new Set(['kind', 'category', 'amenity', 'status', 'vehicle_type', 'has_discount']);

  /** Tiles asked for again after a write, with If-None-Match: 304 for the unchanged (the ETag names the data version). */
  function refresh() { if (gl && gl.getSource(SOURCE)) gl.refreshTiles(SOURCE); }

  /**
   * What is drawn under a Leaflet click (its latlng), within a finger's reach: null, or
   * {cluster, count, id, kind, status, lat, lon} of the nearest cluster or station.
   */
  function hit(latlng, tolerancePx) {
    if (!gl || !latlng) return null;
    const p = gl.project([latlng.lng, latlng.lat]), r = tolerancePx || 10;
    const found = gl.queryRenderedFeatures([[p.x - r, p.y - r], [p.x + r, p.y + r]], { layers: ['station-clusters', 'station-points'] });
    let best = null, bd = Infinity;
    for (const f of found) {
      const [lon, lat] = f.geometry.coordinates, q = gl.project([lon, lat]), d = Math.hypot(q.x - p.x, q.y - p.y);
      if (d < bd) { bd = d; best = Object.assign({ lon, lat, cluster: f.properties.cluster === true }, f.properties); }
    }
    return best;
  }

  /** Zooms in on a cluster: two levels, centred on it (Leaflet animates; the tiles follow). */
  function zoomInto(c) { map.setView([c.lat, c.lon], Math.min(map.getMaxZoom() || 18, map.getZoom() + 2)); }

  /** Features drawn now (for tests and the national-view bench). */
  function rendered() {
    if (!gl || !gl.isStyleLoaded()) return [];
    return gl.queryRenderedFeatures({ layers: ['station-clusters', 'station-points'] }).map((f) => Object.assign({}, f.properties));
  }
  /** True once every tile in view is loaded and drawn (MapLibre is idle). */
  function idle() { return !!gl && gl.loaded() && gl.areTilesLoaded() && !gl.isMoving(); }

  window.YStations = { show, refresh, hit, zoomInto, rendered, idle, requests, glMap: () => gl, url: () => url, LAYERS };
}());
