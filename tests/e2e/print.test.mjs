// End to end: printing the editor (Ctrl+P) gives the report on A4 pages without the controls, in both browsers.
import { before, after } from 'node:test';
import { test } from './harness.mjs';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { OUTPUT, serveDist, launchBrowser, openApp, checkPdf } from './harness.mjs';

let server;
before(async () => {
    server = await serveDist();
});
after(async () => {
    await server?.close();
});

/** Printed with the fonts an office PC has (see the file). */
const OFFICE_FONTS = { FONTCONFIG_FILE: join(import.meta.dirname, 'office-fonts.conf') };

/**
 * How elements look under the page's print rules. Neither browser's automation can switch Firefox to the print
 * medium, so the print rules are applied in the page itself, as the print medium would apply them.
 */
async function underPrintRules(page, read) {
    await page.evaluate(() => {
        const rules = [];
        for (const sheet of document.styleSheets) {
            for (const rule of sheet.cssRules) {
                if (rule instanceof CSSMediaRule && rule.media.mediaText === 'print') {
                    for (const inner of rule.cssRules) rules.push(inner.cssText);
                }
            }
        }
        // A constructed sheet, not a <style>: the app is meant to run under a CSP that forbids inline styles.
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(rules.join('\n'));
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    });
    const found = await page.evaluate(read);
    await page.evaluate(() => (document.adoptedStyleSheets = document.adoptedStyleSheets.slice(0, -1)));
    return found;
}

test('printing the editor: A4 pages with the report and its figures, no controls, nothing clipped', async () => {
    const browser = await launchBrowser({ env: OFFICE_FONTS });
    try {
        await printTheSeed(browser);
    } finally {
        await browser.close();
    }
});

async function printTheSeed(browser) {
    const { page } = await openApp(browser, server.url);
    await page.getByRole('button', { name: /打开示例：沂源县/ }).click();
    await page.getByRole('table').waitFor();

    const printed = await underPrintRules(page, () => {
        const shown = (element) => element && getComputedStyle(element).display !== 'none';
        const summary = getComputedStyle(document.querySelector('.summary'));
        return {
            buttons: [...document.querySelectorAll('button')].filter(shown).map((b) => b.textContent),
            saveStatus: shown(document.querySelector('.save-status')),
            heading: shown(document.querySelector('.masthead h1')),
            masthead: getComputedStyle(document.querySelector('.masthead')).position,
            summary: { position: summary.position, overflow: summary.overflowY, maxHeight: summary.maxHeight },
        };
    });
    assert.deepEqual(printed.buttons, [], 'no button is printed');
    assert.equal(printed.saveStatus, false);
    assert.equal(printed.heading, true);
    assert.equal(printed.masthead, 'static', 'the masthead is not stuck over the first lines of every page');
    assert.deepEqual(printed.summary, { position: 'static', overflow: 'visible', maxHeight: 'none' }, 'findings are not clipped');

    mkdirSync(OUTPUT, { recursive: true });
    const file = join(OUTPUT, 'print-legacy.pdf');
    await page.pdf({ path: file, format: 'A4', printBackground: true });
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const [, width, height] = info.match(/Page size:\s+([\d.]+) x ([\d.]+) pts/);
    assert.ok(Math.abs(width - 595.3) < 2 && Math.abs(height - 841.9) < 2, `A4, not ${width} x ${height} pt`);
    const pages = Number(info.match(/Pages:\s+(\d+)/)[1]);
    assert.ok(pages >= 3 && pages <= 9, `the report on a sensible number of pages, not ${pages}`);

    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const figure of ['http://gov.yiyuan.gov.cn', '221', '135', '2011']) assert.ok(text.includes(figure), figure);
    assert.match(text, /沂源县政府办公室2011年政府信息公开工作年度报告/);
    assert.match(text, /政府信息公开工作情况统计表/);
    assert.doesNotMatch(text, /返回首页|撤销|已保存|导出 PDF/);
    assert.match(execFileSync('pdffonts', [file], { encoding: 'utf8' }), /LXGWWenKai/, 'printed with the stand-in');
    checkPdf(file);
}
