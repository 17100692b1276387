// Admin view: token sign-in (sessionStorage only), add / edit / move / delete stations with
// optimistic concurrency (If-Match), duplicate warnings, and file import with a per-row report.
(function () {
  'use strict';
  const { map, api, el, t, $ } = Y;
  const KEY = 'yizhan.token';
  const markers = L.layerGroup(), draft = L.layerGroup();
  let adding = false, editing = null, loadCtrl = null, dupTimer = null;

  // ---- session ----
  /** Tells the modules beside this view (moderation) who is signed in: the /me answer, or null. */
  function session(me) { document.dispatchEvent(new CustomEvent('yizhan:session', { detail: me })); }
  async function check() {
    try {
      const me = await api('/api/v1/me', { auth: true });
      $('a-who').textContent = t('a.who', { label: me.label, role: me.role });
      $('a-login').hidden = true; $('a-session').hidden = false; $('a-login-error').textContent = '';
      if (me.role === 'viewer') $('a-msg').textContent = t('a.forbidden');
      loadStations();
      session(me);
    } catch (e) {
      sessionStorage.removeItem(KEY);
      $('a-login').hidden = false; $('a-session').hidden = true;
      session(null);
      if (e.status === 401 || e.status === 403) $('a-login-error').textContent = t('a.badToken');
      else if (e.status) $('a-login-error').textContent = t('a.error', { m: e.message });
    }
  }
  $('a-login').addEventListener('submit', (e) => {
    e.preventDefault();
    const tok = $('a-token').value.trim();
    if (!tok) return;
    sessionStorage.setItem(KEY, tok); $('a-token').value = '';
    check();
  });
  $('a-signout').addEventListener('click', () => {
    sessionStorage.removeItem(KEY); closeForm(); markers.clearLayers();
    $('a-login').hidden = false; $('a-session').hidden = true;
    session(null);
  });

  // ---- stations on the map: vector tiles of every status at every zoom (stationlayer.js); from zoom 15
  // on, up to 400 draggable markers from the JSON API on top of them, to move and edit ----
  const ALL_STATUSES = 'status=open,temporarily_closed,closed';
  let loadTimer = null;
  function loadStations() { clearTimeout(loadTimer); loadTimer = setTimeout(loadNow, 150); }
  async function loadNow() {
    if (!sessionStorage.getItem(KEY) || Y.current() !== 'admin') return;
    if (loadCtrl) loadCtrl.abort();
    if (map.getZoom() < 15) { markers.clearLayers(); return; }
    loadCtrl = new AbortController();
    const b = map.getBounds().pad(0.05);
    let pts;
    try {
      const features = await Y.stationsIn(b, ALL_STATUSES, loadCtrl.signal);
      pts = features.map((f) => ({ lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1], f, faded: f.properties.status !== 'open' }));
    } catch (e) { if (e.name !== 'AbortError') $('a-msg').textContent = t('a.error', { m: e.message }); return; }
    markers.clearLayers();
    if (pts.length <= 400) {
      for (const p of pts) {
        const m = L.marker([p.lat, p.lon], { draggable: true, title: p.f.properties.name, autoPan: true,
          icon: L.divIcon({ className: 'y-pin' + YFresh.cls(p.f.properties), html: I18N.icon('kind', p.f.properties.kind) || '•', iconSize: [26, 26] }) });
        // in add mode a click on a marker places the new station there (next to an existing one)
        m.on('click', (e) => (adding ? Y.views.admin.click(e) : edit(p.f.properties.id)));
        m.on('dragend', () => move(p.f, m));
        m.addTo(markers);
      }
    }
  }

  async function move(f, m) {
    const ll = m.getLatLng(), id = f.properties.id;
    try {
      const r = await api('/api/v1/stations/' + id, { method: 'PATCH', auth: true, headers: {
        'Content-Type': 'application/merge-patch+json', 'If-Match': '"' + f.properties.version + '"' },
      body: { geometry: { type: 'Point', coordinates: [round6(ll.lng), round6(ll.lat)] } } });
      f.properties.version = r.properties.version; f.geometry = r.geometry;
      $('a-msg').textContent = t('a.moved', { id });
      if (editing && editing.id === id) edit(id);
    } catch (e) {
      m.setLatLng([f.geometry.coordinates[1], f.geometry.coordinates[0]]);
      if (e.status === 412) conflictBox($('a-msg'), id, f.properties.version, () => loadNow());
      else $('a-msg').textContent = t('a.error', { m: e.message });
    }
  }
  const round6 = (v) => Math.round(v * 1e6) / 1e6;

  // ---- the form ----
  const TEXT = ['external_id', 'address', 'district_code', 'opening_hours', 'rider_discount', 'operator', 'phone'];
  function field(name, control, full) {
    return el('label', { class: full ? 'full' : null, 'data-field': name },
      el('span', null, fieldLabel(name)), control, el('span', { class: 'ferr', id: 'err-' + name, role: 'alert' }));
  }
  function fieldLabel(n) {
    if (n === 'lon' || n === 'lat') return t('a.' + n);
    const label = t('af.' + n);
    return label === 'af.' + n ? n : label;
  }
  function select(name, group, blank) {
    const s = el('select', { name, id: 'a-' + name });
    Y.fillSelect(s, group, blank ? '—' : null);
    return s;
  }
  function checks(name, group) {
    return el('fieldset', { class: 'chips', id: 'a-' + name }, Object.keys(I18N.V[group]).map((v) =>
      el('label', null, el('input', { type: 'checkbox', name, value: v }), (I18N.icon(group, v) + ' ' + I18N.v(group, v)).trim())));
  }
  function buildForm(f, etag) {
    const p = f.properties, [lon, lat] = f.geometry.coordinates, form = $('a-form');
    const inp = (name, type, attrs) => el('input', Object.assign({ type: type || 'text', name, id: 'a-' + name }, attrs || {}));
    form.replaceChildren(
      el('h2', null, p.id ? t('a.edit', { id: p.id, v: p.version }) : t('a.new')),
      el('div', { id: 'a-dup' }),
      el('div', { id: 'a-conflict' }),
      el('div', { class: 'grid2' },
        field('name', inp('name', 'text', { maxlength: 120, required: true }), true),
        field('kind', select('kind', 'kind', false)),
        field('category', select('category', 'category', true)),
        field('status', select('status', 'status', false)),
        field('access', select('access', 'access', true)),
        field('scene', select('scene', 'scene', true)),
        field('capacity', inp('capacity', 'number', { min: 0, max: 100000, step: 1 })),
        field('address', inp('address', 'text', { maxlength: 300 }), true),
        field('opening_hours', inp('opening_hours', 'text', { placeholder: 'Mo-Su 08:00-20:00' }), true),
        field('phone', inp('phone', 'text', { inputmode: 'tel' })),
        field('district_code', inp('district_code', 'text', { inputmode: 'numeric', maxlength: 6 })),
        field('operator', inp('operator')),
        field('external_id', inp('external_id')),
        field('rider_discount', inp('rider_discount'), true),
        field('last_verified_at', inp('last_verified_at', 'datetime-local')),
        el('label', { class: 'check', 'data-field': 'demo' }, inp('demo', 'checkbox'), fieldLabel('demo'), el('span', { class: 'ferr', id: 'err-demo' })),
        field('amenities', checks('amenities', 'amenities'), true),
        field('vehicle_types', checks('vehicle_types', 'vehicle_types'), true),
        field('lon', inp('lon', 'number', { step: 'any' })),
        field('lat', inp('lat', 'number', { step: 'any' })),
        el('span', { class: 'ferr full', id: 'err-geometry', role: 'alert' })),
      el('p', { class: 'error', id: 'a-form-error', role: 'alert' }),
      el('div', { class: 'row' },
        el('button', { class: 'primary', type: 'submit', id: 'a-save' }, t('a.save')),
        el('button', { type: 'button', onclick: closeForm }, t('a.cancel')),
        p.id ? el('button', { class: 'danger', type: 'button', id: 'a-delete', onclick: () => confirmDelete() }, t('a.delete')) : null),
      el('div', { id: 'a-confirm' }));
    const fv = (n) => form.elements[n];
    fv('name').value = p.name || '';
    fv('kind').value = p.kind || 'rest_station';
    fv('category').value = p.category || (p.id ? '' : 'union_station');
    fv('status').value = p.status || 'open';
    for (const n of ['access', 'scene']) fv(n).value = p[n] || '';
    for (const n of TEXT) fv(n).value = p[n] || '';
    fv('capacity').value = p.capacity ?? '';
    fv('demo').checked = !!p.demo;
    if (p.last_verified_at) {
      const d = new Date(p.last_verified_at), z = (x) => String(x).padStart(2, '0');
      fv('last_verified_at').value = `${d.getFullYear()}-${z(d.getMonth() + 1)}-${z(d.getDate())}T${z(d.getHours())}:${z(d.getMinutes())}`;
    }
    for (const n of ['amenities', 'vehicle_types']) form.querySelectorAll(`input[name=${n}]`).forEach((c) => { c.checked = (p[n] || []).includes(c.value); });
    fv('lon').value = round6(lon); fv('lat').value = round6(lat);
    editing = { id: p.id || null, etag, version: p.version };
    form.hidden = false;
    kindChanged();
    form.onchange = (e) => { if (e.target.name === 'kind') kindChanged(); if (['kind', 'name', 'lon', 'lat'].includes(e.target.name)) duplicates(); if (e.target.name === 'lon' || e.target.name === 'lat') drawDraft(); };
    drawDraft();
    duplicates();
    fv('name').focus();
  }
  function kindChanged() {
    const k = $('a-form').elements.kind.value;
    const showIf = (n, on) => { $('a-form').querySelector(`[data-field=${n}]`).hidden = !on; };
    showIf('category', k === 'rest_station'); showIf('vehicle_types', k === 'parking'); showIf('rider_discount', k === 'meal');
  }
  function drawDraft() {
    draft.clearLayers();
    const f = $('a-form').elements, lat = Number(f.lat.value), lon = Number(f.lon.value);
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) return;
    const m = L.marker([lat, lon], { draggable: true, icon: L.divIcon({ className: 'y-pin new', html: '✎', iconSize: [26, 26] }) }).addTo(draft);
    m.on('dragend', () => { const ll = m.getLatLng(); f.lon.value = round6(ll.lng); f.lat.value = round6(ll.lat); duplicates(); });
  }
  function read() {
    const form = $('a-form'), f = form.elements, k = f.kind.value, props = {};
    const val = (n) => { const v = f[n].value.trim(); return v === '' ? null : v; };
    props.name = val('name'); props.kind = k;
    props.category = k === 'rest_station' ? val('category') : null;
    props.status = val('status'); props.access = val('access'); props.scene = val('scene');
    for (const n of TEXT) props[n] = val(n);
    if (k !== 'meal') props.rider_discount = null;
    props.capacity = val('capacity') == null ? null : Number(val('capacity'));
    props.demo = f.demo.checked;
    props.last_verified_at = val('last_verified_at') ? new Date(val('last_verified_at')).toISOString() : null;
    props.amenities = [...form.querySelectorAll('input[name=amenities]:checked')].map((c) => c.value);
    props.vehicle_types = k === 'parking' ? [...form.querySelectorAll('input[name=vehicle_types]:checked')].map((c) => c.value) : null;
    if (props.vehicle_types && !props.vehicle_types.length) props.vehicle_types = null;
    return { type: 'Feature', geometry: { type: 'Point', coordinates: [Number(f.lon.value), Number(f.lat.value)] }, properties: props };
  }
  function clearErrors() {
    $('a-form').querySelectorAll('.ferr').forEach((e) => { e.textContent = ''; });
    $('a-form').querySelectorAll('.bad').forEach((e) => e.classList.remove('bad'));
    $('a-form-error').textContent = ''; $('a-conflict').replaceChildren();
  }
  function showError(e) {
    const slot = e.field && $('err-' + e.field);
    if (slot && e.status === 400) {
      slot.textContent = e.message;
      const c = $('a-form').elements[e.field] || $('a-' + e.field);
      if (c && c.classList) { c.classList.add('bad'); if (c.focus) c.focus(); }
      slot.closest('label, span').scrollIntoView({ block: 'nearest' });
    } else if (e.status === 412) {
      conflictBox($('a-conflict'), editing.id, editing.version, () => edit(editing.id));
      $('a-conflict').scrollIntoView({ block: 'center' });
    } else $('a-form-error').textContent = t('a.error', { m: e.message });
  }
  async function save(ev) {
    ev.preventDefault();
    clearErrors();
    const feature = read();
    try {
      if (editing.id) {
        const r = await api('/api/v1/stations/' + editing.id, { method: 'PATCH', auth: true, body: feature,
          headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': editing.etag } });
        $('a-msg').textContent = t('a.saved', { id: r.properties.id, v: r.properties.version });
      } else {
        for (const k of Object.keys(feature.properties)) if (feature.properties[k] == null) delete feature.properties[k];
        const r = await api('/api/v1/stations', { method: 'POST', auth: true, body: feature });
        $('a-msg').textContent = t('a.created', { id: r.properties.id });
      }
      closeForm(); loadNow();
    } catch (e) { showError(e); }
  }
  function conflictBox(target, id, mine, reload) {
    target.replaceChildren(el('div', { class: 'conflict', role: 'alert', id: 'conflict' }, el('p', { class: 'conflict-text' }, '…')));
    api('/api/v1/stations/' + id).then((cur) => {
      target.replaceChildren(el('div', { class: 'conflict', role: 'alert', id: 'conflict' },
        el('p', { class: 'conflict-text' }, t('a.conflict', { mine, theirs: cur.properties.version })),
        el('div', { class: 'row' },
          el('button', { type: 'button', class: 'primary', id: 'conflict-reload', onclick: () => { target.replaceChildren(); reload(); } }, t('a.reload')),
          el('button', { type: 'button', onclick: () => target.replaceChildren() }, t('a.keep')))));
      target.scrollIntoView({ block: 'nearest' });
    }).catch((e) => {
      target.replaceChildren(el('div', { class: 'conflict', role: 'alert', id: 'conflict' }, el('p', { class: 'conflict-text' }, t('a.error', { m: e.message }))));
    });
  }
  function confirmDelete() {
    const name = $('a-form').elements.name.value;
    $('a-confirm').replaceChildren(el('div', { class: 'warn', role: 'alertdialog' }, el('p', null, t('a.confirmDelete', { name })),
      el('div', { class: 'row' },
        el('button', { type: 'button', class: 'danger', id: 'a-delete-yes', onclick: doDelete }, t('a.yesDelete')),
        el('button', { type: 'button', onclick: () => $('a-confirm').replaceChildren() }, t('a.cancel')))));
    $('a-delete-yes').focus();
  }
  async function doDelete() {
    const id = editing.id;
    try {
      await api('/api/v1/stations/' + id, { method: 'DELETE', auth: true, headers: { 'If-Match': editing.etag } });
      $('a-msg').textContent = t('a.deleted', { id }); closeForm(); loadNow();
    } catch (e) { $('a-confirm').replaceChildren(); showError(e); }
  }
  async function edit(id) {
    closeForm();
    try { const f = await api('/api/v1/stations/' + id); buildForm(f, f._etag); } catch (e) { $('a-msg').textContent = t('a.error', { m: e.message }); }
  }
  function closeForm() { $('a-form').hidden = true; $('a-form').replaceChildren(); draft.clearLayers(); editing = null; }
  $('a-form').addEventListener('submit', save);

  // Same kind within 30 m, or the same name within 200 m: likely a duplicate.
  function duplicates() {
    clearTimeout(dupTimer);
    dupTimer = setTimeout(async () => {
      const form = $('a-form'); if (form.hidden) return;
      const f = form.elements, lon = Number(f.lon.value), lat = Number(f.lat.value), name = f.name.value.trim(), self = editing && editing.id;
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) return;
      const box = $('a-dup'), out = [];
      try {
        const near = await api(`/api/v1/stations/nearest?lon=${lon}&lat=${lat}&kind=${f.kind.value}&max_distance_m=30&limit=5&status=open,temporarily_closed,closed`);
        const same = near.features.filter((x) => x.properties.id !== self);
        if (same.length) out.push(t('a.dupKind', { names: same.map((x) => x.properties.name + ' (' + Math.round(x.properties.distance_m) + ' m)').join('、') }));
        if (name) {
          const norm = (s) => s.replace(/\s+/g, '').toLowerCase();
          const around = await api(`/api/v1/stations/nearest?lon=${lon}&lat=${lat}&max_distance_m=200&limit=50&status=open,temporarily_closed,closed`);
          const named = around.features.filter((x) => x.properties.id !== self && norm(x.properties.name) === norm(name));
          if (named.length) out.push(t('a.dupName', { names: named.map((x) => x.properties.name + ' (' + Math.round(x.properties.distance_m) + ' m)').join('、') }));
        }
      } catch (e) { /* advisory only */ }
      box.replaceChildren(...out.map((s) => el('p', { class: 'warn dup' }, s)));
    }, 250);
  }

  // ---- add and import ----
  $('a-add').addEventListener('click', () => {
    adding = !adding;
    $('a-add').setAttribute('aria-pressed', String(adding));
    $('a-msg').textContent = adding ? t('a.addHint') : '';
  });
  $('a-file').addEventListener('change', async () => {
    const file = $('a-file').files[0]; if (!file) return;
    const csv = /\.csv$/i.test(file.name) || file.type === 'text/csv';
    const out = $('a-import-report');
    out.replaceChildren(el('p', null, t('a.importing')));
    try {
      const r = await api('/api/v1/stations/import?mode=best_effort', { method: 'POST', auth: true, body: file,
        headers: { 'Content-Type': csv ? 'text/csv' : 'application/geo+json' } });
      const rows = r.rejected || [], warnings = r.warnings || [];
      const table = (id, list, what) => list.length ? el('div', { class: 'tablewrap' }, el('table', { id },
        el('tr', null, el('th', null, t('a.row')), el('th', null, t('a.field')), el('th', null, what)),
        list.map((x) => el('tr', null, el('td', null, x.index), el('td', null, x.field || ''), el('td', { style: 'white-space:normal;text-align:left' }, x.message))))) : null;
      out.replaceChildren(el('p', { class: 'ok', id: 'a-import-summary' },
        t('a.report', { i: r.inserted, u: r.updated, n: r.unchanged || 0, r: rows.length, w: warnings.length })),
      table('a-import-rejected', rows, t('a.msg')), table('a-import-warnings', warnings, t('a.dup')));
      loadNow();
    } catch (e) { out.replaceChildren(el('p', { class: 'error' }, t('a.error', { m: e.message }))); }
    $('a-file').value = '';
  });

  Y.views.admin = {
    enter() { YStations.show(ALL_STATUSES); markers.addTo(map); draft.addTo(map); map.on('moveend', loadStations); if (sessionStorage.getItem(KEY)) check(); },
    leave() { markers.remove(); draft.remove(); map.off('moveend', loadStations); },
    click(e) {
      if (!sessionStorage.getItem(KEY)) return;
      if (adding) {
        adding = false; $('a-add').setAttribute('aria-pressed', 'false'); $('a-msg').textContent = '';
        buildForm({ type: 'Feature', geometry: { type: 'Point', coordinates: [e.latlng.lng, e.latlng.lat] }, properties: {} }, null);
        return;
      }
      const c = YStations.hit(e.latlng);
      if (c && c.cluster) YStations.zoomInto(c);
      else if (c && c.id != null) edit(c.id);
    },
    edit,
    check, // signin.js signs in with a name and password, then checks like a pasted token
  };
}());
