// Planner view: coverage of a region at a radius, gaps, district table + chart, heat-map grid,
// suggested sites and what-if edits. Every long request can be cancelled.
(function () {
  'use strict';
  const { map, api, el, t, $ } = Y;
  const outline = L.layerGroup(), gaps = L.layerGroup(), grid = L.layerGroup(), sugg = L.layerGroup(),
    stations = L.layerGroup(), added = L.layerGroup();
  const layers = [grid, outline, gaps, stations, added, sugg];
  let regions = [], region = null, ctrl = null, lastCoverage = null, lastSugg = null, whatIfCtrl = null;
  const adds = [], removed = new Set();

  Y.fillSelect($('p-kind'), 'kind');
  const radius = () => Number($('p-radius').value);
  const kind = () => $('p-kind').value;
  function body(extra) {
    const b = { region: region.properties.code, radius_m: radius() };
    if (kind()) b.kind = kind();
    return Object.assign(b, extra);
  }
  function query(extra) {
    const q = new URLSearchParams({ radius_m: String(radius()) });
    if (kind()) q.set('kind', kind());
    for (const [k, v] of Object.entries(extra || {})) q.set(k, v);
    return q;
  }

  /** The stations drawn from the tiles: open ones, of the chosen kind. */
  function tileQuery() { return kind() ? new URLSearchParams({ kind: kind() }) : ''; }

  async function loadRegions() {
    if (regions.length) return;
    try {
      const fc = await api('/api/v1/regions?geometry=false');
      regions = fc.features.sort((a, b) => (a.properties.level === 'city' ? 0 : 1) - (b.properties.level === 'city' ? 0 : 1)
        || a.properties.code.localeCompare(b.properties.code));
      const sel = $('p-region');
      sel.replaceChildren(el('option', { value: '' }, regions.length ? t('p.pick') : t('p.noRegion')));
      for (const f of regions) {
        const p = f.properties;
        sel.append(el('option', { value: p.code }, (p.level === 'city' ? '' : '\u00a0\u00a0') + p.name + ' (' + p.code + ')'));
      }
      // The region named in the URL, else the top-level one (the city), so that "计算覆盖" always has one.
      const want = Y.params.get('region');
      const top = regions.find((f) => !f.properties.parent_code) || regions[0];
      const start = want && regions.some((f) => f.properties.code === want) ? want : top && top.properties.code;
      if (start) { sel.value = start; pick(); }
    } catch (e) { $('p-error').textContent = t('a.error', { m: e.message }); }
  }

  async function pick() {
    const code = $('p-region').value;
    region = regions.find((f) => f.properties.code === code) || null;
    clearWhatIf(false);
    outline.clearLayers(); gaps.clearLayers(); grid.clearLayers(); sugg.clearLayers(); stations.clearLayers();
    $('p-suggestions').replaceChildren(); $('p-summary').hidden = true; $('p-districts').hidden = true;
    if (!region) return;
    try {
      const f = await api('/api/v1/regions/' + encodeURIComponent(code));
      const g = L.geoJSON(f, { style: { color: '#222', weight: 2.5, fill: false }, interactive: false }).addTo(outline);
      region.bounds = g.getBounds();
      map.fitBounds(region.bounds, { padding: [10, 10] });
      run();
    } catch (e) { $('p-error').textContent = t('a.error', { m: e.message }); }
  }

  function busy(on) { $('p-progress').hidden = !on; $('p-run').disabled = on; $('p-suggest').disabled = on; }
  function startTask() { if (ctrl) ctrl.abort(); ctrl = new AbortController(); $('p-error').textContent = ''; busy(true); return ctrl.signal; }
  function endTask(signal) { if (ctrl && ctrl.signal === signal) { busy(false); ctrl = null; } }
  function failed(e) {
    // Suggestions, what-if and CSV exports need a planner (or admin) account: docs/accounts.md.
    $('p-error').textContent = e.name === 'AbortError' ? t('p.cancelled') : e.status === 401 || e.status === 403 ? t('p.needPlanner')
      : t('a.error', { m: e.message });
  }
  // The CSV download carries the signed-in token, which a plain link cannot.
  $('p-csv').addEventListener('click', (e) => {
    e.preventDefault();
    Y.downloadWithToken($('p-csv').href, 'districts.csv').catch(failed);
  });
  $('p-cancel').addEventListener('click', () => { if (ctrl) ctrl.abort(); if (whatIfCtrl) whatIfCtrl.abort(); busy(false); });

  function drawGaps(fc) {
    gaps.clearLayers();
    L.geoJSON(fc, { style: { color: '#b3261e', weight: 1.5, fillColor: '#e53935', fillOpacity: 0.35, className: 'y-gap' },
      onEachFeature: (f, l) => l.bindTooltip('#' + f.properties.rank + ' · ' + f.properties.area_km2 + ' km² · ' + f.properties.demand) }).addTo(gaps);
  }
  function stat(label, value, cls) { return el('div', { class: 'stat ' + (cls || '') }, label, el('b', null, value)); }
  function showSummary(c) {
    const largest = c.gaps.features.length ? Math.max(...c.gaps.features.map((f) => f.properties.area_km2)) : 0;
    $('p-summary').replaceChildren(
      el('div', { class: 'stats' },
        stat(t('p.area'), I18N.pct(c.covered_share)),
        stat(t('p.demand'), c.demand_share == null ? t('p.noDemand') : I18N.pct(c.demand_share))),
      el('p', { class: 'meta', id: 'p-gapcount', 'data-gaps': c.gaps_total },
        t('p.gaps', { n: c.gaps_total, a: largest.toFixed(2) }), ' · ', t('p.stations', { n: c.stations_considered }),
        ' · ' + c.area_km2.toFixed(1) + ' km²'));
    $('p-summary').hidden = false;
  }

  /** Says what is missing instead of doing nothing when no region is chosen. */
  function needRegion() {
    if (region) return false;
    $('p-error').textContent = regions.length ? t('p.needRegion') : t('p.noRegion');
    return true;
  }

  async function run() {
    if (needRegion()) return;
    const signal = startTask();
    try {
      const c = await api('/api/v1/coverage?' + query({ region: region.properties.code, max_gaps: '300' }), { signal });
      lastCoverage = c;
      drawGaps(c.gaps); showSummary(c);
      const parent = region.properties.level === 'city' ? region.properties.code : region.properties.parent_code;
      if (parent) await districts(parent, signal); else $('p-districts').hidden = true;
      if ($('p-grid').checked) await heat(signal);
      await loadStations(signal);
      if (adds.length || removed.size) await whatIf();
    } catch (e) { failed(e); } finally { endTask(signal); }
  }

  async function districts(parent, signal) {
    const d = await api('/api/v1/coverage/districts?' + query({ parent }), { signal });
    const rows = d.districts || [];
    $('p-csv').href = '/api/v1/coverage/districts?' + query({ parent, format: 'csv' });
    const chart = $('p-chart');
    chart.replaceChildren(el('div', { class: 'legend' }, el('i', { style: 'background:#0e7a52' }), t('p.area'),
      el('i', { style: 'background:#1f4fa8' }), t('p.demand')));
    const table = $('p-table');
    table.replaceChildren(el('thead', null, el('tr', null, el('th', null, t('p.col.name')), el('th', null, t('p.col.area')),
      el('th', null, t('p.col.demand')), el('th', null, t('p.col.stations')), el('th', null, t('p.col.gap')))));
    const tb = el('tbody');
    for (const r of rows) {
      const sel = r.code === region.properties.code;
      tb.append(el('tr', { class: sel ? 'sel' : null, 'data-code': r.code }, el('td', null, r.name), el('td', null, I18N.pct(r.covered_share)),
        el('td', null, I18N.pct(r.demand_share)), el('td', null, r.stations), el('td', null, r.largest_gap_km2)));
      const w = (x) => ((x || 0) * 100).toFixed(1) + '%';
      chart.append(el('div', { class: 'bar', title: r.name },
        el('span', null, (sel ? '▶ ' : '') + r.name),
        el('span', { class: 'track' }, el('span', { class: 'fill', style: 'width:' + w(r.covered_share) }),
          el('span', { class: 'fill demand', style: 'width:' + w(r.demand_share) })),
        el('span', null, I18N.pct(r.covered_share))));
    }
    table.append(tb);
    $('p-districts').hidden = rows.length === 0;
  }

  async function heat(signal) {
    grid.clearLayers();
    if (!region || !region.bounds) return;
    const b = region.bounds, areaKm2 = region.properties.area_km2 || 100;
    const cell = Math.max(200, Math.ceil(Math.sqrt(areaKm2 * 1e6 / 2500) / 50) * 50);
    const q = query({ bbox: Y.bbox(b),
      cell_m: String(cell), max_m: String(Math.min(50000, radius() * 3)) });
    q.delete('radius_m');
    const fc = await api('/api/v1/coverage/grid?' + q, { signal });
    const r = radius();
    const legend = $('p-grid-legend');
    legend.replaceChildren(el('span', null, t('p.gridLegend')),
      el('i', { style: 'background:#2e7d32' }), '≤ ' + r + ' m',
      el('i', { style: 'background:#f9a825' }), '≤ ' + 2 * r + ' m',
      el('i', { style: 'background:#c62828' }), '> ' + 2 * r + ' m');
    legend.hidden = false;
    for (const f of fc.features) {
      const d = f.properties.nearest_m;
      const col = d <= r ? '#2e7d32' : d <= 2 * r ? '#f9a825' : '#c62828';
      const ring = f.geometry.coordinates[0];
      L.rectangle([[ring[0][1], ring[0][0]], [ring[2][1], ring[2][0]]],
        { renderer: Y.canvas, stroke: false, fillColor: col, fillOpacity: 0.35, interactive: false }).addTo(grid);
    }
  }

  async function loadStations(signal) {
    stations.clearLayers();
    if (!$('p-whatif').checked || !region.bounds) return;
    const q = { status: 'open' };
    if (kind()) q.kind = kind();
    for (const f of await Y.stationsIn(region.bounds, q, signal)) {
      const id = f.properties.id, [lon, lat] = f.geometry.coordinates;
      const usual = YFresh.colour(f.properties, '#0b5d3f'); // grey when stale
      const m = L.circleMarker([lat, lon], { renderer: Y.canvas, radius: 6, weight: 2, color: '#fff', fillColor: usual, usual, fillOpacity: 1, bubblingMouseEvents: false })
        .bindTooltip(f.properties.name).on('click', () => { toggle(id, m); });
      styleStation(id, m);
      m.addTo(stations);
    }
  }
  function styleStation(id, m) { m.setStyle(removed.has(id) ? { fillColor: '#999', color: '#b3261e', fillOpacity: 0.5 } : { fillColor: m.options.usual || '#0b5d3f', color: '#fff', fillOpacity: 1 }); }
  function toggle(id, m) { if (removed.has(id)) removed.delete(id); else removed.add(id); styleStation(id, m); whatIf(); }

  async function whatIf() {
    if (!region) return;
    if (whatIfCtrl) whatIfCtrl.abort();
    const c = whatIfCtrl = new AbortController();
    $('p-progress').hidden = false;
    try {
      const r = await api('/api/v1/coverage/what-if', { method: 'POST', auth: true, signal: c.signal,
        body: body({ add: adds.map((p) => [Number(p.lng.toFixed(6)), Number(p.lat.toFixed(6))]), remove: [...removed], max_gaps: 300 }) });
      const b = r.before, a = r.after;
      const delta = (x, y) => (x == null || y == null ? '' : ' (' + (y >= x ? '+' : '') + ((y - x) * 100).toFixed(1) + ')');
      $('p-whatif-out').replaceChildren(
        el('p', null, t('p.whatifInfo', { a: adds.length, r: removed.size })),
        el('table', { id: 'p-whatif-table' },
          el('tr', null, el('th'), el('th', null, t('p.before')), el('th', null, t('p.after'))),
          el('tr', null, el('td', null, t('p.area')), el('td', { class: 'before-area' }, I18N.pct(b.covered_share)),
            el('td', { class: 'after-area' }, I18N.pct(a.covered_share) + delta(b.covered_share, a.covered_share))),
          el('tr', null, el('td', null, t('p.demand')), el('td', { class: 'before-demand' }, I18N.pct(b.demand_share)),
            el('td', { class: 'after-demand' }, I18N.pct(a.demand_share) + delta(b.demand_share, a.demand_share)))));
      lastCoverage = a; drawGaps(a.gaps);
    } catch (e) { if (e.name !== 'AbortError') failed(e); } finally {
      if (whatIfCtrl === c) { whatIfCtrl = null; if (!ctrl) $('p-progress').hidden = true; }
    }
  }
  function clearWhatIf(recompute) {
    adds.length = 0; removed.clear(); added.clearLayers(); $('p-whatif-out').replaceChildren();
    stations.eachLayer((m) => m.setStyle({ fillColor: m.options.usual || '#0b5d3f', color: '#fff', fillOpacity: 1 }));
    if (recompute && lastCoverage && region) run();
  }

  async function suggest() {
    if (needRegion()) return;
    const signal = startTask();
    try {
      const fc = await api('/api/v1/coverage/suggestions', { method: 'POST', auth: true, signal,
        body: body({ count: Math.max(1, Math.min(20, Number($('p-count').value) || 5)) }) });
      lastSugg = fc;
      sugg.clearLayers();
      const list = $('p-suggestions');
      list.replaceChildren();
      for (const f of fc.features) {
        const [lon, lat] = f.geometry.coordinates, p = f.properties;
        L.marker([lat, lon], { icon: L.divIcon({ className: 'y-rank', html: String(p.rank), iconSize: [26, 26] }), title: '#' + p.rank })
          .bindTooltip(t('p.sugg', { rank: p.rank, d: p.demand_added, c: I18N.pct(p.demand_share_cumulative) })).addTo(sugg);
        list.append(el('li', null, t('p.sugg', { rank: p.rank, d: p.demand_added, c: I18N.pct(p.demand_share_cumulative) })));
      }
    } catch (e) { failed(e); } finally { endTask(signal); }
  }

  $('p-region').addEventListener('change', pick);
  $('p-kind').addEventListener('change', run);
  $('p-kind').addEventListener('change', () => YStations.show(tileQuery()));
  $('p-radius').addEventListener('input', () => { $('p-radius-out').textContent = radius() + ' m'; });
  $('p-radius').addEventListener('change', run);
  $('p-run').addEventListener('click', run);
  $('p-grid').addEventListener('change', async () => {
    if (!$('p-grid').checked) { grid.clearLayers(); $('p-grid-legend').hidden = true; return; }
    const signal = startTask();
    try { await heat(signal); } catch (e) { failed(e); } finally { endTask(signal); }
  });
  $('p-whatif').addEventListener('change', async () => {
    if (!$('p-whatif').checked) { stations.clearLayers(); return; }
    if (!region) return;
    const signal = startTask();
    try { await loadStations(signal); } catch (e) { failed(e); } finally { endTask(signal); }
  });
  $('p-whatif-clear').addEventListener('click', () => clearWhatIf(true));
  $('p-suggest').addEventListener('click', suggest);
  $('p-export-gaps').addEventListener('click', () => { if (lastCoverage) Y.download('yizhan-gaps.geojson', JSON.stringify(lastCoverage.gaps), 'application/geo+json'); });
  $('p-export-sugg').addEventListener('click', () => { if (lastSugg) Y.download('yizhan-suggestions.geojson', JSON.stringify(lastSugg), 'application/geo+json'); });

  Y.views.planner = {
    enter() { YStations.show(tileQuery()); layers.forEach((l) => l.addTo(map)); loadRegions(); if (region && region.bounds) map.fitBounds(region.bounds); },
    leave() { layers.forEach((l) => l.remove()); },
    click(e) {
      const c = !$('p-whatif').checked && YStations.hit(e.latlng);
      if (c && c.cluster) { YStations.zoomInto(c); return; }
      if (!$('p-whatif').checked || !region) return;
      adds.push(e.latlng);
      L.marker(e.latlng, { icon: L.divIcon({ className: 'y-pin new', html: '+', iconSize: [24, 24] }) }).addTo(added);
      whatIf();
    },
    relabel() { Y.fillSelect($('p-kind'), 'kind'); if (lastCoverage) showSummary(lastCoverage); },
  };
}());
