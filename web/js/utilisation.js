// Planner view: utilisation of the selected region at the planner's radius (GET
// /api/v1/coverage/utilisation): a map layer of stations coloured by label (under_used / normal /
// crowded, grey without demand) and sized by visits, and a sortable table with the CSV link.
(function () {
  'use strict';
  const { map, api, el, t, $ } = Y;
  const COLOUR = { under_used: '#1f4fa8', normal: '#2e7d32', crowded: '#c62828', none: '#8c959b' };
  const LABEL_ORDER = { crowded: 0, normal: 1, under_used: 2, none: 3 };
  const COLUMNS = [
    ['name', 'u.col.name', (r) => r.name],
    ['label', 'u.col.label', (r) => LABEL_ORDER[r.label || 'none']],
    ['visits', 'u.col.visits', (r) => r.visits],
    ['demand', 'u.col.demand', (r) => r.demand],
    ['visits_per_1000_demand', 'u.col.rate', (r) => (r.visits_per_1000_demand == null ? -1 : r.visits_per_1000_demand)],
  ];
  const layer = L.layerGroup();
  let last = null, sort = { key: 'visits', desc: true }, ctrl = null;

  function params(extra) {
    const days = Number($('u-days').value);
    const to = new Date(), from = new Date(to.getTime() - days * 86400000);
    const iso = (d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
    return new URLSearchParams(Object.assign({ region: $('p-region').value, radius_m: $('p-radius').value, from: iso(from), to: iso(to) }, extra));
  }
  const label = (l) => t('u.label.' + (l || 'none'));

  async function run() {
    $('u-error').textContent = '';
    if (!$('p-region').value) { $('u-error').textContent = t('p.needRegion'); return; }
    if (ctrl) ctrl.abort();
    const c = ctrl = new AbortController();
    const q = params();
    try {
      last = await api('/api/v1/coverage/utilisation?' + q, { signal: c.signal });
      $('u-csv').href = '/api/v1/coverage/utilisation?' + params({ format: 'csv' });
      $('u-csv').hidden = false;
      draw(); table(); legend();
    } catch (e) {
      if (e.name !== 'AbortError') $('u-error').textContent = t('a.error', { m: e.message });
    } finally { if (ctrl === c) ctrl = null; }
  }

  function legend() {
    const lg = $('u-legend');
    lg.replaceChildren(...['under_used', 'normal', 'crowded', 'none'].flatMap((k) => [el('i', { style: 'background:' + COLOUR[k] + ';border-radius:50%' }), label(k)]),
      el('span', null, ' · ' + t('u.sized')));
    lg.hidden = false;
    const m = last.median_visits_per_1000_demand;
    $('u-summary').textContent = t('u.summary', { n: last.stations.length, r: I18N.metres(last.radius_m),
      m: m == null ? '—' : m.toFixed(1) });
  }

  /** Circles in SVG (each path has the classes y-util and label-<label>): colour by label, area by visits. */
  function draw() {
    layer.clearLayers();
    if (!last || !$('u-layer').checked || Y.current() !== 'planner') { layer.remove(); return; }
    layer.addTo(map);
    const max = Math.max(1, ...last.stations.map((r) => r.visits));
    for (const r of last.stations) {
      const k = r.label || 'none';
      L.circleMarker([r.lat, r.lon], { radius: 5 + 13 * Math.sqrt(r.visits / max), color: '#fff', weight: 1.5,
        fillColor: COLOUR[k], fillOpacity: 0.85, className: 'y-util label-' + k, bubblingMouseEvents: false })
        .bindTooltip(r.name + ' · ' + label(r.label) + ' · ' + t('u.tip', { v: r.visits, d: Math.round(r.demand),
          x: r.visits_per_1000_demand == null ? '—' : r.visits_per_1000_demand.toFixed(1) }))
        .addTo(layer);
    }
  }

  function table() {
    const tb = $('u-table');
    if (!last) { tb.replaceChildren(); return; }
    const col = COLUMNS.find((c) => c[0] === sort.key), rows = last.stations.slice();
    rows.sort((a, b) => {
      const x = col[2](a), y = col[2](b);
      const d = typeof x === 'string' ? x.localeCompare(y, 'zh-CN') : x - y;
      return (sort.desc ? -d : d) || a.id - b.id;
    });
    tb.replaceChildren(
      el('thead', null, el('tr', null, COLUMNS.map(([key, head]) => el('th', {
        scope: 'col', 'data-key': key, 'aria-sort': sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none' },
      el('button', { type: 'button', class: 'sort', onclick: () => { sort = { key, desc: sort.key === key ? !sort.desc : key !== 'name' }; table(); } },
        t(head) + (sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : '')))))),
      el('tbody', null, rows.map((r) => el('tr', { 'data-id': r.id, 'data-label': r.label || '' },
        el('td', null, el('button', { type: 'button', class: 'link', onclick: () => map.setView([r.lat, r.lon], Math.max(map.getZoom(), 15)) }, r.name)),
        el('td', null, el('span', { class: 'badge util label-' + (r.label || 'none') }, label(r.label))),
        el('td', null, r.visits), el('td', null, Math.round(r.demand)),
        el('td', null, r.visits_per_1000_demand == null ? '—' : r.visits_per_1000_demand.toFixed(1))))));
  }

  $('u-run').addEventListener('click', run);
  // The CSV is a planner's (docs/accounts.md): fetched with the signed-in token.
  $('u-csv').addEventListener('click', (e) => {
    e.preventDefault();
    $('u-error').textContent = '';
    Y.downloadWithToken($('u-csv').href, 'utilisation.csv').catch((err) => {
      $('u-error').textContent = err.status === 401 || err.status === 403 ? t('p.needPlanner') : t('a.error', { m: err.message });
    });
  });
  $('u-layer').addEventListener('change', draw);
  $('u-days').addEventListener('change', () => { if (last) run(); });
  // the planner's region and radius: follow them once shown
  $('p-region').addEventListener('change', () => { if (last) run(); });
  $('p-radius').addEventListener('change', () => { if (last) run(); });
  document.addEventListener('yizhan:view', draw);
  document.getElementById('lang').addEventListener('click', () => { if (last) { draw(); table(); legend(); } });

  window.YUtilisation = { run, rows: () => (last ? last.stations : []) };
}());
