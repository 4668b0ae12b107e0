// The third engine of the end-to-end tests: Debian's WebKitGTK (the engine of Safari), driven over classic W3C
// WebDriver by its WebKitWebDriver and MiniBrowser, behind the subset of Playwright's API the suites use, so that a
// suite is written once and runs in Chromium, Firefox and WebKit. Playwright cannot drive a stock WebKitGTK (its
// WebKit is a patched build it downloads); selenium-webdriver (npm) speaks to /usr/bin/WebKitWebDriver, one started
// here for each context on a free loopback port (it takes one session at a time: "Maximum number of active
// sessions"), and downloads nothing (no Selenium Manager: the driver's address is given).
//
// MiniBrowser needs a display: without DISPLAY an Xvfb server is started here for the test file (Debian's xvfb).
//
// What each Playwright object supports here (anything else is not there: calling it is a TypeError, or, where the
// suites use it, an `Unsupported` error saying why, which the harness's `test` reports as a named skip):
//
//   Browser   newContext({ viewport, javaScriptEnabled }), newPage(options), close(). A viewport is the page's exact
//             inner size (the window is sized, measured and sized again: MiniBrowser's toolbar takes some of it).
//             A context is one session of a WebKitWebDriver of its own: its own MiniBrowser with an ephemeral website
//             data store (fresh storage, no service worker yet), as a Playwright context is. `javaScriptEnabled: false` starts
//             MiniBrowser with --enable-javascript=false.
//   Context   newPage(), pages(), close(). addInitScript, setOffline, newCDPSession: Unsupported.
//   Page      goto, reload, close, title, context(), evaluate(fn | source, arg) (an async fn is awaited, for up to
//             115 s: WebDriver's script timeout), evaluateHandle(fn, arg) (the value stays in the page, for
//             dispatchEvent), dispatchEvent(selector, type, init), frame(name | { url }), getByText, waitForFunction,
//             waitForTimeout,
//             screenshot({ path }) (the viewport: WebDriver has no full-page screenshot), waitForEvent('download' |
//             'load'), on/off('pageerror' | 'console') (errors and console.error of the page, seen by a hook the
//             adapter puts into each document on its first use after a load, so not those before it),
//             on('dialog') (never called: the session's unhandledPromptBehavior is "dismiss and notify", so by the
//             WebDriver standard an alert, confirm or prompt fails the next command with "unexpected alert open" —
//             not tried here; WebDriver's navigation commands show no beforeunload prompt at all),
//             keyboard.press/type/insertText, mouse.move/click, locator, getByRole, getByLabel.
//             request.get (Node's fetch, as Playwright's API requests are made outside the page).
//             The hook also records Content-Security-Policy violations (harness.mjs's cspViolations reads them).
//             frameLocator(css) and frames() (the top document and its iframes as of the adapter's last command,
//             each with url() — an iframe's src — evaluate and locators; commands switch into the frame).
//             route, clock, pdf, on('request' | 'response' | 'requestfailed' | 'worker' | 'crash'): Unsupported.
//   Locator   getByRole, getByLabel, getByText, locator(css, { hasText, has }), filter({ hasText, has }), first(),
//             last(), nth(n), count, waitFor({ state, timeout }), click, check, uncheck, fill, press, pressSequentially, focus,
//             inputValue, textContent, innerText, allTextContents, getAttribute, isVisible, isHidden, isEnabled, evaluate, evaluateAll,
//             boundingBox (top document), scrollIntoViewIfNeeded, dispatchEvent(type, init) (Playwright's own, with
//             JSHandles from evaluateHandle), setInputFiles(path | { name, mimeType, buffer } | a list).
//             Locators are Playwright's own selectors (internal:role=…, internal:label=…, has-text, has, nth),
//             resolved in the page by Playwright's injected selector engine from playwright-core, so getByRole and
//             getByLabel match exactly what they match in the other two engines. Actions are strict (one element) and
//             wait for it as Playwright does; click and pressSequentially are WebDriver's element click and send
//             keys (real pointer and key events); fill selects the field's text and inserts the new text with the
//             insertText editing command (one input event, like Playwright's fill).
//   Download  suggestedFilename, path, saveAs, delete. MiniBrowser saves a download in $HOME, which is a fresh
//             folder per context here: a download is a new file there.
import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { Capabilities, Key, WebDriver } from 'selenium-webdriver';
import { Executor, HttpClient } from 'selenium-webdriver/http/index.js';

export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** What WebKitGTK's WebDriver cannot do that a test asked for; the harness's `test` turns it into a named skip. */
export class Unsupported extends Error {
    constructor(what, why) {
        super(`WebKit: ${what} is not available over WebDriver: ${why}`);
        this.name = 'Unsupported';
    }
}

