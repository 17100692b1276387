// Rider view: where am I → the nearest stations (list + map), filters, a detail card with navigation.
(function () {
  'use strict';
  const { map, api, el, t, $ } = Y;
  const results = L.layerGroup();
  let pos = null, limit = 10, ctrl = null, lastFc = null, selected = null, shown = null;

  // ---- filters ----
  // A filter that only one kind of station has (a category, a vehicle type, a rider discount) picks that
  // kind, and is switched off while another kind is chosen: the API would answer nothing.
  const KIND_FILTERS = { 'f-category': ['category', 'rest_station'], 'f-vehicle': ['vehicle_types', 'parking'], 'f-discount': ['has_discount', 'meal'] };
  function fillSelects() {
    Y.fillSelect($('f-kind'), 'kind');
    for (const [id, [group]] of Object.entries(KIND_FILTERS)) Y.fillSelect($(id), group);
  }
  fillSelects();
  function amenityChips() {
    const box = $('f-amenities'), checked = new Set([...box.querySelectorAll('input:checked')].map((i) => i.value));
    box.querySelectorAll('label').forEach((l) => l.remove());
    for (const a of Object.keys(I18N.V.amenities)) {
      box.append(el('label', null, el('input', { type: 'checkbox', value: a, checked: checked.has(a) }),
        I18N.icon('amenities', a) + ' ' + I18N.v('amenities', a)));
    }
  }
  amenityChips();
  function filterQuery() {
    const q = new URLSearchParams();
    if ($('f-kind').value) q.set('kind', $('f-kind').value);
    if ($('f-category').value) q.set('category', $('f-category').value);
    if ($('f-vehicle').value) q.set('vehicle_type', $('f-vehicle').value);
    if ($('f-discount').value) q.set('has_discount', $('f-discount').value);
    if ($('f-closed').checked) q.set('status', 'open,temporarily_closed,closed');
    const am = [...$('f-amenities').querySelectorAll('input:checked')].map((i) => i.value);
    if (am.length) q.set('amenity', am.join(','));
    return q;
  }
  function syncKindFilters(changed) {
    const kind = $('f-kind');
    if (changed && KIND_FILTERS[changed.id] && changed.value) kind.value = KIND_FILTERS[changed.id][1];
    for (const [id, [, k]] of Object.entries(KIND_FILTERS)) {
      const sel = $(id);
      sel.disabled = kind.value !== '' && kind.value !== k;
      if (sel.disabled) sel.value = '';
    }
  }
  $('filters').addEventListener('change', (e) => {
    syncKindFilters(e.target); limit = 10; refresh(); YStations.show(filterQuery());
    if (shown && !$('detail').hidden) detail(shown); // the route mode follows the vehicle filter
  });

  // ---- all stations: vector tiles (stationlayer.js) with the list's filters; a tapped one opens its card ----
  async function openStation(id) {
    try { detail(await api('/api/v1/stations/' + id)); } catch (e) { $('rider-summary').textContent = t('a.error', { m: e.message }); }
  }

  // ---- nearest ----
  let fitNext = false;
  function setPosition(lat, lon, pan) {
    pos = { lat, lon }; limit = 10; selected = null; $('detail').hidden = true;
    if (pan) map.setView([lat, lon], Math.max(map.getZoom(), 14));
    fitNext = pan;
    refresh();
  }
  async function refresh() {
    if (!pos) return;
    if (ctrl) ctrl.abort();
    ctrl = new AbortController();
    const q = filterQuery();
    const r = Number($('f-radius').value);
    q.set('lon', pos.lon.toFixed(6)); q.set('lat', pos.lat.toFixed(6));
    q.set('limit', String(limit)); q.set('max_distance_m', String(r));
    if ($('f-open').checked) q.set('open_now', 'true');
    $('rider-summary').textContent = '…';
    try {
      lastFc = await api('/api/v1/stations/nearest?' + q, { signal: ctrl.signal });
      render();
      if (fitNext && lastFc.features.length) {
        // show the rider and the nearest few (not all ten: on a phone they would shrink to dots)
        const pts = [[pos.lat, pos.lon], ...lastFc.features.slice(0, 5).map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]])];
        map.fitBounds(L.latLngBounds(pts), { padding: [30, 30], maxZoom: 16 });
      }
      fitNext = false;
    } catch (e) {
      if (e.name !== 'AbortError') $('rider-summary').textContent = t('a.error', { m: e.message });
    }
  }
  /**
   * Closed for good, temporarily closed, open now, closed now (with the next opening when the API gives
   * opens_at), or hours unknown.
   */
  function badge(p) {
    const k = p.status === 'closed' ? 'gone' : p.status === 'temporarily_closed' ? 'temp'
      : p.open_now === undefined ? null // write answers carry no open_now
        : p.open_now === true ? 'open' : p.open_now === false ? 'closedNow' : 'unknown';
    const text = k === 'closedNow' && p.opens_at ? t('b.opensAt', { when: when(p.opens_at) }) : k && t('b.' + k);
    return k && el('span', { class: 'badge ' + k, 'data-state': k }, text);
  }
  /**
   * "09:00" today, "明天 09:00" tomorrow, "周三 09:00" later, in the station's city: opens_at carries the
   * city's offset (2026-12-02T09:00+08:00), so its own date and clock are local there.
   */
  function when(iso) {
    // Java writes a zero offset as Z (a city on UTC), any other as +hh:mm.
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?(?:Z|([+-])(\d{2}):(\d{2}))$/.exec(iso);
    if (!m) return iso;
    const offsetMs = m[6] ? (m[6] === '-' ? -1 : 1) * (Number(m[7]) * 60 + Number(m[8])) * 60000 : 0;
    const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    const here = new Date(Date.now() + offsetMs);
    const today = Date.UTC(here.getUTCFullYear(), here.getUTCMonth(), here.getUTCDate());
    const clock = m[4] + ':' + m[5];
    const ahead = Math.round((day - today) / 86400000);
    if (ahead <= 0) return clock;
    if (ahead === 1) return t('d.tomorrow', { t: clock });
    const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday first
    return t('d.weekday', { d: t('d.days').split(',')[weekday], t: clock });
  }
  /** Driving routes for a car or truck driver looking for parking; riding routes for everyone else. */
  function drives(p) { return p.kind === 'parking' && ['car', 'truck'].includes($('f-vehicle').value); }
  function amenityIcons(list) {
    return el('span', { class: 'icons', title: (list || []).map((a) => I18N.v('amenities', a)).join(', ') },
      (list || []).map((a) => I18N.icon('amenities', a)).join(''));
  }
  function date(s) { return s ? s.slice(0, 10) : '—'; }
  function render() {
    if (!lastFc) return;
    const fc = lastFc, r = I18N.metres(Number($('f-radius').value)), n = fc.features.length;
    const total = fc.numberMatched ?? n;
    $('rider-summary').textContent = n === 0 ? t('rider.none', { r })
      : total > n ? t('rider.summary', { n, total, r }) : t('rider.summaryAll', { n, r });
    const list = $('rider-list');
    list.replaceChildren();
    results.clearLayers();
    L.circleMarker([pos.lat, pos.lon], { radius: 9, color: '#fff', weight: 3, fillColor: '#d21', fillOpacity: 1, interactive: false })
      .bindTooltip(t('rider.me')).addTo(results);
    fc.features.forEach((f, i) => {
      const p = f.properties, [lon, lat] = f.geometry.coordinates;
      const kindText = I18N.v('kind', p.kind) + (p.category ? ' · ' + I18N.v('category', p.category) : '');
      const btn = el('button', { class: p.stale ? 'card stale' : 'card', type: 'button', 'data-id': p.id, 'data-distance': p.distance_m, 'aria-current': selected === p.id ? 'true' : null, onclick: () => detail(f) },
        el('span', { class: 'dist' }, I18N.metres(p.distance_m)),
        el('div', { class: 'name' }, (i + 1) + '. ' + I18N.icon('kind', p.kind) + ' ' + p.name),
        el('div', { class: 'meta' }, badge(p), kindText, p.access ? ' · ' + I18N.v('access', p.access) : ''),
        el('div', { class: 'meta' }, amenityIcons(p.amenities), ' ', t('d.verified') + ' ' + date(p.last_verified_at),
          p.stale ? ' · ' + t('d.stale') : ''));
      list.append(el('li', null, btn));
      L.marker([lat, lon], { icon: L.divIcon({ className: 'y-pin' + YFresh.cls(p), html: String(i + 1), iconSize: [26, 26] }), title: p.name, keyboard: false })
        .on('click', () => detail(f)).addTo(results);
    });
    if (n > 0 && total > n && limit < 100) {
      list.append(el('li', null, el('button', { type: 'button', onclick: () => { limit = Math.min(100, limit + 10); refresh(); } },
        t('rider.more'))));
    }
  }
  function detail(f) {
    const p = f.properties, [lon, lat] = f.geometry.coordinates, drive = drives(p);
    const nav = YGeo.navLinks({ lon, lat, name: p.name }, pos && { lon: pos.lon, lat: pos.lat, name: t('d.from') }, drive);
    selected = p.id; shown = f;
    const row = (k, v) => (v == null || v === '' ? null : [el('dt', null, t(k)), el('dd', null, v)]);
    const card = $('detail');
    const staleNote = YFresh.note(p);
    card.replaceChildren(
      el('h2', null, I18N.icon('kind', p.kind) + ' ' + p.name),
      staleNote && el('p', { class: 'stale-note', role: 'note' }, '⚠ ' + staleNote),
      el('div', null, badge(p), I18N.v('kind', p.kind), p.category ? ' · ' + I18N.v('category', p.category) : '',
        p.distance_m != null ? ' · ' + I18N.metres(p.distance_m) : ''),
      el('dl', null,
        row('d.hours', p.opening_hours || '—'),
        row('d.phone', p.phone ? el('a', { href: 'tel:' + p.phone.replace(/[^0-9+-]/g, '') }, '📞 ' + p.phone) : null),
        row('d.address', p.address),
        row('d.access', p.access && I18N.v('access', p.access)),
        row('d.amenities', (p.amenities || []).length ? (p.amenities || []).map((a) => I18N.icon('amenities', a) + ' ' + I18N.v('amenities', a)).join('、') : null),
        row('d.vehicles', (p.vehicle_types || []).map((x) => I18N.v('vehicle_types', x)).join('、') || null),
        row('d.discount', p.rider_discount),
        row('d.capacity', p.capacity),
        row('d.operator', p.operator),
        row('d.verified', date(p.last_verified_at) + (p.verified_by === 'riders' ? ' · ' + t('d.byRiders') : '')
          + (p.stale ? ' · ' + t('d.stale') : '')),
        row('d.reason', p.status_reason),
        row('d.riders', p.confirmations_7d ? t('d.confirmed', { n: p.confirmations_7d }) : null),
        row('d.problems', Object.keys(p.open_reports || {}).length ? Object.entries(p.open_reports)
          .map(([k, n]) => I18N.v('report', k) + ' ×' + n).join('、') : null)),
      YReport.bar(f),
      el('div', { class: 'nav', 'data-mode': drive ? 'drive' : 'ride' }, el('strong', null, t('d.navigate') + ' · ' + t(drive ? 'd.drive' : 'd.ride') + ' '),
        el('a', { href: nav.amap, target: '_blank', rel: 'noopener', class: 'nav-amap' }, '高德'),
        el('a', { href: nav.baidu, target: '_blank', rel: 'noopener', class: 'nav-baidu' }, '百度'),
        el('a', { href: nav.tencent, target: '_blank', rel: 'noopener', class: 'nav-tencent' }, '腾讯'),
        el('a', { href: nav.geo, class: 'nav-geo' }, 'geo:')),
      el('button', { type: 'button', onclick: () => { card.hidden = true; selected = null; YReport.cancel(); } }, t('d.close')));
    card.hidden = false;
    card.scrollIntoView({ block: 'nearest' });
    document.querySelectorAll('#rider-list .card').forEach((b) => b.setAttribute('aria-current', String(Number(b.dataset.id) === p.id)));
  }

  $('locate').addEventListener('click', () => {
    if (!navigator.geolocation) { $('rider-hint').textContent = t('rider.geoFail', { m: 'n/a' }); return; }
    $('rider-hint').textContent = t('rider.locating');
    navigator.geolocation.getCurrentPosition(
      (g) => { $('rider-hint').textContent = ''; setPosition(g.coords.latitude, g.coords.longitude, true); },
      (e) => { $('rider-hint').textContent = t('rider.geoFail', { m: e.message }); },
      { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
  });
  $('use-centre').addEventListener('click', () => { const c = map.getCenter(); setPosition(c.lat, c.lng, false); });

  Y.views.rider = {
    enter() { YStations.show(filterQuery()); results.addTo(map); },
    leave() { results.remove(); },
    click(e) {
      if (YReport.mapClick(e.latlng)) return; // a "moved" report is waiting for its point
      const c = YStations.hit(e.latlng);
      if (c && c.cluster) { YStations.zoomInto(c); return; }
      if (c && c.id != null) { openStation(c.id); return; }
      setPosition(e.latlng.lat, e.latlng.lng, false);
    },
    relabel() { fillSelects(); amenityChips(); render(); if (shown && !$('detail').hidden) detail(shown); },
    setPosition, openStation,
    /** Stations and clusters drawn from the tiles now. */
    points: () => YStations.rendered().length,
  };
  const qlat = parseFloat(Y.params.get('lat')), qlon = parseFloat(Y.params.get('lon'));
  if (Number.isFinite(qlat) && Number.isFinite(qlon)) setTimeout(() => setPosition(qlat, qlon, true), 0);
}());
