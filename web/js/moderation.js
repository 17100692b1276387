// Admin view, for admins and editors: the queue of riders' open reports (GET /api/v1/reports, newest
// first, by kind and district, paged), each with its station's current status, position, hours and
// amenities beside what accepting would make them; accept / reject (with a reason) and the queue reloads.
// Below it, the stations not verified in time, per district (GET /api/v1/stations/stale, JSON and CSV).
(function () {
  'use strict';
  const { map, api, el, t, $ } = Y;
  const PAGE = 20;
  // the report kinds that are problems (still_here is a confirmation), from the vocabulary
  const problems = () => Object.keys(I18N.V.report).filter((k) => k !== 'still_here');
  const DISTRICT = /^[1-9][0-9]{5}$/;
  const FIELDS = ['status', 'geometry', 'opening_hours', 'amenities'];
  const where = L.layerGroup(); // a moved report's two positions, when asked for
  let signedIn = false, next = null, ctrl = null;

  function kinds() {
    const sel = $('m-kind'), cur = sel.value;
    sel.replaceChildren(el('option', { value: '' }, t('f.any')), ...problems().map((k) => el('option', { value: k }, I18N.v('report', k))));
    sel.value = cur;
  }
  kinds();
  document.addEventListener('yizhan:vocabulary', kinds);

  /** The district filter, or undefined when it is not a 6-digit code (the message is shown in `slot`). */
  function district(input, slot) {
    const d = input.value.trim();
    if (d && !DISTRICT.test(d)) { slot.textContent = t('m.badDistrict'); input.focus(); return undefined; }
    return d;
  }

  // ---- the queue ----
  async function load(more) {
    if (!signedIn) return;
    $('m-error').textContent = '';
    let url = next;
    if (!more) {
      const d = district($('m-district'), $('m-error'));
      if (d === undefined) return;
      const q = new URLSearchParams({ status: 'open', limit: String(PAGE) });
      if ($('m-kind').value) q.set('kind', $('m-kind').value);
      if (d) q.set('district', d);
      url = '/api/v1/reports?' + q;
    }
    if (ctrl) ctrl.abort();
    const c = ctrl = new AbortController();
    try {
      const page = await api(url, { auth: true, signal: c.signal });
      const list = $('m-list');
      if (!more) { list.replaceChildren(); where.clearLayers(); }
      for (const r of page.reports) list.append(item(r));
      if (!list.children.length) list.append(el('li', { class: 'empty hint' }, t('m.empty')));
      const n = list.querySelectorAll('.report-item').length;
      const link = (page.links || []).find((l) => l.rel === 'next');
      next = link ? link.href : null;
      $('m-more').hidden = !next;
      $('m-count').textContent = t(next ? 'm.countMore' : 'm.count', { n });
    } catch (e) {
      if (e.name !== 'AbortError') $('m-error').textContent = t('a.error', { m: e.message });
    } finally { if (ctrl === c) ctrl = null; }
  }

  const lonLat = (c) => c[1].toFixed(5) + ', ' + c[0].toFixed(5);
  const amenity = (a) => I18N.icon('amenities', a) + ' ' + I18N.v('amenities', a);
  /** A field's current value as text, and the proposed one (an element: amenities marked added / removed). */
  function cells(field, from, to, changed) {
    switch (field) {
      case 'status': return [I18N.v('status', from), I18N.v('status', to)];
      case 'geometry': {
        const d = changed ? ' (' + t('m.away', { d: I18N.metres(map.distance([from[1], from[0]], [to[1], to[0]])) }) + ')' : '';
        return [lonLat(from), lonLat(to) + d];
      }
      case 'opening_hours': return [from || '—', to || '—'];
      default: {
        const was = new Set(from || []), now = new Set(to || []);
        const all = [...new Set([...(from || []), ...(to || [])])];
        const out = el('span', { class: 'amenity-diff' }, all.length ? all.map((a) => (was.has(a) && !now.has(a) ? el('del', null, amenity(a))
          : !was.has(a) ? el('ins', null, amenity(a)) : el('span', null, amenity(a)))) : '—');
        return [(from || []).length ? from.map(amenity).join('、') : '—', out];
      }
    }
  }
  function item(r) {
    const s = r.station, p = s.properties;
    const change = Object.fromEntries((r.changes || []).map((c) => [c.field, c]));
    const current = { status: p.status, geometry: s.geometry.coordinates, opening_hours: p.opening_hours, amenities: p.amenities || [] };
    const rows = FIELDS.map((field) => {
      const c = change[field], [from, to] = cells(field, current[field], c ? c.to : current[field], !!c);
      return el('tr', { class: c ? 'changed' : 'same', 'data-field': field },
        el('th', { scope: 'row' }, t('m.f.' + field)), el('td', { class: 'from' }, from), el('td', { class: 'to' }, to));
    });
    const msg = el('p', { class: 'error', role: 'alert' });
    const closing = r.kind === 'closed_now' || r.kind === 'closed_permanently';
    const publicReason = closing ? el('input', { type: 'text', class: 'm-public-reason', maxlength: 300, placeholder: t('m.publicReasonHint') }) : null;
    const reason = el('input', { type: 'text', class: 'm-reason', maxlength: 300 });
    const rejectBox = el('div', { class: 'm-reject-box', hidden: true },
      el('label', { class: 'full' }, el('span', null, t('m.reason')), reason),
      el('div', { class: 'row' },
        el('button', { type: 'button', class: 'danger m-reject-yes', onclick: () => reject(r, reason, msg) }, t('m.rejectYes')),
        el('button', { type: 'button', onclick: () => { rejectBox.hidden = true; } }, t('a.cancel'))));
    const flags = (r.flags || []).map((f) => el('span', { class: 'badge flag', title: t('m.flag.' + f) }, t('m.flag.' + f)));
    return el('li', { class: 'report-item box', 'data-id': r.id, 'data-kind': r.kind, 'data-station': p.id },
      el('div', { class: 'rhead' }, el('strong', null, '#' + r.id + ' ' + I18N.v('report', r.kind)), ' · ',
        el('span', { class: 'm-when' }, new Date(r.created_at).toLocaleString(I18N.lang() === 'en' ? 'en-GB' : 'zh-CN')), ' ', flags),
      el('div', { class: 'm-station' }, I18N.icon('kind', p.kind) + ' ' + p.name + ' ',
        el('span', { class: 'hint' }, t('m.station', { id: p.id, v: p.version })),
        p.stale ? el('span', { class: 'badge stale' }, t('d.stale')) : null,
        p.deleted ? el('span', { class: 'badge gone' }, t('m.deleted')) : null),
      r.comment ? el('blockquote', { class: 'm-comment' }, r.comment) : null,
      el('div', { class: 'tablewrap' }, el('table', { class: 'diff' },
        el('thead', null, el('tr', null, el('th', null, t('m.field')), el('th', null, t('m.now')), el('th', null, t('m.proposed')))),
        el('tbody', null, rows))),
      r.changes && r.changes.length ? null : el('p', { class: 'hint' }, t('m.noChange')),
      publicReason && el('label', { class: 'full' }, el('span', null, t('m.publicReason')), publicReason),
      el('div', { class: 'row' },
        el('button', { type: 'button', class: 'primary m-accept', disabled: p.deleted || null, onclick: () => accept(r, publicReason, msg) }, '✔ ' + t('m.accept')),
        el('button', { type: 'button', class: 'danger m-reject', onclick: () => { rejectBox.hidden = false; reason.focus(); } }, '✖ ' + t('m.reject')),
        change.geometry ? el('button', { type: 'button', class: 'm-show', onclick: () => show(s, change.geometry.to) }, t('m.show')) : null,
        p.deleted ? null : el('button', { type: 'button', class: 'm-edit', onclick: () => Y.views.admin.edit(p.id) }, t('m.edit'))),
      rejectBox, msg);
  }

  async function accept(r, publicReason, msg) {
    msg.textContent = '';
    const text = publicReason && publicReason.value.trim();
    try {
      const a = await api('/api/v1/reports/' + r.id + '/accept', { method: 'POST', auth: true, body: text ? { reason: text } : undefined });
      $('m-msg').textContent = t('m.accepted', { id: r.id, station: a.station.properties.id, v: a.station.properties.version,
        n: (a.closed_reports || []).length });
      load(false);
    } catch (e) { msg.textContent = t('a.error', { m: e.message }); }
  }
  async function reject(r, reason, msg) {
    msg.textContent = '';
    const text = reason.value.trim();
    if (!text) { msg.textContent = t('m.needReason'); reason.focus(); return; }
    try {
      await api('/api/v1/reports/' + r.id + '/reject', { method: 'POST', auth: true, body: { reason: text } });
      $('m-msg').textContent = t('m.rejected', { id: r.id, station: r.station.properties.id });
      load(false);
    } catch (e) { msg.textContent = t('a.error', { m: e.message }); }
  }
  /** The station where it is (grey) and where riders say it is now (yellow), joined. */
  function show(station, to) {
    const [lon, lat] = station.geometry.coordinates;
    where.clearLayers(); where.addTo(map);
    L.circleMarker([lat, lon], { radius: 8, color: '#fff', weight: 2, fillColor: YFresh.GREY, fillOpacity: 1, interactive: false }).addTo(where);
    L.polyline([[lat, lon], [to[1], to[0]]], { color: '#8a5a00', weight: 2, dashArray: '5 4', interactive: false }).addTo(where);
    L.marker([to[1], to[0]], { interactive: false, icon: L.divIcon({ className: 'y-pin new', html: '⇢', iconSize: [26, 26] }) }).addTo(where);
    map.fitBounds(L.latLngBounds([[lat, lon], [to[1], to[0]]]), { padding: [40, 40], maxZoom: 17 });
  }

  // ---- stale stations ----
  async function loadStale() {
    if (!signedIn) return;
    $('s-error').textContent = '';
    const d = district($('s-district'), $('s-error'));
    if (d === undefined) return;
    const q = new URLSearchParams({ limit: '500' });
    if (d) q.set('district', d);
    $('s-csv').href = '/api/v1/stations/stale?' + new URLSearchParams(d ? { district: d, format: 'csv' } : { format: 'csv' });
    try {
      const r = await api('/api/v1/stations/stale?' + q, { auth: true });
      $('s-summary').textContent = t(r.stations.length >= 500 ? 's.summaryMore' : 's.summary', { n: r.stations.length, days: r.stale_after_days });
      $('s-districts').replaceChildren(
        el('thead', null, el('tr', null, el('th', null, t('m.district')), el('th', null, t('s.count')))),
        el('tbody', null, r.districts.map((x) => el('tr', { 'data-district': x.district_code || '' },
          el('td', null, x.district_code ? el('button', { type: 'button', class: 'link', onclick: () => { $('s-district').value = x.district_code; loadStale(); } }, x.district_code)
            : t('s.noDistrict')),
          el('td', null, x.stale)))));
      $('s-list').replaceChildren(...r.stations.slice(0, 100).map((x) => el('li', { 'data-id': x.id },
        el('button', { type: 'button', class: 'link', onclick: () => Y.views.admin.edit(x.id) }, I18N.icon('kind', x.kind) + ' ' + x.name),
        ' · ' + (x.last_verified_at ? t('fr.lastVerified', { d: x.last_verified_at.slice(0, 10) }) : t('fr.never')))));
    } catch (e) { $('s-error').textContent = t('a.error', { m: e.message }); }
  }
  // The CSV needs the token, which a plain link cannot send: fetch it and save it.
  $('s-csv').addEventListener('click', (e) => {
    e.preventDefault();
    Y.downloadWithToken($('s-csv').href, 'stale-stations.csv').catch((err) => { $('s-error').textContent = t('a.error', { m: err.message }); });
  });

  async function districts() {
    try {
      const fc = await api('/api/v1/regions?level=district&geometry=false');
      $('m-districts').replaceChildren(...fc.features.map((f) => f.properties).filter((p) => DISTRICT.test(p.code))
        .map((p) => el('option', { value: p.code }, p.name)));
    } catch (e) { /* a hint list only */ }
  }

  document.addEventListener('yizhan:session', (e) => {
    const me = e.detail;
    signedIn = !!me && (me.role === 'admin' || me.role === 'editor');
    $('m-queue').hidden = !signedIn; $('s-stale').hidden = !signedIn;
    if (!signedIn) { $('m-list').replaceChildren(); $('s-list').replaceChildren(); where.clearLayers(); next = null; return; }
    districts(); load(false); loadStale();
  });
  document.addEventListener('yizhan:view', (e) => { if (e.detail.name !== 'admin') where.remove(); });
  $('m-kind').addEventListener('change', () => load(false));
  $('m-district').addEventListener('change', () => load(false));
  $('m-refresh').addEventListener('click', () => load(false));
  $('m-more').addEventListener('click', () => load(true));
  $('s-load').addEventListener('click', loadStale);
  document.getElementById('lang').addEventListener('click', () => { kinds(); if (signedIn) { load(false); loadStale(); } });

  window.YModeration = { reload: () => load(false), reloadStale: loadStale };
}());