const unsupported = (what, why) => () => {
    throw new Unsupported(what, why);
};
const NO_NETWORK = 'classic WebDriver has no network interception and WebKitWebDriver no BiDi';

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Playwright's selector engine, as playwright-core ships it for injection into pages (a string in its bundle). */
let injectedSource;
function injected() {
    if (!injectedSource) {
        const bundle = createRequire(import.meta.url).resolve('playwright-core/lib/coreBundle');
        const line = readFileSync(bundle, 'utf8').split('\n').find((l) => l.startsWith('    source5 = '));
        if (!line) throw new Error(`Playwright's injected script not found in ${bundle} (playwright-core changed?)`);
        injectedSource = (0, eval)(line.trim().replace(/^source5 = /, '').replace(/;$/, ''));
        if (!injectedSource.includes('var InjectedScript = class')) throw new Error('not the injected script');
    }
    return injectedSource;
}
const { iso } = createRequire(import.meta.url)('playwright-core/lib/coreBundle');
const byRole = (role, o = {}) => {
    let s = `internal:role=${role}`;
    if (o.level !== undefined) s += `[level=${o.level}]`;
    if (o.name !== undefined) s += `[name=${iso.escapeForAttributeSelector(o.name, !!o.exact)}]`;
    return s;
};
const byLabel = (text, o = {}) => `internal:label=${iso.escapeForTextSelector(text, !!o.exact)}`;
const byText = (text, o = {}) => `internal:text=${iso.escapeForTextSelector(text, !!o.exact)}`;
function withOptions(selector, { hasText, has } = {}) {
    if (hasText !== undefined) selector += ` >> internal:has-text=${iso.escapeForTextSelector(hasText, false)}`;
    if (has) selector += ` >> internal:has=${JSON.stringify(has.selector)}`;
    return selector;
}

async function freePort() {
    const server = createServer();
    await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
    const { port } = server.address();
    await new Promise((done) => server.close(done));
    return port;
}

/** An Xvfb display for this process, unless there is one already. */
let display;
async function ensureDisplay() {
    if (process.env.DISPLAY) return;
    if (!display) {
        display = new Promise((resolve, reject) => {
            const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1600x1200x24', '-nolisten', 'tcp'], {
                stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
            });
            xvfb.on('error', (e) => reject(new Error(`cannot start Xvfb (Debian's xvfb; scripts/setup.sh installs it): ${e.message}`)));
            let err = '';
            xvfb.stderr.on('data', (d) => (err += d));
            // Xvfb writes the display's number and a newline, not always in one piece.
            let written = '';
            xvfb.stdio[3].on('data', (d) => {
                written += d;
                if (!written.includes('\n') || process.env.DISPLAY) return;
                process.env.DISPLAY = `:${written.trim()}`;
                // The display lives as long as this process, and does not keep it alive.
                xvfb.unref();
                for (const stream of [xvfb.stderr, xvfb.stdio[3]]) stream.unref?.() ?? stream.destroy();
                resolve(xvfb);
            });
            xvfb.on('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${err}`)));
            process.on('exit', () => xvfb.kill());
            for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(1));
        });
    }
    await display;
}

/** A browser for the tests (and a display if needed). `env` adds to MiniBrowser's environment. */
export async function launchWebKit({ env = {} } = {}) {
    for (const file of [WEBKIT_DRIVER, MINIBROWSER]) {
        if (!existsSync(file)) throw new Error(`${file} not found: install Debian's webkit2gtk-driver (scripts/setup.sh does).`);
    }
    await ensureDisplay();
    return new Browser(env);
}

/** The drivers running, killed if this process ends before their contexts are closed. */
const drivers = new Set();
process.on('exit', () => drivers.forEach((driver) => driver.kill('SIGKILL')));
/** Every context not closed yet: a test that failed half-way leaves its own open. */
const open = new Set();
// After the test file's last test: close what failed tests left open, so that the file's process ends.
after(async () => {
    for (const context of [...open]) await context.close();
});

