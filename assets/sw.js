// The nianbao service worker: the app keeps working offline after its first load.
// scripts/post-build.mjs copies this file to dist/sw.js and fills in the build's version and file list.
//
// - The app shell (index.html, the loader, JS, WASM, CSS, icon, manifest) is precached on install, in a cache named
//   after this build's version; activating a new version deletes the old shell caches.
// - fonts/ is cached on first use (the PDF export fetches only the font slices a report prints, when exporting) and
//   kept across versions: font files are asked for with their fonts.json version (?v=…), so a changed font is a new
//   URL. fonts/fonts.json itself, which names that version, comes from the network when possible, else the cache.
// - nianbao.config.json (deploy-time settings) is fetched from the network when possible, else from the cache.
// - A new version waits until the page asks it to take over (the writer clicked 刷新以更新), so nothing in progress
//   is lost to an update.
//
// Cache names end with the scope, since other apps (or other copies of this one) may share the origin.
const VERSION = '__NIANBAO_VERSION__';
const SHELL = __NIANBAO_SHELL__;

const SCOPE = self.registration.scope;
const SHELL_PREFIX = 'nianbao-shell-';
const SHELL_CACHE = `${SHELL_PREFIX}${VERSION} ${SCOPE}`;
const RUNTIME_CACHE = `nianbao-runtime ${SCOPE}`;
const INDEX = new URL('index.html', SCOPE).href;
const CONFIG = new URL('nianbao.config.json', SCOPE).href;
const FONTS = new URL('fonts/', SCOPE).href;
const FONTS_MANIFEST = new URL('fonts/fonts.json', SCOPE).href;
const SHELL_URLS = new Set(SHELL.map((path) => new URL(path, SCOPE).href));

self.addEventListener('install', (event) => {
    event.waitUntil(
        (async () => {
            const shell = await caches.open(SHELL_CACHE);
            await shell.addAll([...SHELL_URLS].map((url) => new Request(url, { cache: 'reload' })));
            // The settings too, so that an offline start still knows its allowed parents. A deployment may have
            // none; that is no reason to fail the install.
            const runtime = await caches.open(RUNTIME_CACHE);
            await runtime.add(new Request(CONFIG, { cache: 'reload' })).catch(() => {});
        })(),
    );
});

self.addEventListener('activate', (event) => {
    event.waitUntil(
        (async () => {
            for (const name of await caches.keys()) {
                if (name.startsWith(SHELL_PREFIX) && name.endsWith(` ${SCOPE}`) && name !== SHELL_CACHE) {
                    await caches.delete(name);
                }
            }
            await self.clients.claim();
        })(),
    );
});

self.addEventListener('message', (event) => {
    if (event.data?.type === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
    const request = event.request;
    if (request.method !== 'GET') return;
    const url = new URL(request.url);
    const path = url.origin + url.pathname;
    if (request.mode === 'navigate' && (path === SCOPE || path === INDEX)) {
        event.respondWith(fromShell(INDEX, request));
    } else if (SHELL_URLS.has(url.href)) {
        event.respondWith(fromShell(url.href, request));
    } else if (path === CONFIG || path === FONTS_MANIFEST) {
        event.respondWith(networkFirst(request));
    } else if (url.href.startsWith(FONTS)) {
        event.respondWith(cacheFirst(request));
    }
});

async function fromShell(url, request) {
    const cache = await caches.open(SHELL_CACHE);
    return (await cache.match(url)) ?? fetch(request);
}

async function cacheFirst(request) {
    const cache = await caches.open(RUNTIME_CACHE);
    const cached = await cache.match(request);
    if (cached) return cached;
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
}

async function networkFirst(request) {
    const cache = await caches.open(RUNTIME_CACHE);
    try {
        const response = await fetch(request, { cache: 'no-cache' });
        if (response.ok) await cache.put(request, response.clone());
        return response;
    } catch (offline) {
        const cached = await cache.match(request);
        if (cached) return cached;
        throw offline;
    }
}
