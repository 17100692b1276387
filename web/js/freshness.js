// Freshness, the same on every view that draws stations: a stale station (not verified for
// YIZHAN_STALE_DAYS; the server says so in `stale` on every read) is drawn grey whatever its kind, its
// DOM marker carries the class "stale", and its card says "may be out of date" with the last verified date.
(function () {
  'use strict';
  const { t } = I18N;
  /** The fill of a stale station on the map (dots drawn from the tiles, circle markers). */
  const GREY = '#8c959b';

  /** A station's fill: its usual colour, or grey when stale. */
  function colour(p, usual) { return p.stale ? GREY : usual; }
  /** ' stale' for a stale station's DOM marker class list, else ''. */
  function cls(p) { return p.stale ? ' stale' : ''; }
  /** "信息可能过时 · 最后核实 2025-03-01" (or "从未核实") for a stale station, else null. */
  function note(p) {
    if (!p.stale) return null;
    return t('d.stale') + ' · ' + (p.last_verified_at ? t('fr.lastVerified', { d: p.last_verified_at.slice(0, 10) }) : t('fr.never'));
  }
  window.YFresh = { GREY, colour, cls, note };
}());