/** A WebKitWebDriver of its own, with $HOME (where MiniBrowser saves downloads) a fresh folder. */
async function startDriver(env) {
    const port = await freePort();
    const home = mkdtempSync(join(tmpdir(), 'nianbao-webkit-'));
    const process_ = spawn(WEBKIT_DRIVER, [`--port=${port}`], {
        stdio: ['ignore', 'ignore', 'pipe'],
        // MiniBrowser paints on its main thread: with WebKit's painting threads an animation frame took about 290 ms
        // here under load (two busy cores), without them about 70 ms (ten double requestAnimationFrame waits: 5.8 s
        // against 1.4 s). (Compositing off was faster still, 0.8 s, but
        // in the one full run with it two screenshots hung the driver for over 120 s.)
        env: { WEBKIT_SKIA_CPU_PAINTING_THREADS: '0', ...process.env, ...env, HOME: home },
    });
    // WEBKIT_LOG=FILE keeps what the drivers (and MiniBrowser through them) say; WEBKIT_VERBOSE=1 prints it.
    process_.stderr.on('data', (d) => {
        if (process.env.WEBKIT_VERBOSE) process.stderr.write(d);
        if (process.env.WEBKIT_LOG) appendFileSync(process.env.WEBKIT_LOG, `[${port}] ${d}`);
    });
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
        const up = await fetch(`${url}/status`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
        if (up) break;
        if (i > 100) throw new Error(`${WEBKIT_DRIVER} did not answer on ${url}`);
        await sleep(100);
    }
    // WebKitWebDriver does not always end on SIGTERM once its session is gone: SIGKILL after a second.
    const stop = async () => {
        if (process_.exitCode === null && process_.signalCode === null) {
            const exited = new Promise((done) => process_.once('exit', done));
            process_.kill();
            const late = setTimeout(() => process_.kill('SIGKILL'), 1000);
            await exited;
            clearTimeout(late);
        }
        drivers.delete(process_);
        rmSync(home, { recursive: true, force: true });
    };
    drivers.add(process_);
    // A driver left running by a failed test does not keep the test file's process alive; it is killed at exit.
    process_.unref();
    process_.stderr.unref?.();
    return { url, home, stop };
}

class Browser {
    constructor(env) {
        this.env = env;
        this.contexts = new Set();
    }

    /** A context is a WebDriver session of a WebKitWebDriver of its own (the driver takes one session at a time). */
    async newContext({ viewport, javaScriptEnabled = true } = {}) {
        const args = ['--automation'];
        if (!javaScriptEnabled) args.push('--enable-javascript=false');
        const caps = new Capabilities({ 'webkitgtk:browserOptions': { binary: MINIBROWSER, args } });
        // Now and then (about one session in thirty here) WebKitWebDriver never answers a new session: MiniBrowser
        // is not started and the driver waits on. Such a driver is dropped after 30 s and the session asked of a
        // fresh one, three times at most; each time is said on stderr.
        let driver;
        let session;
        for (let attempt = 1; !session; attempt++) {
            driver = await startDriver(this.env);
            const started = Date.now();
            let timer;
            const late = new Promise((resolve) => (timer = setTimeout(resolve, 30_000, null)));
            // selenium-webdriver hands back the driver at once and creates its session in the background.
            const created = WebDriver.createSession(new Executor(new HttpClient(driver.url)), caps);
            const ready = created.getSession().then(() => created);
            // A dropped driver's request fails later; that is no error of the test.
            ready.catch(() => {});
            session = await Promise.race([ready, late]);
            clearTimeout(timer);
            if (session) {
                if (process.env.WEBKIT_VERBOSE) process.stderr.write(`webkit: new session in ${Date.now() - started} ms\n`);
                break;
            }
            process.stderr.write(`webkit: WebKitWebDriver started no session within 30 s (attempt ${attempt} of 3)\n`);
            await driver.stop();
            if (attempt === 3) throw new Error('WebKitWebDriver started no session in three attempts of 30 s');
        }
        // A script may take long, as Playwright's evaluate may (an async one waiting for frames): WebDriver's default
        // 30 s is raised to just under the adapter's 120 s limit of any command.
        await session.manage().setTimeouts({ script: 115_000 });
        const context = new Context(this, session, driver, viewport);
        this.contexts.add(context);
        open.add(context);
        return context;
    }

    /** A page in a context of its own, which closes with it (as Playwright's browser.newPage). */
    async newPage(options = {}) {
        const context = await this.newContext(options);
        const page = await context.newPage();
        page.ownsContext = true;
        return page;
    }

    async close() {
        for (const context of [...this.contexts]) await context.close();
    }
}

class Context {
    constructor(browser, session, driver, viewport) {
        this.browser = browser;
        this.session = session;
        this.driver = driver;
        this.home = driver.home;
        this.viewport = viewport;
        this.openPages = [];
        this.current = null;
        this.pending = Promise.resolve();
        this.firstWindow = true;
        this.addInitScript = unsupported('context.addInitScript', 'classic WebDriver cannot run a script before the page\'s own');
        this.setOffline = unsupported('context.setOffline', 'classic WebDriver cannot take the network away');
        this.newCDPSession = unsupported('context.newCDPSession', 'there is no Chrome DevTools Protocol in WebKit');
    }

    pages() {
        return [...this.openPages];
    }

    async newPage() {
        let handle;
        if (this.firstWindow) {
            this.firstWindow = false;
            handle = await this.session.getWindowHandle();
        } else {
            await this.session.switchTo().newWindow('tab');
            handle = await this.session.getWindowHandle();
        }
        this.current = handle;
        if (this.viewport) await this.fitViewport();
        const page = new Page(this, handle);
        this.openPages.push(page);
        return page;
    }

