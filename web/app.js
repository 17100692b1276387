// A first map page: stations on a neutral background (no tile server needed), tap for the nearest ones.
// Talks WGS 84 to the API, like any other client.
(function () {
  'use strict';
  const map = L.map('map', { preferCanvas: true }).setView([31.23, 121.47], 11);
  const kindColour = { rest_station: '#0b6e4f', parking: '#1f5fbf', meal: '#c2571a' };
  const stations = L.layerGroup().addTo(map);
  const picked = L.layerGroup().addTo(map);

  function loadStations() {
    const b = map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(',');
    fetch('/api/v1/stations?limit=1000&bbox=' + bbox)
      .then((r) => r.json())
      .then((fc) => {
        stations.clearLayers();
        fc.features.forEach((f) => {
          const [lon, lat] = f.geometry.coordinates;
          L.circleMarker([lat, lon], { radius: 4, weight: 1, color: kindColour[f.properties.kind] || '#444' })
            .bindTooltip(f.properties.name).addTo(stations);
        });
      });
  }

  function text(s) { const span = document.createElement('span'); span.textContent = s; return span; }

  map.on('click', (e) => {
    const q = 'lon=' + e.latlng.lng.toFixed(6) + '&lat=' + e.latlng.lat.toFixed(6) + '&limit=10&max_distance_m=5000';
    fetch('/api/v1/stations/nearest?' + q)
      .then((r) => r.json())
      .then((fc) => {
        picked.clearLayers();
        L.circleMarker(e.latlng, { radius: 7, color: '#000' }).addTo(picked);
        const list = document.getElementById('list');
        list.replaceChildren();
        document.getElementById('hint').textContent =
          '5 公里内共 ' + (fc.numberMatched ?? fc.numberReturned) + ' 个，显示最近 ' + fc.numberReturned + ' 个';
        fc.features.forEach((f) => {
          const p = f.properties;
          const li = document.createElement('li');
          li.append(text(p.name + ' · ' + Math.round(p.distance_m) + ' 米 '));
          const badge = text(p.open_now === true ? '营业中' : p.open_now === false ? '未营业' : '时间未知');
          badge.className = p.open_now === true ? 'open' : 'closed';
          li.append(badge);
          list.append(li);
          const [lon, lat] = f.geometry.coordinates;
          L.circleMarker([lat, lon], { radius: 8, color: '#f2b705', weight: 3 }).bindTooltip(p.name).addTo(picked);
        });
      });
  });

  map.on('moveend', loadStations);
  loadStations();
}());
