// The map page's one front-end bundle: MapLibre GL JS hosted as a layer inside the page's Leaflet map
// (@maplibre/maplibre-gl-leaflet). Leaflet itself is the WebJar's (/vendor/leaflet, global L), loaded
// before this script; see leaflet-global.js. Exposes window.maplibregl and L.maplibreGL.
import * as maplibregl from 'maplibre-gl';
import '@maplibre/maplibre-gl-leaflet';

// The worker is served beside this script, as .js (a JavaScript type for every static server).
maplibregl.setWorkerUrl(new URL('maplibre-gl-worker.js', document.currentScript.src).href);
window.maplibregl = maplibregl;