    /** Sizes the current window so that its page is `viewport` (innerWidth × innerHeight, as Playwright's viewport):
     * WebDriver sets the window's outer size, of which MiniBrowser's toolbar takes some, so the difference is measured
     * and the window set again. */
    async fitViewport() {
        const { width, height } = this.viewport;
        const window = this.session.manage().window();
        let outer = { width, height: height + 80 };
        let inner;
        for (let attempt = 0; attempt < 4; attempt++) {
            await window.setRect({ x: 0, y: 0, ...outer });
            // The page learns its new size a moment later.
            for (let i = 0; i < 20; i++) {
                inner = await this.session.executeScript('return [innerWidth, innerHeight]');
                if (inner[0] !== width || inner[1] !== height) await sleep(50);
                else return;
            }
            outer = { width: outer.width + width - inner[0], height: outer.height + height - inner[1] };
        }
        throw new Error(`WebKit: the page is ${inner.join('×')}, not the ${width}×${height} asked for`);
    }

    /** Runs `task` with the page's window the session's current one (commands go to the current window), one task
     * at a time: a command sent while another is pending (a locator's poll left running by a Promise.race, during a
     * reload) makes WebKitWebDriver 2.50 answer neither, ever; and a window switch must not come between another
     * task's switch and its command. */
    on(handle, task) {
        const run = this.pending.then(async () => {
            if (this.current !== handle) {
                await this.session.switchTo().window(handle);
                this.current = handle;
            }
            return task(this.session);
        });
        this.pending = run.catch(() => {});
        return run;
    }

    async close() {
        this.browser.contexts.delete(this);
        open.delete(this);
        // Quitting a session of a browser that hangs must not hang the test: 10 s, then the driver goes anyway.
        await Promise.race([this.session.quit().catch(() => {}), sleep(10_000)]);
        await this.driver.stop();
    }
}

/** Put into a document by the adapter: collects its errors and console errors for page.on('pageerror'|'console'),
 * and Playwright's selector engine. */
const HOOK = `
if (!window.__nianbaoWebKit) {
    const seen = [];
    window.addEventListener('error', (e) => seen.push({ kind: 'pageerror', text: e.message }));
    window.addEventListener('unhandledrejection', (e) => seen.push({ kind: 'pageerror', text: String(e.reason && e.reason.message || e.reason) }));
    const error = console.error.bind(console);
    console.error = (...args) => { seen.push({ kind: 'console', text: args.map(String).join(' ') }); error(...args); };
    window.__cspViolations = window.__cspViolations || [];
    document.addEventListener('securitypolicyviolation', (e) => {
        const what = (e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' in ' + location.pathname);
        window.__cspViolations.push(what);
        seen.push({ kind: 'console', text: 'CSP violation: ' + what });
    });
    window.__nianbaoWebKit = { seen, drain: () => seen.splice(0) };
}`;

class Page {
    constructor(context, handle) {
        this.ctx = context;
        this.handle = handle;
        this.listeners = { pageerror: [], console: [], dialog: [] };
        this.iframes = [];
        this.keyboard = new Keyboard(this);
        this.mouse = {
            move: (x, y) => this.do((s) => s.actions().move({ x: Math.round(x), y: Math.round(y) }).perform()),
            click: (x, y) => this.do((s) => s.actions().move({ x: Math.round(x), y: Math.round(y) }).press().release().perform()),
        };
        for (const name of ['route', 'unroute']) this[name] = unsupported(`page.${name}`, NO_NETWORK);
        this.addInitScript = unsupported('page.addInitScript', 'classic WebDriver cannot run a script before the page\'s own');
        this.pdf = unsupported('page.pdf', 'WebKitWebDriver 2.50 has no W3C Print Page command: POST /session/{id}/print answers UnknownCommandError "Unknown command: /session/{id}/print"');
        const clock = unsupported('page.clock', 'classic WebDriver cannot install a fake clock before the page\'s scripts');
        this.clock = { install: clock, runFor: clock, resume: clock };
        // Playwright's API requests, made from here (Node's fetch) as Playwright makes them outside the page.
        this.request = {
            get: async (url) => {
                const response = await fetch(url);
                const body = Buffer.from(await response.arrayBuffer());
                return {
                    ok: () => response.ok,
                    status: () => response.status,
                    url: () => response.url,
                    headers: () => Object.fromEntries(response.headers),
                    json: async () => JSON.parse(body.toString()),
                    text: async () => body.toString(),
                    body: async () => body,
                };
            },
        };
    }

