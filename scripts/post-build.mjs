// Trunk post_build hook (Trunk.toml): writes the app's loader (nianbao.js) and service worker (sw.js) into the
// staging directory with this build's hashed file names, and versions the loader's URL in index.html.
// Trunk's own loader is an inline script, which a strict Content-Security-Policy blocks; ours is a file.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
const source = process.env.TRUNK_SOURCE_DIR ?? process.cwd();
const release = process.env.TRUNK_PROFILE === 'release';
if (!staging) throw new Error('post-build: TRUNK_STAGING_DIR is not set (run by trunk build)');

const fail = (why) => {
    console.error(`post-build: ${why}`);
    process.exit(1);
};
const files = readdirSync(staging).filter((name) => statSync(join(staging, name)).isFile());
const one = (pattern, what) => {
    const found = files.filter((name) => pattern.test(name));
    if (found.length !== 1) fail(`expected one ${what} in ${staging}, found ${found.join(', ') || 'none'}`);
    return found[0];
};
const js = one(/^nianbao-web(-[0-9a-f]+)?\.js$/, 'wasm-bindgen JS file');
const wasm = one(/^nianbao-web(-[0-9a-f]+)?_bg\.wasm$/, 'WASM file');
const css = one(/^main(-[0-9a-f]+)?\.css$/, 'stylesheet');

const loaderTemplate = readFileSync(join(source, 'assets/loader.js'), 'utf8');
const workerTemplate = readFileSync(join(source, 'assets/sw.js'), 'utf8');

// Files fetched at run time rather than precached: the deploy-time settings and the loader's own outputs.
const notShell = new Set(['sw.js', 'nianbao.js', 'nianbao.config.json']);
const shellFiles = files.filter((name) => !notShell.has(name)).sort();
const hash = createHash('sha256');
for (const name of shellFiles) hash.update(name).update(readFileSync(join(staging, name)));
hash.update(loaderTemplate).update(workerTemplate);
const version = hash.digest('hex').slice(0, 16);

const loader = loaderTemplate
    .replace('__NIANBAO_JS__', js)
    .replace('__NIANBAO_BUILD__', JSON.stringify({ version, js, wasm, css, serviceWorker: release }));
writeFileSync(join(staging, 'nianbao.js'), loader);

// Trunk wrote <script type="module" src="./nianbao.js"> (pattern_script); a version in the URL keeps a browser from
// pairing a new index.html with a cached old loader.
const indexPath = join(staging, 'index.html');
const html = readFileSync(indexPath, 'utf8');
const scriptSrc = /(<script\b[^>]*\bsrc=["']?)\.\/nianbao\.js(["'\s>])/g;
if ((html.match(scriptSrc) ?? []).length !== 1) fail('index.html must load ./nianbao.js exactly once');
const loaderUrl = `./nianbao.js?v=${version}`;
const versioned = html.replace(scriptSrc, `$1${loaderUrl}$2`);
// What a strict CSP would block, caught at build time: inline scripts, inline styles, event handler attributes.
// (Only in release builds: `trunk serve` adds an inline auto-reload script of its own to development builds.)
if (release) {
    for (const tag of versioned.match(/<script\b[^>]*>/g) ?? []) {
        if (!/\bsrc=/.test(tag)) fail(`index.html has an inline script: ${tag}`);
    }
    if (/<style\b|\sstyle=|\son[a-z]+=/i.test(versioned)) fail('index.html has an inline style or event handler');
}
writeFileSync(indexPath, versioned);

const shell = [...shellFiles, loaderUrl];
const worker = release
    ? workerTemplate.replace('__NIANBAO_VERSION__', version).replace('__NIANBAO_SHELL__', JSON.stringify(shell))
    : // `trunk serve` rebuilds on every change: a caching worker would serve stale builds, so a development build
      // ships one that removes whatever a release build installed on this origin and steps aside.
      `// Development build: no offline cache.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.endsWith(' ' + self.registration.scope)) await caches.delete(name);
    await self.registration.unregister();
})()));
`;
writeFileSync(join(staging, 'sw.js'), worker);
console.log(`post-build: nianbao.js and sw.js written (version ${version}, ${shell.length} shell files)`);
