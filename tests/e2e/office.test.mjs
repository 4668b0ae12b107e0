// End to end: 导出 Word and 导出 Excel in the release build. The Office worker is fetched on the first Office
// export only; each button downloads a file that Debian's LibreOffice converts to a PDF that scripts/check-pdf.sh
// passes, holding what was typed.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, serveDist, launchBrowser, startReport, OUTPUT, screenshotPath, checkPdf, exportAnyway } from './harness.mjs';

let server;
let browser;

before(async () => {
    server = await serveDist();
    browser = await launchBrowser();
});

after(async () => {
    await browser?.close();
    await server?.close();
});

const TOTAL = '一、主动公开信息数 / 本年累计';
const STATUS = '.export-feedback';
const FONTS = fileURLToPath(new URL('../office-fonts.conf', import.meta.url));

/** Converts an Office file to PDF with LibreOffice (a profile of its own) and returns the PDF's path. */
function convert(file) {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-office-'));
    execFileSync(
        'soffice',
        [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, file],
        { env: { ...process.env, FONTCONFIG_FILE: FONTS }, stdio: 'pipe' },
    );
    return join(dir, basename(file).replace(/\.[a-z]+$/, '.pdf'));
}

test('导出 Word and 导出 Excel download files LibreOffice converts, the worker fetched on first use', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const requests = [];
    const problems = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await page.goto(server.url);
    await page.getByRole('button', { name: '新建报告' }).waitFor();
    await startReport(page, 2011);
    const office = () => requests.filter((path) => path.includes('nianbao-office'));
    assert.deepEqual(office(), [], 'first paint fetched nothing of the Office export');

    await page.getByLabel(TOTAL, { exact: true }).pressSequentially('221');
    mkdirSync(OUTPUT, { recursive: true });
    for (const [button, extension, magic] of [
        ['导出 Word', 'docx', 'word/document.xml'],
        ['导出 Excel', 'xlsx', 'xl/workbook.xml'],
    ]) {
        const waiting = page.waitForEvent('download');
        await page.getByRole('button', { name: button }).click();
        await exportAnyway(page);
        const download = await waiting;
        const name = `2011年政府信息公开工作年度报告.${extension}`;
        assert.equal(download.suggestedFilename(), name);
        const path = join(OUTPUT, `e2e-export.${extension}`);
        await download.saveAs(path);
        await download.delete();
        const bytes = readFileSync(path);
        assert.equal(bytes.subarray(0, 2).toString(), 'PK', `${button}: a zip`);
        assert.ok(bytes.includes(Buffer.from(magic)), `${button}: ${magic}`);
        await page.locator(STATUS, { hasText: `已导出 ${name}` }).waitFor();
        const pdf = convert(path);
        checkPdf(pdf);
        const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
        assert.match(text, /政府信息公开工作情况统计表/, `${button}: the table's caption`);
        assert.match(text, /一、主动公开信息数\s+条\s+221/, `${button}: the figure typed`);
    }
    assert.ok(office().some((p) => p.endsWith('nianbao-office_bg.wasm')), office().join(' '));
    assert.equal(office().filter((p) => p.endsWith('.wasm')).length, 1, 'the worker is fetched once');
    await page.screenshot({ path: screenshotPath('export-office-done') });
    assert.deepEqual(problems, []);
    await context.close();
});