    /** Runs a driver command in this page's window. A command the driver does not answer within two minutes is an
     * error, not a test that hangs (WEBKIT_VERBOSE=1 logs each command and its time). */
    do(task) {
        const started = Date.now();
        const what = String(task).slice(0, 160).replace(/\s+/g, ' ');
        let timer;
        const late = new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`WebKitWebDriver did not answer within 120 s: ${what}`)), 120_000);
        });
        const inTop = async (session) => {
            if (this.ctx.inFrame) {
                await session.switchTo().defaultContent();
                this.ctx.inFrame = false;
            }
            return task(session);
        };
        return Promise.race([this.ctx.on(this.handle, this.path ? (session) => this.enter(session, task) : inTop), late]).finally(() => {
            clearTimeout(timer);
            if (process.env.WEBKIT_VERBOSE) process.stderr.write(`webkit: ${Date.now() - started} ms ${what}\n`);
        });
    }

    on(event, listener) {
        if (!(event in this.listeners)) throw new Unsupported(`page.on('${event}')`, 'classic WebDriver reports no such event');
        this.listeners[event].push(listener);
        return this;
    }

    off(event, listener) {
        this.listeners[event] = (this.listeners[event] ?? []).filter((l) => l !== listener);
        return this;
    }

    /** Runs function source `fn` in the page with `args`, after installing the hook; hands the page's errors seen
     * since the last call to the listeners. */
    async run(fn, ...args) {
        const script = `${HOOK}
            if (!window.__pwInjected) return 'nianbao: no selector engine yet';
            const fn = (${fn});
            return Promise.resolve(fn(window.__pwInjected, ...arguments)).then((value) => [value,
                window.__nianbaoWebKit.drain(), location.href, [...document.querySelectorAll('iframe')].map((f) => [f.src, f.name])]);`;
        let result = await this.do((s) => s.executeScript(script, ...args));
        if (result === 'nianbao: no selector engine yet') {
            await this.do((s) => s.executeScript(`if (!window.__pwInjected) {
                const module = {};
                ${injected()}
                window.__pwInjected = new (module.exports.InjectedScript())(globalThis, { isUnderTest: false,
                    sdkLanguage: 'javascript', frameSeq: 0, testIdAttributeName: 'data-testid', stableRafCount: 1,
                    browserName: 'webkit', shouldPrependErrorPrefix: false, isUtilityWorld: false, customEngines: [] });
            }`));
            result = await this.do((s) => s.executeScript(script, ...args));
        }
        const [value, seen, url, iframes] = result;
        if (!this.path) {
            // What frames() and url() answer until the next command.
            this.lastUrl = url;
            this.iframes = iframes;
        }
        for (const { kind, text } of seen ?? []) {
            for (const listener of this.listeners[kind] ?? []) {
                listener(kind === 'pageerror' ? new Error(text) : { type: () => 'error', text: () => text });
            }
        }
        return value;
    }

    async goto(url) {
        await this.do((s) => s.get(url));
        await this.run('() => null');
    }

    async reload() {
        await this.do((s) => s.navigate().refresh());
        await this.run('() => null');
    }

    async title() {
        return this.do((s) => s.getTitle());
    }

    async evaluate(fn, arg) {
        if (typeof fn === 'string') {
            // A script's source (e.g. axe-core): run as it is, as a function body, so it returns nothing (the app's
            // CSP forbids eval, which an expression's value would need): pass a function to get a value back.
            return this.do((s) => s.executeScript(fn));
        }
        return this.run(`(_, arg) => (${fn})(arg)`, arg);
    }

    async waitForFunction(fn, arg, { timeout = 30_000 } = {}) {
        const deadline = Date.now() + timeout;
        while (!(await this.evaluate(fn, arg))) {
            if (Date.now() > deadline) throw new Error(`waitForFunction timed out after ${timeout} ms: ${fn}`);
            await sleep(100);
        }
    }

    waitForTimeout(ms) {
        return sleep(ms);
    }

    async screenshot({ path } = {}) {
        const png = Buffer.from(await this.do((s) => s.takeScreenshot()), 'base64');
        if (path) writeFileSync(path, png);
        return png;
    }

    async waitForEvent(event, { timeout = 30_000 } = {}) {
        const deadline = Date.now() + timeout;
        if (event === 'download') {
            const { home } = this.ctx;
            const before = new Set(readdirSync(home));
            for (;;) {
                const fresh = readdirSync(home).filter((n) => !before.has(n) && !n.startsWith('.') && !/\.(wkdownload|part|download)$/.test(n));
                if (fresh.length > 0) {
                    const file = join(home, fresh[0]);
                    // Done once its size holds still.
                    let size = -1;
                    while (statSync(file).size !== size) {
                        size = statSync(file).size;
                        await sleep(150);
                    }
                    return new Download(file);
                }
                if (Date.now() > deadline) throw new Error(`no download within ${timeout} ms`);
                await sleep(100);
            }
        }
        if (event === 'load') {
            const mark = `load-${Math.random()}`;
            await this.do((s) => s.executeScript('window.__nianbaoMark = arguments[0]', mark));
            for (;;) {
                const loaded = await this.do((s) => s.executeScript('return window.__nianbaoMark !== arguments[0] && document.readyState === "complete"', mark)).catch(() => false);
                if (loaded) return this;
                if (Date.now() > deadline) throw new Error(`no load within ${timeout} ms`);
                await sleep(100);
            }
        }
        throw new Unsupported(`page.waitForEvent('${event}')`, 'classic WebDriver reports no such event');
    }

    locator(css, options) {
        return new Locator(this, withOptions(css, options));
    }

    getByRole(role, options) {
        return new Locator(this, byRole(role, options));
    }

    getByLabel(text, options) {
        return new Locator(this, byLabel(text, options));
    }

    getByText(text, options) {
        return new Locator(this, byText(text, options));
    }

    /** Playwright's page.context(): the context (one MiniBrowser) the page is a tab of. */
    context() {
        return this.ctx;
    }

    /** What `fn(arg)` makes in the page, kept there (a DataTransfer, say) to be handed to dispatchEvent. */
    async evaluateHandle(fn, arg) {
        const id = await this.run(`(_, arg) => Promise.resolve((${fn})(arg)).then((value) => {
            const handles = (window.__nianbaoHandles ??= []);
            return handles.push(value) - 1;
        })`, arg);
        return new JSHandle(this, id);
    }

    dispatchEvent(selector, type, eventInit) {
        return this.locator(selector).dispatchEvent(type, eventInit);
    }

    /** Playwright's page.frame(name | { name, url }): the first of frames() whose iframe has that name or whose
     * src matches `url` (a string, a regular expression or a predicate of a URL); null if none. */
    frame(which) {
        const { name, url } = typeof which === 'string' ? { name: which } : which;
        const matches = (frame) => {
            if (name !== undefined && frame.name !== name) return false;
            if (url === undefined) return true;
            if (url instanceof RegExp) return url.test(frame.url());
            if (typeof url === 'function') return url(new URL(frame.url()));
            return frame.url() === url;
        };
        return this.frames().slice(1).find(matches) ?? null;
    }

    /** The iframe `css` matches in the top document, as a frame to find locators in. */
    frameLocator(css) {
        return new Frame(this, [css]);
    }

    /** The top document and its iframes as of the adapter's last command in the page (Playwright's frames() answers
     * at once, so there is no asking the driver here). */
    frames() {
        return [this, ...this.iframes.map(([src, name], n) => new Frame(this, [`iframe >> nth=${n}`], src, name))];
    }

    url() {
        return this.lastUrl ?? '';
    }

    async close() {
        const context = this.ctx;
        if (this.ownsContext) return context.close();
        context.openPages = context.openPages.filter((p) => p !== this);
        if (context.openPages.length === 0) {
            // Closing a session's last window would end the session; the context stays open, as in Playwright.
            await this.do((s) => s.get('about:blank')).catch(() => {});
            context.firstWindow = true;
            return;
        }
        await this.do((s) => s.close()).catch(() => {});
        context.current = null;
    }
}

