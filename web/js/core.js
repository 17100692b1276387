// Shared by the three views: the map, the optional base tiles, the API helper, the station loader, DOM
// helpers, view switching.
// The page speaks WGS 84 to the API, like any client; it uses nothing but the public HTTP API.
(function () {
  'use strict';
  const { t } = I18N;
  const params = new URLSearchParams(location.search);
  // ?map=ZOOM/LAT/LON opens the map there (OpenStreetMap's form); else the demo city.
  const at = /^(\d{1,2})\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/.exec(params.get('map') || '');
  const map = L.map('map', { preferCanvas: false, zoomControl: true, keyboard: true, attributionControl: true })
    .setView(at ? [Number(at[2]), Number(at[3])] : [31.23, 121.47], at ? Math.min(18, Number(at[1])) : 11);
  L.control.scale({ imperial: false }).addTo(map);
  const canvas = L.canvas({ padding: 0.2 });

  /** fetch + JSON; rejects with Error(message) carrying .status, .body (API error object) and .etag. */
  async function api(path, opts = {}) {
    const headers = Object.assign({ Accept: 'application/json' }, opts.headers || {});
    const tok = sessionStorage.getItem('yizhan.token');
    if (opts.auth && tok) headers.Authorization = 'Bearer ' + tok;
    let body = opts.body;
    if (body !== undefined && typeof body !== 'string' && !(body instanceof Blob)) {
      body = JSON.stringify(body);
      if (!headers['Content-Type']) headers['Content-Type'] = 'application/json';
    }
    const r = await fetch(path, { method: opts.method || 'GET', headers, body, signal: opts.signal });
    const text = await r.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (!r.ok) {
      const e = json && json.error;
      const err = new Error(e ? e.message : r.status + ' ' + r.statusText);
      err.status = r.status; err.body = e || null; err.field = e && e.field;
      throw err;
    }
    // A write moves the data version: the station tiles are asked for again (304 where nothing changed).
    if (opts.method && opts.method !== 'GET' && window.YStations) YStations.refresh();
    if (json && typeof json === 'object') Object.defineProperty(json, '_etag', { value: r.headers.get('ETag'), enumerable: false });
    return json;
  }

  /** The element with this id. */
  const $ = (id) => document.getElementById(id);

  /** A Leaflet LatLngBounds as the API's bbox parameter, minLon,minLat,maxLon,maxLat (WGS 84, 1e-5°). */
  const bbox = (b) => [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(',');

  /**
   * The stations in `bounds` that match `query` (URLSearchParams or a plain object of the listing's
   * filters), from GET /api/v1/stations?bbox in id order, 1,000 a page, following the `next` links for at
   * most `pages` pages: an array of Features. Rejects as api() does (an AbortError when `signal` aborts).
   */
  async function stationsIn(bounds, query, signal, pages = 6) {
    const q = new URLSearchParams(query);
    q.set('limit', '1000');
    q.set('bbox', bbox(bounds));
    const features = [];
    let url = '/api/v1/stations?' + q;
    for (let page = 0; url && page < pages; page++) {
      const fc = await api(url, { signal });
      features.push(...fc.features);
      const next = (fc.links || []).find((l) => l.rel === 'next');
      url = next ? next.href : null;
    }
    return features;
  }

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    if (attrs) for (const [k, v] of Object.entries(attrs)) {
      if (v == null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      // Through the CSSOM: the page's Content-Security-Policy (style-src 'self') blocks style attributes.
      else if (k === 'style') e.style.cssText = v;
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const k of kids.flat()) if (k != null && k !== false) e.append(k instanceof Node ? k : String(k));
    return e;
  }

  function fillSelect(sel, group, anyLabel) {
    const cur = sel.value;
    sel.replaceChildren();
    if (anyLabel !== null) sel.append(el('option', { value: '' }, anyLabel || t('f.any')));
    for (const k of Object.keys(I18N.V[group])) sel.append(el('option', { value: k }, (I18N.icon(group, k) + ' ' + I18N.v(group, k)).trim()));
    sel.value = cur;
  }

  function download(name, text, type) {
    const a = el('a', { href: URL.createObjectURL(new Blob([text], { type })), download: name });
    document.body.append(a); a.click(); a.remove();
  }
  /**
   * Saves the file at `url` as `name`, fetched with the signed-in token: CSV exports are a planner's or an
   * admin's (docs/accounts.md), and a plain link cannot send the token. Rejects with .status when refused.
   */
  async function downloadWithToken(url, name) {
    const tok = sessionStorage.getItem('yizhan.token');
    const r = await fetch(url, { headers: tok ? { Authorization: 'Bearer ' + tok } : {} });
    if (!r.ok) { const err = new Error(r.status + ' ' + r.statusText); err.status = r.status; throw err; }
    Y.download(name, await r.text(), r.headers.get('Content-Type') || 'text/csv');
  }

  // Optional base tiles from GET /config.json: {"tiles": [{"url", "attribution", "subdomains", "max_zoom"}]}.
  // No config (404) or no network: the neutral background stays; regions and stations are drawn anyway.
  fetch('/config.json').then((r) => (r.ok ? r.json() : null)).then((cfg) => {
    for (const tl of (cfg && cfg.tiles) || []) {
      L.tileLayer(tl.url, { attribution: tl.attribution || '', subdomains: tl.subdomains || 'abc', maxZoom: tl.max_zoom || 18 }).addTo(map);
    }
  }).catch(() => {});

  // Context for a tile-less map: district outlines, light, under everything.
  const context = L.layerGroup().addTo(map);
  api('/api/v1/regions?level=district').then((fc) => {
    L.geoJSON(fc, { interactive: false, style: { color: '#7b8a94', weight: 1.5, fill: false, dashArray: '4 3' } }).addTo(context);
  }).catch(() => {});

  const views = {};
  let current = null;
  function show(name) {
    if (!views[name]) name = 'rider';
    if (current === name) return;
    if (current && views[current].leave) views[current].leave();
    current = name;
    for (const b of document.querySelectorAll('#tabs button')) b.setAttribute('aria-selected', String(b.dataset.view === name));
    for (const v of Object.keys(views)) document.getElementById('view-' + v).hidden = v !== name;
    if (views[name].enter) views[name].enter();
    // modules that own no view (moderation, utilisation, the report form) follow the switch
    document.dispatchEvent(new CustomEvent('yizhan:view', { detail: { name } }));
    if (location.hash !== '#' + name) history.replaceState(null, '', location.pathname + location.search + '#' + name);
  }
  document.getElementById('tabs').addEventListener('click', (e) => { const b = e.target.closest('button'); if (b) show(b.dataset.view); });
  window.addEventListener('hashchange', () => show(location.hash.slice(1)));
  map.on('click', (e) => { if (current && views[current].click) views[current].click(e); });
  // Keyboard: Enter on the focused map acts as a click at its centre.
  map.getContainer().addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target === map.getContainer()) map.fire('click', { latlng: map.getCenter(), containerPoint: map.getSize().divideBy(2) });
  });
  const langBtn = document.getElementById('lang');
  function relabel() { langBtn.textContent = I18N.lang() === 'en' ? '中文' : 'EN'; }
  langBtn.addEventListener('click', () => {
    I18N.setLang(I18N.lang() === 'en' ? 'zh' : 'en'); relabel();
    for (const v of Object.values(views)) if (v.relabel) v.relabel();
  });

  window.Y = { map, canvas, api, $, el, bbox, stationsIn, fillSelect, download, downloadWithToken, params, views, show, t, current: () => current,
    /** Labels the page, then, once the vocabulary is in, fills the menus (views' relabel) and shows the view. */
    async start() {
      I18N.apply(); relabel();
      try { await I18N.load(); } catch (e) { /* menus stay empty and terms show their ids; the map still works */ }
      for (const v of Object.values(views)) if (v.relabel) v.relabel();
      document.dispatchEvent(new CustomEvent('yizhan:vocabulary'));
      show((location.hash || '#rider').slice(1));
    } };
  // Test and automation hook (no secrets here).
  window.yizhan = window.Y;
}());
