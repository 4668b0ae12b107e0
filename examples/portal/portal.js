// The example portal's side of the embedding protocol (docs/embedding.md). One script for both pages: iframe.html
// talks to the app with postMessage, mount.html with events on the element the app is mounted in.
const mode = document.querySelector('main').dataset.mode;
const status = document.getElementById('status');
const list = document.getElementById('events');
// Every message received, for whoever inspects the page (the end-to-end tests do).
const received = [];
window.nianbaoEvents = received;

let send;
if (mode === 'iframe') {
    const frame = document.getElementById('nianbao-frame');
    const app = new URL(new URLSearchParams(location.search).get('app') ?? 'nianbao/', location.href);
    // Accept messages only from the app's frame and origin.
    window.addEventListener('message', (event) => {
        if (event.origin === app.origin && event.source === frame.contentWindow) receive(event.data);
    });
    send = (message) => frame.contentWindow.postMessage({ nianbao: 1, ...message }, app.origin);
    frame.src = app.href;
} else {
    const mount = document.querySelector('[data-nianbao-mount]');
    mount.addEventListener('nianbao:event', (event) => receive(event.detail));
    send = (message) =>
        mount.dispatchEvent(new CustomEvent('nianbao:command', { detail: { nianbao: 1, ...message } }));
}
window.nianbaoSend = send;

function receive(message) {
    if (message?.nianbao !== 1) return;
    received.push(message);
    const item = document.createElement('li');
    item.textContent = describe(message);
    if (message.type === 'exported') {
        const link = document.createElement('a');
        link.href = URL.createObjectURL(new Blob([message.bytes], { type: message.mime }));
        link.download = message.file_name;
        link.textContent = ` 下载 ${message.file_name}`;
        item.append(link);
    }
    list.append(item);
    while (list.children.length > 30) list.firstElementChild.remove();
    // The log scrolls inside its own box: scrollIntoView would scroll the whole page down to it at every message.
    list.scrollTop = list.scrollHeight;
}

function describe(message) {
    const d = message.diagnostics;
    switch (message.type) {
        case 'ready':
            status.textContent = message.template ? `编制工具已就绪（${message.template.id}）` : '编制工具已就绪，尚未打开报告';
            return `ready：格式 ${message.template?.id ?? '（未打开报告）'}，可导出 ${message.formats.join('、') || '（暂无）'}`;
        case 'changed':
            status.textContent = `错误 ${d.errors}，警告 ${d.warnings}，提示 ${d.notes}`;
            return `changed：单位 ${message.report.fields.unit ?? '（未填）'}，错误 ${d.errors}，警告 ${d.warnings}，提示 ${d.notes}`;
        case 'diagnostics':
            return `diagnostics：${d.items.length} 条`;
        case 'saved':
            return `saved：${message.draft_id}，${message.updated_at}`;
        case 'exported':
            return `exported：${message.file_name}（${message.size} 字节）`;
        case 'done':
            return `done：命令 ${message.re} 已完成`;
        case 'error':
            return `error：命令 ${message.re} 未完成（${message.code}）${message.message}`;
        default:
            return JSON.stringify(message);
    }
}

let next = 1;
const actions = {
    'set-header': () => send({ type: 'set-header', id: next++, fields: { unit: '沂源县政府办公室', year: '2011' } }),
    'load-report': async () => {
        const report = await (await fetch('../reports/yiyuan-2011.json')).text();
        send({ type: 'load-report', id: next++, report });
    },
    'export-html': () => send({ type: 'export', id: next++, format: 'html' }),
    'export-pdf': () => send({ type: 'export', id: next++, format: 'pdf' }),
    'export-docx': () => send({ type: 'export', id: next++, format: 'docx' }),
    'export-xlsx': () => send({ type: 'export', id: next++, format: 'xlsx' }),
};
for (const button of document.querySelectorAll('[data-command]')) {
    button.addEventListener('click', () => actions[button.dataset.command]());
}