/**
 * An iframe of a page: frameLocator(css) or an entry of frames(). Its commands switch the session into the frame
 * (WebDriver's switch to frame, by the iframe element `path` names in the top document) and back out for the page's
 * next command. Locators, evaluate and url() as on the page; url() is the iframe's src.
 */
class Frame {
    constructor(page, path, src, name = '') {
        this.page = page;
        this.path = path;
        this.src = src;
        this.name = name;
        this.listeners = page.listeners;
        this.ctx = page.ctx;
        this.handle = page.handle;
    }

    async enter(session, task) {
        await session.switchTo().defaultContent();
        for (const css of this.path) {
            const [selector, nth] = css.split(' >> nth=');
            const frames = await session.findElements({ css: selector });
            const frame = frames[Number(nth ?? 0)];
            if (!frame) throw new Error(`no frame ${css}`);
            await session.switchTo().frame(frame);
        }
        this.ctx.inFrame = true;
        return task(session);
    }

    url() {
        return this.src ?? '';
    }

    locator(css, options) {
        return new Locator(this, withOptions(css, options));
    }

    getByRole(role, options) {
        return new Locator(this, byRole(role, options));
    }

    getByLabel(text, options) {
        return new Locator(this, byLabel(text, options));
    }

    getByText(text, options) {
        return new Locator(this, byText(text, options));
    }
}
for (const name of ['do', 'run', 'evaluate']) Frame.prototype[name] = Page.prototype[name];

/** A value kept in the page by evaluateHandle (window.__nianbaoHandles[id]); dispatchEvent takes it in its init. */
class JSHandle {
    constructor(page, id) {
        this.page = page;
        this.id = id;
    }

    async dispose() {
        await this.page.run('(_, id) => { delete window.__nianbaoHandles[id]; }', this.id);
    }
}

/** Files setInputFiles was given as { name, mimeType, buffer }, written under their names for the driver to send;
 * removed when this process ends. */
const payloads = mkdtempSync(join(tmpdir(), 'nianbao-webkit-files-'));
process.on('exit', () => rmSync(payloads, { recursive: true, force: true }));
let payloadCount = 0;

