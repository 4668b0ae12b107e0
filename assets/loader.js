// The nianbao loader: starts the app in the page that includes it, with no inline script (strict CSP).
// scripts/post-build.mjs copies this file to dist/nianbao.js and fills in the build's hashed file names; a portal
// that mounts the app into its own page includes it as <script type="module" src=".../nianbao.js">.
import init from './__NIANBAO_JS__';

const BUILD = __NIANBAO_BUILD__;
const base = new URL('./', import.meta.url);

// The element the app lives in: the host page's [data-nianbao-mount] or #nianbao-app, else a new one at the end.
let mount = document.querySelector('[data-nianbao-mount]') ?? document.getElementById('nianbao-app');
if (!mount) {
    mount = document.createElement('div');
    mount.id = 'nianbao-app';
    document.body.append(mount);
}
mount.classList.add('nianbao');
// The app reads its files (nianbao.config.json, fonts/) relative to here, not to the host page.
mount.dataset.nianbaoBase = base.href;

// index.html links the stylesheet itself; a host page gets it from here.
const css = new URL(BUILD.css, base).href;
if (![...document.querySelectorAll('link[rel~="stylesheet"]')].some((link) => link.href === css)) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = css;
    document.head.append(link);
}

try {
    await init({ module_or_path: new URL(BUILD.wasm, base) });
} catch (error) {
    // WebKit (Safari) reports neither an error event nor an unhandled rejection when a module's top-level await
    // rejects, so the start-up check (boot-check.js) would never say the app failed to start; an error thrown from
    // a task reaches its window listener in every engine.
    setTimeout(() => {
        throw error;
    });
    throw error;
}

// Offline use: only a page inside the app's own folder can be controlled by its service worker, so a portal page
// that mounts the app elsewhere registers none.
if (BUILD.serviceWorker && 'serviceWorker' in navigator && location.href.startsWith(base.href)) {
    registerServiceWorker().catch((error) => console.warn('nianbao: service worker not registered', error));
}

async function registerServiceWorker() {
    const registration = await navigator.serviceWorker.register(new URL('sw.js', base));
    let accepted = false;
    const announce = () => {
        mount.dataset.nianbaoUpdate = 'ready';
        mount.dispatchEvent(new CustomEvent('nianbao:update-ready'));
    };
    const watch = (worker) =>
        worker?.addEventListener('statechange', () => {
            // A new version waits while an old one controls the page; the first install is no update.
            if (worker.state === 'installed' && navigator.serviceWorker.controller) announce();
        });
    if (registration.waiting && navigator.serviceWorker.controller) announce();
    watch(registration.installing);
    registration.addEventListener('updatefound', () => watch(registration.installing));
    // The app sends this once the writer has chosen to update and the work in progress is kept.
    mount.addEventListener('nianbao:apply-update', () => {
        accepted = true;
        if (registration.waiting) registration.waiting.postMessage({ type: 'skip-waiting' });
        else location.reload();
    });
    navigator.serviceWorker.addEventListener('controllerchange', () => {
        if (accepted) location.reload();
    });
}
