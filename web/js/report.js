// The rider's reports on the station card (POST /api/v1/stations/{id}/reports, no account): one tap for
// still here / closed now / gone for good; "report a problem" opens the kinds that need input (moved: a
// point picked on the map or the phone's position; wrong hours: OSM opening_hours, checked by the server;
// an amenity missing or not there: picked from the list; other: a comment) in a short form with big
// targets for one thumb. The phone's position is sent only as the station's suggested new position.
(function () {
  'use strict';
  const { map, api, el, t } = Y;
  const INPUT_KINDS = ['moved', 'wrong_hours', 'missing_amenity', 'extra_amenity', 'other'];
  const ICON = { moved: '📍', wrong_hours: '🕘', missing_amenity: '➕', extra_amenity: '➖', other: '💬' };
  const pickLayer = L.layerGroup();
  /** While a moved report waits for its point: takes a Leaflet LatLng. */
  let picking = null;
  const round6 = (v) => Math.round(v * 1e6) / 1e6;

  /** Stops waiting for a point and clears the suggested position from the map. */
  function cancel() {
    picking = null;
    pickLayer.clearLayers(); pickLayer.remove();
    map.getContainer().classList.remove('picking');
  }
  /** A map click for a moved report waiting for its point: true when taken. */
  function mapClick(latlng) {
    if (!picking) return false;
    picking(latlng);
    return true;
  }
  document.addEventListener('yizhan:view', (e) => { if (e.detail.name !== 'rider') cancel(); });

  /** The report controls for the card of station Feature f. */
  function bar(f) {
    cancel();
    const p = f.properties, [lon0, lat0] = f.geometry.coordinates;
    const status = el('p', { class: 'report-status', role: 'status' });
    const form = el('form', { class: 'report-form', hidden: true, novalidate: true });
    const kinds = el('div', { class: 'report-kinds', hidden: true }, INPUT_KINDS.map((k) =>
      el('button', { type: 'button', class: 'report-kind', 'data-kind': k, 'aria-pressed': 'false', onclick: () => open(k) },
        ICON[k] + ' ' + I18N.v('report', k))));
    const toggle = el('button', { type: 'button', class: 'report-toggle', 'aria-expanded': 'false', onclick: () => {
      const on = kinds.hidden;
      kinds.hidden = !on; toggle.setAttribute('aria-expanded', String(on));
      if (!on) close();
    } }, '⚠ ' + t('r.problem'));

    /** Sends a report; a 400 naming a field shows beside that field when the form has one. */
    async function send(body) {
      status.textContent = ''; // the existing tests wait for the answer: no interim text
      try {
        await api('/api/v1/stations/' + p.id + '/reports', { method: 'POST', body });
        status.textContent = t('r.thanks');
        return true;
      } catch (e) {
        const slot = e.status === 400 && e.field && form.querySelector(`[data-err="${e.field}"]`);
        if (slot) { slot.textContent = e.message; status.textContent = ''; } else {
          status.textContent = e.status === 429 ? t('r.tooMany') : t('a.error', { m: e.message });
        }
        return false;
      }
    }
    function close() {
      cancel();
      form.hidden = true; form.replaceChildren();
      kinds.querySelectorAll('.report-kind').forEach((b) => b.setAttribute('aria-pressed', 'false'));
    }
    const oneTap = (kind, cls, label) => el('button', { type: 'button', class: cls, onclick: () => { close(); send({ kind }); } }, label);

    function open(kind) {
      close();
      status.textContent = '';
      kinds.querySelectorAll('.report-kind').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.kind === kind)));
      const err = (name) => el('span', { class: 'ferr', 'data-err': name, role: 'alert' });
      const input = kind === 'moved' ? movedInput() : kind === 'wrong_hours' ? hoursInput()
        : kind === 'other' ? { parts: [], check: () => null, fill: () => {} } : amenityInput(kind);
      const comment = el('textarea', { name: 'comment', maxlength: 500, rows: 2 });
      const submit = el('button', { type: 'submit', class: 'primary report-send' }, t('r.send'));
      form.replaceChildren(
        el('h3', null, ICON[kind] + ' ' + I18N.v('report', kind)),
        ...input.parts,
        el('label', { class: 'full' }, el('span', null, t(kind === 'other' ? 'r.commentOther' : 'r.comment')), comment, err('comment')),
        el('p', { class: 'error', 'data-err': 'form', role: 'alert' }),
        el('div', { class: 'row' }, submit, el('button', { type: 'button', class: 'report-cancel', onclick: close }, t('a.cancel'))));
      form.hidden = false;
      const clearErrors = () => form.querySelectorAll('[data-err]').forEach((x) => { x.textContent = ''; });
      form.onchange = clearErrors; // a field error goes once the rider changes something
      form.onsubmit = async (ev) => {
        ev.preventDefault();
        clearErrors();
        const text = comment.value.trim();
        const problem = input.check() || (kind === 'other' && !text ? ['comment', t('r.needComment')] : null);
        if (problem) { form.querySelector(`[data-err="${problem[0]}"]`).textContent = problem[1]; return; }
        const body = { kind };
        input.fill(body);
        if (text) body.comment = text;
        submit.disabled = true;
        const ok = await send(body);
        submit.disabled = false;
        if (ok) { close(); kinds.hidden = true; toggle.setAttribute('aria-expanded', 'false'); }
      };
      form.scrollIntoView({ block: 'nearest' });
      (form.querySelector('input, textarea') || submit).focus({ preventScroll: true });

      function movedInput() {
        let point = null;
        const at = el('p', { class: 'report-point', 'data-picked': 'false' }, t('r.movedHint'));
        const show = (ll) => {
          point = ll;
          at.dataset.picked = 'true';
          at.textContent = t('r.picked', { lat: round6(ll.lat), lon: round6(ll.lng), d: I18N.metres(map.distance([lat0, lon0], ll)) });
        };
        const place = (ll) => {
          pickLayer.clearLayers(); pickLayer.addTo(map);
          L.polyline([[lat0, lon0], ll], { color: '#8a5a00', weight: 2, dashArray: '5 4', interactive: false }).addTo(pickLayer);
          const m = L.marker(ll, { draggable: true, keyboard: false,
            icon: L.divIcon({ className: 'y-pin new y-moved', html: '⇢', iconSize: [30, 30] }) }).addTo(pickLayer);
          m.on('dragend', () => place(m.getLatLng()));
          show(ll);
          clearErrors();
        };
        const pickBtn = el('button', { type: 'button', class: 'report-pick', onclick: () => {
          picking = place; map.getContainer().classList.add('picking'); at.textContent = t('r.tapMap');
        } }, t('r.pickMap'));
        const hereBtn = el('button', { type: 'button', class: 'report-here', onclick: () => {
          if (!navigator.geolocation) { at.textContent = t('rider.geoFail', { m: 'n/a' }); return; }
          at.textContent = t('rider.locating');
          navigator.geolocation.getCurrentPosition((g) => place(L.latLng(g.coords.latitude, g.coords.longitude)),
            (e) => { at.textContent = t('rider.geoFail', { m: e.message }); },
            { enableHighAccuracy: true, timeout: 10000, maximumAge: 30000 });
        } }, t('r.useHere'));
        return {
          parts: [el('div', { class: 'row' }, pickBtn, hereBtn), at, err('geometry')],
          check: () => (point ? null : ['geometry', t('r.needPoint')]),
          fill: (b) => { b.geometry = { type: 'Point', coordinates: [round6(point.lng), round6(point.lat)] }; },
        };
      }
      function hoursInput() {
        const h = el('input', { type: 'text', name: 'opening_hours', maxlength: 255, autocomplete: 'off', spellcheck: 'false',
          placeholder: 'Mo-Fr 09:00-18:00', value: p.opening_hours || '' });
        return {
          parts: [el('label', { class: 'full' }, el('span', null, t('r.hours')), h, el('small', { class: 'hint' }, t('r.hoursHint')),
            err('opening_hours'))],
          check: () => (h.value.trim() ? null : ['opening_hours', t('r.needHours')]),
          fill: (b) => { b.opening_hours = h.value.trim(); },
        };
      }
      function amenityInput(k) {
        const have = new Set(p.amenities || []);
        const choices = Object.keys(I18N.V.amenities).filter((a) => (k === 'missing_amenity' ? !have.has(a) : have.has(a)));
        const box = el('fieldset', { class: 'chips big' }, el('legend', null, t(k === 'missing_amenity' ? 'r.missingPick' : 'r.extraPick')),
          choices.map((a) => el('label', null, el('input', { type: 'checkbox', name: 'amenities', value: a }),
            I18N.icon('amenities', a) + ' ' + I18N.v('amenities', a))));
        const picked = () => [...box.querySelectorAll('input:checked')].map((c) => c.value);
        return {
          parts: [choices.length ? box : el('p', { class: 'hint' }, t(k === 'missing_amenity' ? 'r.allAmenities' : 'r.noAmenities')),
            err('amenities')],
          check: () => (picked().length ? null : ['amenities', t(choices.length ? 'r.needAmenity' : k === 'missing_amenity' ? 'r.allAmenities' : 'r.noAmenities')]),
          fill: (b) => { b.amenities = picked(); },
        };
      }
    }

    return el('div', { class: 'report' },
      el('div', { class: 'report-bar' },
        oneTap('still_here', 'still-here', '👍 ' + I18N.v('report', 'still_here')),
        oneTap('closed_now', 'report-closed', '🚫 ' + I18N.v('report', 'closed_now')),
        oneTap('closed_permanently', 'report-gone', I18N.v('report', 'closed_permanently')),
        toggle),
      kinds, form, status);
  }

  window.YReport = { bar, mapClick, cancel };
}());