class Download {
    constructor(file) {
        this.file = file;
    }

    suggestedFilename() {
        return this.file.split('/').at(-1);
    }

    async path() {
        return this.file;
    }

    async saveAs(path) {
        copyFileSync(this.file, path);
    }

    async delete() {
        rmSync(this.file, { force: true });
    }
}

/** Playwright's key names (those the suites press) as WebDriver keys. */
const KEYS = {
    Control: Key.CONTROL, Shift: Key.SHIFT, Alt: Key.ALT, Meta: Key.META, Enter: Key.ENTER, Tab: Key.TAB,
    Escape: Key.ESCAPE, Backspace: Key.BACK_SPACE, Delete: Key.DELETE, ArrowUp: Key.ARROW_UP, ArrowDown: Key.ARROW_DOWN,
    ArrowLeft: Key.ARROW_LEFT, ArrowRight: Key.ARROW_RIGHT, Home: Key.HOME, End: Key.END,
};

class Keyboard {
    constructor(page) {
        this.page = page;
    }

    /** A chord such as 'Control+v' or 'Shift+Tab': modifiers down, the key pressed, modifiers up. */
    async press(chord) {
        const parts = chord.split('+');
        const key = parts.pop();
        const modifiers = parts.map((m) => KEYS[m]);
        const main = KEYS[key] ?? key;
        await this.page.do((s) => {
            let actions = s.actions();
            for (const m of modifiers) actions = actions.keyDown(m);
            actions = actions.keyDown(main).keyUp(main);
            for (const m of modifiers.reverse()) actions = actions.keyUp(m);
            return actions.perform();
        });
    }

    async type(text) {
        await this.page.do((s) => s.actions().sendKeys(text).perform());
    }

    /** Text inserted at once, as an input method commits it: one input event, no key events. */
    async insertText(text) {
        await this.page.run('(_, text) => document.execCommand("insertText", false, text)', text);
    }
}

class Locator {
    /** `target` is the page or a frame (from frameLocator / frames) the selector is resolved in. */
    constructor(target, selector) {
        this.target = target;
        this.page = target.page ?? target;
        this.selector = selector;
    }

    chain(selector) {
        return new Locator(this.target, `${this.selector} >> ${selector}`);
    }

    locator(css, options) {
        return this.chain(withOptions(css, options));
    }

    getByRole(role, options) {
        return this.chain(byRole(role, options));
    }

    getByLabel(text, options) {
        return this.chain(byLabel(text, options));
    }

    filter(options) {
        return new Locator(this.target, withOptions(this.selector, options));
    }

    first() {
        return this.chain('nth=0');
    }

    last() {
        return this.chain('nth=-1');
    }

    getByText(text, options) {
        return this.chain(byText(text, options));
    }

    nth(n) {
        return this.chain(`nth=${n}`);
    }

    /** The matching elements' states: [{ visible, ... }] for each element, from `read(element)`. */
    query(read = '() => null') {
        return this.target.run(`(pw, selector) => pw.querySelectorAll(pw.parseSelector(selector), document)
            .map((e) => ({ visible: pw.utils.isElementVisible(e), value: (${read})(e) }))`, this.selector);
    }

    async count() {
        return (await this.query()).length;
    }

    async waitFor({ state = 'visible', timeout = 30_000 } = {}) {
        const deadline = Date.now() + timeout;
        for (;;) {
            const found = await this.query();
            const done = {
                attached: found.length > 0,
                detached: found.length === 0,
                visible: found.some((f) => f.visible),
                hidden: !found.some((f) => f.visible),
            }[state];
            if (done) return;
            if (Date.now() > deadline) throw new Error(`${this.selector}: not ${state} within ${timeout} ms (${found.length} found)`);
            await sleep(100);
        }
    }

    /** The one element (strict, as Playwright), waited for; as a WebDriver element reference. */
    async element({ visible = true, timeout = 30_000 } = {}) {
        const deadline = Date.now() + timeout;
        for (;;) {
            const found = await this.target.run(`(pw, selector) => pw.querySelectorAll(pw.parseSelector(selector), document)`, this.selector);
            if (found.length > 1) throw new Error(`strict mode violation: ${this.selector} resolved to ${found.length} elements`);
            if (found.length === 1 && (!visible || (await this.query())[0]?.visible)) return found[0];
            if (Date.now() > deadline) throw new Error(`${this.selector}: no element within ${timeout} ms`);
            await sleep(100);
        }
    }

    /** `fn(element, arg)` in the page, on the one element. */
    async evaluate(fn, arg) {
        await this.element({ visible: false });
        return this.target.run(`(pw, selector, arg) => (${fn})(pw.querySelector(pw.parseSelector(selector), document, true), arg)`, this.selector, arg);
    }

