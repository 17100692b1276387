// The plugin's require('leaflet'): the page's Leaflet, already loaded as a classic script.
module.exports = window.L;
