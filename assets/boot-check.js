/*
 * Start-up check. Runs before the app, as a classic script written for the oldest browsers an office may still
 * use (ES5, no module, nothing inline, so it also runs under `script-src 'self'`), and says in plain Chinese why the
 * app cannot run instead of leaving a blank page: a browser without what the app needs (WebAssembly with the
 * features this build uses, module scripts), an app that fails while starting, or one that has not started after
 * a long wait. The app marks its element data-app="started" once it is on screen; from then on this stays quiet.
 * Without JavaScript at all, index.html's <noscript> speaks instead.
 */
(function () {
    'use strict';

    var BROWSERS = '新版 Chrome、Edge、Firefox 浏览器，或将 360、QQ 等浏览器切换到“极速模式”（通常在地址栏右侧切换）后重新打开本页。';
    var MINIMUM = '可用的最低版本：Chrome 和 Edge 96、Firefox 89、Safari 15。';
    var MESSAGES = {
        old: {
            title: '您的浏览器无法运行本工具',
            text: '本工具需要较新的浏览器（支持 WebAssembly）。您使用的浏览器版本过旧，或正处于“兼容模式”。请使用' + BROWSERS,
            more: MINIMUM
        },
        failed: {
            title: '本工具未能启动',
            text: '程序在加载或启动时出错。请刷新页面重试；如仍不能使用，请改用' + BROWSERS,
            more: MINIMUM
        },
        slow: {
            title: '本工具仍在加载',
            text: '已等待较长时间，程序仍未启动。请检查网络连接后刷新页面；如仍不能使用，请改用' + BROWSERS,
            more: MINIMUM
        }
    };
    // Long enough for a slow office network to fetch the app; the message goes away if the app starts after all.
    var PATIENCE_MS = 30000;

    /*
     * A tiny module that uses each WebAssembly feature the release build needs (tests/e2e/fallback.test.mjs checks it against the build):
     * multi-value results, non-trapping float-to-int, sign extension, bulk memory and reference types.
     */
    var PROBE = [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x0b, 0x02, 0x60, 0x01, 0x7c, 0x02, 0x7f, 0x7f, 0x60, 0x01, 0x6f, 0x00,
        0x03, 0x03, 0x02, 0x00, 0x01,
        0x05, 0x03, 0x01, 0x00, 0x01,
        0x0a, 0x1b, 0x02,
        0x12, 0x00, 0x20, 0x00, 0xfc, 0x03, 0xc0, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0b, 0x00, 0x41, 0x01, 0x0b,
        0x06, 0x00, 0x20, 0x00, 0xd1, 0x1a, 0x0b
    ];

    var root = document.documentElement;
    var shown = null;

    function started() {
        return !!(document.querySelector && document.querySelector('[data-app="started"]'));
    }

    function on(target, type, listener, capture) {
        if (target.addEventListener) target.addEventListener(type, listener, !!capture);
        else if (target.attachEvent) target.attachEvent('on' + type, listener);
    }

    function whenBody(then) {
        if (document.body) then();
        else on(document, 'DOMContentLoaded', then);
    }

    function paragraph(className, text) {
        var p = document.createElement('p');
        p.className = className;
        p.appendChild(document.createTextNode(text));
        return p;
    }

    function show(kind, detail) {
        if (started()) return;
        // A failure says more than a slow start, and the first failure is the one worth reading.
        if (shown && (shown.kind !== 'slow' || kind === 'slow')) return;
        var previous = shown;
        var entry = { kind: kind, box: null };
        shown = entry;
        whenBody(function () {
            if (shown !== entry || started()) return;
            var message = MESSAGES[kind];
            var box = document.createElement('div');
            box.id = 'boot-problem';
            box.className = 'boot-problem';
            box.setAttribute('role', 'alert');
            box.setAttribute('data-kind', kind);
            var title = document.createElement('h1');
            title.appendChild(document.createTextNode(message.title));
            box.appendChild(title);
            box.appendChild(paragraph('boot-problem-text', message.text));
            box.appendChild(paragraph('boot-problem-more', message.more));
            if (detail) box.appendChild(paragraph('boot-problem-detail', '技术信息（供技术人员参考）：' + detail));
            if (previous && previous.box && previous.box.parentNode) previous.box.parentNode.removeChild(previous.box);
            document.body.insertBefore(box, document.body.firstChild);
            entry.box = box;
        });
    }

    function hide() {
        if (shown && shown.box && shown.box.parentNode) shown.box.parentNode.removeChild(shown.box);
        shown = null;
    }

    function missing() {
        if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') return 'WebAssembly';
        try {
            if (!WebAssembly.validate(new Uint8Array(PROBE))) return 'WebAssembly features';
        } catch (e) {
            return 'WebAssembly features';
        }
        if (!('noModule' in document.createElement('script'))) return 'module scripts';
        return null;
    }

    var lacking = missing();
    if (lacking) {
        show('old', '缺少 ' + lacking);
        return;
    }

    // Errors of browser extensions are none of the app's business.
    function ours(source) {
        return !source || !/^(moz|chrome|safari-web|ms-browser)-extension:/.test(source);
    }

    on(window, 'error', function (event) {
        if (started()) return;
        var target = event.target;
        if (target && target !== window && target.tagName) {
            // A resource failed to load: fatal when it is a script the app cannot start without.
            if (target.tagName === 'SCRIPT') show('failed', '无法载入 ' + (target.src || '程序文件'));
            return;
        }
        if (ours(event.filename)) show('failed', event.message || String(event.error));
    }, true);

    on(window, 'unhandledrejection', function (event) {
        if (started()) return;
        var reason = event.reason;
        show('failed', reason && reason.message ? reason.name + ': ' + reason.message : String(reason));
    });

    var patience = setTimeout(function () {
        show('slow');
    }, PATIENCE_MS);

    if (typeof MutationObserver !== 'undefined') {
        new MutationObserver(function (changes, observer) {
            if (!started()) return;
            clearTimeout(patience);
            hide();
            observer.disconnect();
        }).observe(root, { attributes: true, attributeFilter: ['data-app'], subtree: true });
    }
})();
