/* Says in Chinese why the app cannot run instead of a blank page (index.html's <noscript> does without scripts).
 * ES5 and unminified (Trunk's minifier writes arrow functions), at the end of <body>: before the app's module runs. */
(function () {
    'use strict';

    var USE = '新版 Chrome、Edge、Firefox 浏览器，或将 360、QQ 等浏览器切换到“极速模式”（通常在地址栏右侧切换）后重新打开本页。';
    var MESSAGES = {
        old: ['您的浏览器无法运行本工具', '本工具需要较新的浏览器（支持 WebAssembly）。您使用的浏览器版本过旧，或正处于“兼容模式”。请使用'],
        failed: ['本工具未能启动', '程序在加载或启动时出错。请刷新页面重试；如仍不能使用，请改用'],
        slow: ['本工具仍在加载', '已等待较长时间，程序仍未启动。请检查网络连接后刷新页面；如仍不能使用，请改用']
    };
    // Uses each WebAssembly feature the build does (tests/e2e/fallback.test.mjs checks which).
    var PROBE = [
        0, 97, 115, 109, 1, 0, 0, 0, 1, 11, 2, 96, 1, 124, 2, 127, 127, 96, 1, 111, 0, 3, 3, 2, 0, 1, 5, 3, 1, 0, 1,
        10, 27, 2, 18, 0, 32, 0, 252, 3, 192, 65, 0, 65, 0, 65, 0, 252, 11, 0, 65, 1, 11, 6, 0, 32, 0, 209, 26, 11
    ];
    var box = null;

    function started() {
        return !!(document.querySelector && document.querySelector('[data-app="started"]'));
    }

    function paragraph(parent, tag, text) {
        var element = document.createElement(tag);
        element.appendChild(document.createTextNode(text));
        parent.appendChild(element);
    }

    // After the app's element, which main.css hides it behind once the app marks it data-app="started".
    function show(kind, detail) {
        if (started() || (box && box.getAttribute('data-kind') !== 'slow')) return;
        if (box) box.parentNode.removeChild(box);
        box = document.createElement('div');
        box.id = 'boot-problem';
        box.className = 'boot-problem';
        box.setAttribute('role', 'alert');
        box.setAttribute('data-kind', kind);
        paragraph(box, 'h1', MESSAGES[kind][0]);
        paragraph(box, 'p', MESSAGES[kind][1] + USE);
        paragraph(box, 'p', '可用的最低版本：Chrome 和 Edge 96、Firefox 89、Safari 15.1（iPhone、iPad 上为 iOS 15.1）。');
        if (detail) paragraph(box, 'p', '技术信息（供技术人员参考）：' + detail);
        document.body.appendChild(box);
    }

    function missing() {
        if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') return 'WebAssembly';
        try {
            if (!WebAssembly.validate(new Uint8Array(PROBE))) return 'WebAssembly features';
        } catch (e) {
            return 'WebAssembly features';
        }
        if (!('noModule' in document.createElement('script'))) return 'module scripts';
        return '';
    }

    var lacking = missing();
    if (lacking) return show('old', '缺少 ' + lacking);

    addEventListener('error', function (event) {
        var target = event.target;
        if (target && target.tagName) {
            if (target.tagName === 'SCRIPT') show('failed', '无法载入 ' + target.src);
        } else if (!/-extension:/.test(event.filename)) {
            show('failed', event.message || String(event.error));
        }
    }, true);
    addEventListener('unhandledrejection', function (event) {
        var reason = event.reason;
        show('failed', reason && reason.message ? reason.name + ': ' + reason.message : String(reason));
    });
    setTimeout(function () {
        show('slow');
    }, 30000);
})();
