// Bundles the map page's front-end packages into <out>/vendor/maplibre/ (default: target/classes/webroot,
// the class path's web root). Run by Maven (exec-maven-plugin, generate-resources); by hand:
//   node web-bundle/build.mjs [out]
// Installs the packages first with `npm ci` (exactly package-lock.json) when node_modules does not match
// the lock file, so that a fresh machine needs only node, npm and the npm registry; nothing is fetched
// when the page runs.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(resolve(process.argv[2] || join(here, '..', 'target', 'classes', 'webroot')), 'vendor', 'maplibre');

// npm ci writes node_modules/.package-lock.json: equal to the lock's packages means installed as locked.
function installed() {
    const lock = join(here, 'package-lock.json'), hidden = join(here, 'node_modules', '.package-lock.json');
    if (!existsSync(hidden)) return false;
    const want = JSON.parse(readFileSync(lock, 'utf8')).packages, have = JSON.parse(readFileSync(hidden, 'utf8')).packages;
    // optional packages (esbuild's binaries for other platforms) are not installed on this one
    return Object.keys(want).filter((k) => k !== '' && !want[k].optional)
        .every((k) => have[k] && have[k].version === want[k].version);
}
if (!installed()) {
    console.log('[web-bundle] npm ci');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: here, stdio: 'inherit' });
}

const esbuild = await import(join(here, 'node_modules', 'esbuild', 'lib', 'main.js'));
mkdirSync(out, { recursive: true });
await esbuild.build({
    entryPoints: [join(here, 'entry.js')],
    outfile: join(out, 'maplibre-leaflet.js'),
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    legalComments: 'eof',
    logLevel: 'warning',
    alias: { leaflet: join(here, 'leaflet-global.js') },
    // A classic script has no import.meta: MapLibre finds its worker beside the script that loaded it.
    banner: { js: 'var __yizhanScriptUrl = document.currentScript && document.currentScript.src;' },
    define: { 'import.meta.url': '__yizhanScriptUrl' },
});
const dist = join(here, 'node_modules', 'maplibre-gl', 'dist');
copyFileSync(join(dist, 'maplibre-gl-worker.mjs'), join(out, 'maplibre-gl-worker.js'));
copyFileSync(join(dist, 'maplibre-gl.css'), join(out, 'maplibre-gl.css'));
copyFileSync(join(here, 'node_modules', 'maplibre-gl', 'LICENSE.txt'), join(out, 'LICENSE-maplibre-gl.txt'));
console.log('[web-bundle] wrote ' + out);