    /** WebDriver's element click (real pointer events at the element's centre). When something covers the element
     * there (the sticky masthead over a field WebDriver scrolled to the edge), it is scrolled to the centre and clicked
     * again, as Playwright retries with other scroll positions. */
    async click() {
        const element = await this.element();
        for (let attempt = 0; ; attempt++) {
            try {
                await this.target.do(() => element.click());
                return;
            } catch (error) {
                if (error.name !== 'ElementClickInterceptedError' || attempt >= 4) throw error;
                if (process.env.WEBKIT_VERBOSE) process.stderr.write(`webkit: click intercepted, scrolled to the centre: ${error.message}\n`);
                await this.target.do((s) => s.executeScript('arguments[0].scrollIntoView({ block: "center" })', element));
                await sleep(100 * (attempt + 1));
            }
        }
    }

    async check() {
        if (!(await this.evaluate((e) => e.checked))) await this.click();
    }

    async uncheck() {
        if (await this.evaluate((e) => e.checked)) await this.click();
    }

    async focus() {
        await this.evaluate((e) => e.focus());
    }

    /** As Playwright's fill: focus, select all, insert the text (an input event), or delete for ''. */
    async fill(value) {
        await this.element();
        await this.evaluate((e, value) => {
            e.focus();
            e.select();
            if (value === '') document.execCommand('delete');
            else document.execCommand('insertText', false, value);
            // The editing command does nothing in a document without focus (an iframe of an unfocused page): then
            // the value is set and an input event sent, as Playwright does for such fields.
            if (e.value !== value) {
                e.value = value;
                e.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: value }));
                e.dispatchEvent(new Event('change', { bubbles: true }));
            }
        }, value);
    }

    /** Focuses the element and presses a key or chord there. */
    async press(chord) {
        await this.focus();
        await this.page.keyboard.press(chord);
    }

    async pressSequentially(text) {
        const element = await this.element();
        await this.target.do(() => element.sendKeys(text));
    }

    /** A path, or { name, mimeType, buffer } (written to a file of that name: the browser takes the type from the
     * name, as from any file the writer picks), or a list of them. */
    async setInputFiles(files) {
        const paths = (Array.isArray(files) ? files : [files]).map((file) => {
            if (typeof file === 'string') return file;
            const dir = join(payloads, String(payloadCount++));
            mkdirSync(dir);
            const path = join(dir, file.name);
            writeFileSync(path, file.buffer);
            return path;
        });
        const element = await this.element({ visible: false });
        await this.target.do(() => element.sendKeys(paths.join('\n')));
    }

    /** `fn(elements, arg)` in the page, on every matching element (none waited for, as Playwright). */
    evaluateAll(fn, arg) {
        return this.target.run(`(pw, selector, arg) => (${fn})(pw.querySelectorAll(pw.parseSelector(selector), document), arg)`, this.selector, arg);
    }

    /** The element's box in the page's viewport, in CSS pixels (the top document's elements only). */
    boundingBox() {
        return this.evaluate((e) => {
            const r = e.getBoundingClientRect();
            return { x: r.left, y: r.top, width: r.width, height: r.height };
        });
    }

    /** Scrolls the element into view unless it is in view (WebKit's own scrollIntoViewIfNeeded, centring it). */
    async scrollIntoViewIfNeeded() {
        await this.element();
        await this.evaluate((e) => e.scrollIntoViewIfNeeded(true));
    }

    /** An event of `type` sent to the element with Playwright's own dispatchEvent (the right event class, bubbling);
     * JSHandles in `eventInit` (a DataTransfer from evaluateHandle) are the values they keep in the page. */
    async dispatchEvent(type, eventInit = {}) {
        const init = Object.fromEntries(Object.entries(eventInit).map(([key, value]) => [key, value instanceof JSHandle ? { __nianbaoHandle: value.id } : value]));
        await this.element({ visible: false });
        await this.target.run(`(pw, selector, type, init) => {
            for (const key of Object.keys(init)) {
                if (init[key] && init[key].__nianbaoHandle !== undefined) init[key] = window.__nianbaoHandles[init[key].__nianbaoHandle];
            }
            pw.dispatchEvent(pw.querySelector(pw.parseSelector(selector), document, true), type, init);
        }`, this.selector, type, init);
    }

    inputValue() {
        return this.evaluate((e) => e.value);
    }

    textContent() {
        return this.evaluate((e) => e.textContent);
    }

    innerText() {
        return this.evaluate((e) => e.innerText);
    }

    getAttribute(name) {
        return this.evaluate((e, name) => e.getAttribute(name), name);
    }

    async isVisible() {
        return (await this.query()).some((f) => f.visible);
    }

    async isHidden() {
        return !(await this.isVisible());
    }

    async isEnabled() {
        return !(await this.evaluate((e) => e.disabled || e.closest('fieldset:disabled') !== null));
    }

    async allTextContents() {
        return (await this.query('(e) => e.textContent')).map((f) => f.value);
    }
}
