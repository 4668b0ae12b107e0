// End to end, as a county bureau's first writer meets the app (issue #18) on a 1366×768 office screen: tables that
// scroll inside their own box, a pinned masthead, findings that never move the cells being typed in, the start
// screen's defaults, and an embedding that leaves the portal's page where it was.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BROWSER, DIST, serve, serveDist, launchBrowser, screenshotPath, startReport, test, PORTAL_CSP } from './harness.mjs';

const OFFICE = { width: 1366, height: 768 };

const NEW = (column) => `一、本年新收政府信息公开申请数量 / ${column}`;
const CARRIED = (column) => `二、上年结转政府信息公开申请数量 / ${column}`;
const EXAMPLES = resolve(import.meta.dirname, '../../examples');

let browser, app, portal;
before(async () => {
    // Scroll bars drawn as a person sees them: Playwright hides Chromium's in headless mode unless told not to.
    browser = await launchBrowser(BROWSER === 'chromium' ? { ignoreDefaultArgs: ['--hide-scrollbars'] } : {});
    app = await serveDist();
    const headers = { 'content-security-policy': PORTAL_CSP };
    portal = await serve({ routes: { '/': EXAMPLES, '/portal/nianbao/': DIST }, headers });
});
after(async () => {
    await browser?.close();
    await app?.close();
    await portal?.close();
});

async function office(url = app.url, viewport = OFFICE) {
    const page = await browser.newPage({ viewport });
    const problems = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(url);
    await page.getByRole('button', { name: '新建报告' }).waitFor();
    return { page, problems };
}

/**
 * For every figure cell of the page (or frame): focused as the writer's Tab or arrow would, is it wholly inside
 * its table's box and not hidden under the sticky header or label column (the element at its centre is itself)?
 * Returns the labels of the cells that are not.
 */
async function unreachableCells(scope) {
    const count = await scope.evaluate(() => document.querySelectorAll('.table-scroll input.figure').length);
    const bad = [];
    // Forty cells at a time, so that no one script runs for minutes where frames are slow (WebKit painting on a busy
    // machine: each focus scrolls, and each frame waited for is a repaint).
    for (let from = 0; from < count; from += 40) {
        bad.push(...(await scope.evaluate(async ([from, to]) => {
            const bad = [];
            for (const input of [...document.querySelectorAll('.table-scroll input.figure')].slice(from, to)) {
                input.focus();
                await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
                const box = input.closest('.table-scroll').getBoundingClientRect();
                const r = input.getBoundingClientRect();
                const inside = r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5
                    && r.bottom <= box.bottom + 0.5 && r.top >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
                const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                if (!inside || hit !== input) bad.push(`${input.getAttribute('aria-label')} (${hit?.tagName} ${hit?.textContent?.slice(0, 12)})`);
            }
            return bad;
        }, [from, from + 40])));
    }
    return bad;
}

/** Whether each table box that scrolls sideways draws a scroll bar that takes room (not an overlay bar). */
function hiddenScrollBars(scope) {
    return scope.evaluate(() =>
        [...document.querySelectorAll('.table-scroll')]
            .filter((box) => box.scrollWidth > box.clientWidth + 1)
            .filter((box) => box.offsetHeight - box.clientHeight < 4)
            .map((box) => box.closest('section').querySelector('h2, h3').textContent));
}

test('at 1366×768 every cell of every table scrolls into view inside its own box, header and labels kept', async () => {
    const { page, problems } = await office();
    await startReport(page, 2026);
    // Table 四 is wider than the document column: it scrolls inside its box, with a scroll bar drawn.
    const appeals = page.locator('section.stats', { has: page.getByRole('heading', { name: '四、政府信息公开行政复议、行政诉讼情况' }) });
    const box = appeals.locator('.table-scroll');
    const sizes = await box.evaluate((b) => ({ scroll: b.scrollWidth, client: b.clientWidth, right: b.getBoundingClientRect().right }));
    assert.ok(sizes.scroll > sizes.client, `table 四 fits? ${JSON.stringify(sizes)}`);
    assert.ok(sizes.right <= OFFICE.width, 'the box stays inside the window');
    assert.deepEqual(await hiddenScrollBars(page), []);
    assert.deepEqual(await unreachableCells(page), []);
    // At the far right of table 四 the label column and the header are still on screen.
    const last = appeals.locator('input.figure').last();
    await last.focus();
    const label = appeals.locator('tbody th[scope="row"]').first();
    const [labelBox, lastBox, boxRect] = await Promise.all([label.boundingBox(), last.boundingBox(), box.boundingBox()]);
    assert.ok(Math.abs(labelBox.x - boxRect.x) < 2, `the label column stays at the box's left: ${labelBox.x} vs ${boxRect.x}`);
    assert.ok(lastBox.x > labelBox.x + labelBox.width, 'the last cell is right of the label column, not under it');
    await page.screenshot({ path: screenshotPath('first-user-table4-scrolled') });
    // Down in table 三, its header stays at the top of its box.
    const applications = page.locator('section.stats', { has: page.getByRole('heading', { name: '三、收到和处理政府信息公开申请情况' }) });
    await applications.locator('input.figure').last().focus();
    const [head, box3] = await Promise.all([
        applications.locator('thead').boundingBox(),
        applications.locator('.table-scroll').boundingBox(),
    ]);
    assert.ok(head.y >= box3.y - 1 && head.y < box3.y + 2, `table 三's header is at its box's top: ${head.y} vs ${box3.y}`);
    await page.screenshot({ path: screenshotPath('first-user-table3-bottom') });
    assert.deepEqual(problems, []);
    await page.close();
});

test('the masthead stays pinned, compact and laid out alike for every report', async () => {
    const { page } = await office();
    await startReport(page, 2026);
    const masthead = page.locator('header.masthead');
    const place = async () => {
        const out = {};
        for (const name of ['撤销', '预览', '导出 PDF', '返回首页']) {
            const b = await masthead.getByRole('button', { name, exact: true }).boundingBox();
            out[name] = [Math.round(b.x), Math.round(b.y)];
        }
        out.height = Math.round((await masthead.boundingBox()).height);
        return out;
    };
    const short = await place();
    assert.ok(short.height <= 100, `the masthead is ${short.height} px high at 768 px`);
    await page.getByLabel('发布单位（必填）').fill('某某省某某市某某县人民政府办公室政务公开和电子政务科');
    await page.getByLabel('一、总体情况').focus();
    await page.keyboard.press('End');
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForTimeout(100);
    const long = await place();
    assert.deepEqual(long, short, 'the same layout with a long title, scrolled to the end');
    const top = await masthead.boundingBox();
    assert.equal(Math.round(top.y), 0, 'pinned at the top of the window');
    // With a table's sticky header and labels scrolled under it, the masthead's buttons are still on top.
    for (const name of ['三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况']) {
        await page.getByRole('article').getByRole('heading', { name }).evaluate((h) => {
            window.scrollBy(0, h.getBoundingClientRect().top + 250);
        });
        await page.waitForTimeout(100);
        const covered = await masthead.getByRole('button').evaluateAll((buttons) => buttons
            .filter((b) => b.offsetParent)
            .filter((b) => {
                const r = b.getBoundingClientRect();
                return !b.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
            })
            .map((b) => b.textContent));
        assert.deepEqual(covered, [], `masthead buttons covered while ${name} is under it`);
    }
    await page.screenshot({ path: screenshotPath('first-user-masthead-scrolled') });
    await page.close();
});

test('a finding appearing while the writer types a row moves no cell', async () => {
    const { page, problems } = await office();
    await startReport(page, 2026);
    const typed = page.getByLabel(NEW('总计'), { exact: true });
    const below = page.getByLabel(CARRIED('自然人'), { exact: true });
    const after = page.getByLabel('三、本年度办理结果，其中（一）予以公开 / 总计', { exact: true });
    await page.getByLabel(NEW('自然人'), { exact: true }).pressSequentially('12');
    // The organisations' columns written as 0, so that the row's parts are all filled and a fix can be offered.
    for (const column of ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']) {
        await page.getByLabel(NEW(`法人或其他组织·${column}`), { exact: true }).pressSequentially('0');
    }
    await typed.focus();
    const positions = () => Promise.all([typed, below, after].map(async (c) => {
        const b = await c.boundingBox();
        return [Math.round(b.x * 10) / 10, Math.round(b.y * 10) / 10];
    }));
    const before = await positions();
    const errorsBefore = await page.locator('.status-counts .count-error').textContent();
    await typed.pressSequentially('14');
    // The total disagrees with its parts, all filled: the cell is marked as an error …
    assert.equal(await typed.getAttribute('aria-invalid'), 'true');
    assert.notEqual(await page.locator('.status-counts .count-error').textContent(), errorsBefore);
    // … and nothing moved, the typed cell included.
    assert.deepEqual(await positions(), before);
    // The message opens over the rows below while the cell has focus, with its fix.
    const row = page.locator('tr', { has: typed });
    const popover = row.locator('td', { has: typed }).locator('.cell-popover');
    assert.ok(await popover.isVisible(), 'the message shows at the focused cell');
    assert.match(await popover.textContent(), /“总计”为 14，但.*之和为 12/);
    // The last cell of the row opens its message towards the table, whole inside the table's box.
    const [pop, tableBox] = await Promise.all([popover.boundingBox(), row.locator('xpath=ancestor::div[contains(@class,"table-scroll")]').boundingBox()]);
    assert.ok(pop.x >= tableBox.x && pop.x + pop.width <= tableBox.x + tableBox.width + 0.5, `${JSON.stringify(pop)} in ${JSON.stringify(tableBox)}`);
    await page.screenshot({ path: screenshotPath('first-user-finding-at-cell') });
    // Clicked where it is, as the writer's mouse does: a driver's click first scrolls the button into view by its
    // own rule (Firefox's centres it: the page moved 159 px before the button was pressed).
    const fix = await popover.getByRole('button', { name: /改为 12/ }).boundingBox();
    await page.mouse.click(fix.x + fix.width / 2, fix.y + fix.height / 2);
    assert.equal(await typed.inputValue(), '12');
    assert.deepEqual(await positions(), before, 'fixing moves nothing either');
    // Away from the cell, the message closes and the cell keeps a sign.
    await below.focus();
    assert.ok(!(await popover.isVisible()));
    assert.deepEqual(problems, []);
    await page.close();
});

test('the start screen: the year being reported on, full-width digits, drafts first, an example opened once', async (t) => {
    const context = await browser.newContext({ viewport: OFFICE });
    const page = await context.newPage();
    // WebKit over classic WebDriver cannot fix the page's clock before its scripts run (no init scripts): there the
    // default is checked against the browser's own date by the same rule (from November on, this year; before, last).
    const fixedClock = BROWSER !== 'webkit';
    if (fixedClock) await page.clock.setFixedTime(new Date('2026-12-01T09:00:00+08:00'));
    await page.goto(app.url);
    await page.getByRole('button', { name: '新建报告' }).waitFor();
    if (fixedClock) {
        assert.equal(await page.getByLabel('报告年度').inputValue(), '2026', 'on 1 December this year is being written');
    } else {
        const [year, month] = await page.evaluate(() => [new Date().getFullYear(), new Date().getMonth() + 1]);
        const expected = String(month >= 11 ? year : year - 1);
        assert.equal(await page.getByLabel('报告年度').inputValue(), expected, `the default year in month ${month} of ${year}`);
        t.diagnostic(`${BROWSER}: the clock is not fixed (classic WebDriver has no init scripts); the default year was checked against today, month ${month} of ${year}`);
    }
    await page.screenshot({ path: screenshotPath('first-user-start-empty') });

    // An example opened twice is one example, and not among the writer's drafts until edited.
    const example = page.getByRole('button', { name: '打开示例：示例区2025年报告（国家格式）' });
    for (let i = 0; i < 2; i++) {
        await example.click();
        await page.getByRole('table').first().waitFor();
        assert.ok(await page.locator('.example-badge').isVisible(), 'marked as the example');
        await page.getByRole('button', { name: '返回首页' }).click();
        await page.getByRole('button', { name: '新建报告' }).waitFor();
    }
    assert.equal(await page.locator('.drafts .draft').count(), 0, 'an unedited example is not a draft');
    const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('draft')).length);
    assert.ok(stored <= 1, `${stored} drafts stored for one example`);

    await page.getByLabel('报告年度').fill('２０２６');
    await page.getByRole('button', { name: '新建报告' }).click();
    await page.getByRole('table').first().waitFor();
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '2026年政府信息公开工作年度报告');
    await page.getByLabel('发布单位（必填）').fill('某县交通运输局');
    await page.waitForTimeout(700);
    await page.getByRole('button', { name: '返回首页' }).click();
    await page.getByRole('button', { name: '新建报告' }).waitFor();
    // With a draft, the drafts come first, on screen at 768 px.
    const drafts = await page.getByRole('heading', { name: '本机保存的草稿' }).boundingBox();
    const create = await page.getByRole('heading', { name: '新建年度报告' }).boundingBox();
    assert.ok(drafts.y < create.y, 'drafts above the new-report card');
    assert.ok(drafts.y < OFFICE.height / 2, `drafts start at ${drafts.y}`);
    assert.equal(await page.locator('.drafts .draft').count(), 1);
    await page.screenshot({ path: screenshotPath('first-user-start-drafts') });
    await context.close();
});

test('the example portal stays where it is: loading the iframe, and 新建报告 in the mounted app', async () => {
    const config = JSON.parse(readFileSync(join(DIST, 'nianbao.config.json'), 'utf8'));
    config.embed.allowed_origins = [portal.origin];
    const framed = await serveDist({ prefix: '/app/', overrides: { '/app/nianbao.config.json': JSON.stringify(config) } });
    try {
        const page = await browser.newPage({ viewport: OFFICE });
        await page.goto(`${portal.url}portal/iframe.html?app=${encodeURIComponent(framed.url)}`);
        await page.waitForFunction(() => window.nianbaoEvents?.some((e) => e.type === 'ready'));
        await page.waitForTimeout(300);
        assert.equal(await page.evaluate(() => scrollY), 0, 'the portal page loads at its top');
        // Inside the 900 px frame, every cell of every table can be reached inside its box.
        const frame = page.frame({ url: /\/app\// });
        // In WebKit a script's focus() scrolls an element into view only in the frame that has the focus: there the
        // writer's click into the frame comes first (the field is on screen: WebKit's click does not scroll the
        // portal page; Playwright's click in Firefox scrolls it by 72 px, so the other engines go without).
        if (BROWSER === 'webkit') await frame.getByLabel('报告年度').click();
        await frame.getByLabel('报告年度').fill('2026');
        // Clicked where it is (a click by the driver would first scroll the page to the button).
        await frame.getByRole('button', { name: '新建报告' }).evaluate((button) => button.click());
        await frame.getByRole('table').first().waitFor();
        await page.waitForTimeout(300);
        assert.equal(await page.evaluate(() => scrollY), 0, 'opening a report leaves the portal page alone');
        assert.deepEqual(await unreachableCells(frame), []);
        await page.screenshot({ path: screenshotPath('first-user-iframe') });
        await page.close();

        const mounted = await browser.newPage({ viewport: OFFICE });
        await mounted.goto(`${portal.url}portal/mount.html`);
        await mounted.getByRole('button', { name: '新建报告' }).waitFor();
        await mounted.getByLabel('报告年度').fill('2026');
        const button = mounted.getByRole('button', { name: '新建报告' });
        await button.scrollIntoViewIfNeeded();
        await mounted.waitForTimeout(300);
        const y = await mounted.evaluate(() => scrollY);
        await button.click();
        await mounted.getByRole('table').first().waitFor();
        await mounted.waitForTimeout(300);
        assert.equal(await mounted.evaluate(() => scrollY), y, '新建报告 does not scroll the portal page');
        await mounted.close();
    } finally {
        await framed.close();
    }
});

test('未填写的格填 0 fills a table in one undoable step; exporting an unfinished report asks first', async () => {
    const { page, problems } = await office();
    await startReport(page, 2026);
    const natural = page.getByLabel(NEW('自然人'), { exact: true });
    await natural.pressSequentially('12');
    await page.getByLabel(NEW('法人或其他组织·商业企业'), { exact: true }).pressSequentially('3件');
    const applications = page.locator('section.stats', { has: page.getByRole('heading', { name: '三、收到和处理政府信息公开申请情况' }) });
    const inputs = applications.locator('input.figure');
    const count = await inputs.count();
    await applications.getByRole('button', { name: '本表未填写的格填 0' }).click();
    const values = await inputs.evaluateAll((all) => all.map((i) => i.value));
    assert.equal(values.filter((v) => v === '0').length, count - 2, 'every blank cell, and only those');
    assert.equal(await natural.inputValue(), '12');
    assert.equal(await page.getByLabel(NEW('法人或其他组织·商业企业'), { exact: true }).inputValue(), '3件');
    assert.match(await applications.textContent(), /已将本表 \d+ 个未填写的格填为 0/);
    // "3件": a fix without the unit, at the cell.
    const commercial = page.getByLabel(NEW('法人或其他组织·商业企业'), { exact: true });
    await commercial.focus();
    await applications.locator('td', { has: commercial }).getByRole('button', { name: '改为 3' }).click();
    assert.equal(await commercial.inputValue(), '3');
    // One undo takes the fix back, the next the whole filling.
    await page.getByRole('button', { name: '撤销' }).click();
    assert.equal(await commercial.inputValue(), '3件');
    await page.getByRole('button', { name: '撤销' }).click();
    const undone = await inputs.evaluateAll((all) => all.map((i) => i.value));
    assert.equal(undone.filter((v) => v === '').length, count - 2, 'one undo for the whole filling');

    // Exporting now asks: errors and blank cells, counted.
    await page.getByRole('button', { name: '导出 HTML' }).click();
    const question = page.getByRole('dialog', { name: '报告还没有完成' });
    await question.waitFor();
    assert.match(await question.textContent(), /导出前提示：\d+ 个错误，\d+ 格未填写 — 仍要导出？/);
    await page.screenshot({ path: screenshotPath('first-user-export-question') });
    await question.getByRole('button', { name: '返回修改' }).click();
    assert.ok(!(await question.isVisible()));
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出 HTML' }).click();
    await question.getByRole('button', { name: '仍要导出' }).click();
    const file = await download;
    assert.match(file.suggestedFilename(), /\.html$/);
    assert.deepEqual(problems, []);
    await page.close();
});

test('next year: carried-over text is marked with last year\'s phrases until edited; 与上年持平; a finding selects its phrase', async () => {
    const { page, problems } = await office();
    await startReport(page, 2026);
    await page.getByLabel('发布单位（必填）').fill('某县交通运输局');
    await page.getByLabel(NEW('自然人'), { exact: true }).pressSequentially('14');
    await page.getByLabel(NEW('总计'), { exact: true }).pressSequentially('14');
    await page.getByLabel('一、总体情况').fill('2026年，某县交通运输局全年新收政府信息公开申请14件，均按时答复。');
    await page.waitForTimeout(700);
    await page.getByRole('button', { name: '返回首页' }).click();
    await page.getByRole('button', { name: '以此新建下一年度' }).click();
    await page.getByRole('table').first().waitFor();
    const overview = page.getByLabel('一、总体情况');
    const note = page.locator('.carried-note').first();
    assert.ok(await note.isVisible(), 'carried text is marked');
    assert.match(await note.textContent(), /沿用上年报告的内容.*“2026年”“14件”是上年的年份或数字/);
    assert.match(await overview.getAttribute('class'), /carried/);
    await page.screenshot({ path: screenshotPath('first-user-carried') });
    // The comparison with last year says unchanged, not 增加 0.
    await page.getByRole('button', { name: '对照上年数据' }).click();
    const natural = page.getByLabel(NEW('自然人'), { exact: true });
    await natural.pressSequentially('14');
    const cell = page.locator('td', { has: natural });
    assert.match(await cell.textContent(), /上年 14，与上年持平/);
    // With last year's figures under every cell (taller cells, table 三 the widest), every cell still scrolls into
    // view inside its own box at 1366×768, and every box that scrolls sideways draws its scroll bar.
    assert.deepEqual(await hiddenScrollBars(page), []);
    assert.deepEqual(await unreachableCells(page), []);
    await page.screenshot({ path: screenshotPath('first-user-compare-on') });
    // Clicking the narrative's finding selects the phrase it quotes.
    await page.getByLabel(NEW('总计'), { exact: true }).pressSequentially('20');
    const finding = page.getByRole('region', { name: '检查结果' }).getByRole('link', { name: /中写到“新收政府信息公开申请14件”/ });
    await finding.first().click();
    const selected = await overview.evaluate((a) => a.value.slice(a.selectionStart, a.selectionEnd));
    assert.equal(selected, '新收政府信息公开申请14件');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label') ?? document.activeElement.id), await overview.evaluate((a) => a.getAttribute('aria-label') ?? a.id));
    // Edited: no longer marked.
    await overview.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('（本年改写）');
    assert.ok(!(await note.isVisible()), 'edited text is the writer\'s');
    assert.deepEqual(problems, []);
    await page.close();
});

test('drafts live in this browser: said plainly, backed up as one file, restored after the browser is cleaned', async () => {
    const context = await browser.newContext({ viewport: OFFICE, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(app.url);
    await page.getByRole('button', { name: '新建报告' }).waitFor();
    for (const unit of ['某县交通运输局', '某县教育局']) {
        await page.getByLabel('报告年度').fill('2026');
        await page.getByRole('button', { name: '新建报告' }).click();
        await page.getByRole('table').first().waitFor();
        await page.getByLabel('发布单位（必填）').fill(unit);
        assert.match(await page.locator('.save-where').textContent(), /仅存于本机浏览器/);
        await page.getByRole('status').filter({ hasText: /^已保存 \d\d:\d\d:\d\d$/ }).waitFor();
        await page.getByRole('button', { name: '返回首页' }).click();
        await page.getByRole('button', { name: '新建报告' }).waitFor();
    }
    assert.match(await page.locator('.local-only').textContent(), /只保存在本机的这个浏览器里.*清理浏览器数据/);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '备份全部草稿（下载一个文件）' }).click();
    const file = await download;
    assert.match(file.suggestedFilename(), /^年度报告草稿备份-\d{8}\.json$/);
    const path = await file.path();
    await page.screenshot({ path: screenshotPath('first-user-backup') });

    // The clean-up tool empties the browser's storage.
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByRole('button', { name: '新建报告' }).waitFor();
    assert.equal(await page.locator('.drafts .draft').count(), 0);
    await page.getByLabel('导入草稿文件或备份（.json）').setInputFiles(path);
    await page.getByText(/已从备份恢复：新增 2 份草稿/).waitFor();
    const titles = await page.locator('.drafts .draft h3').allTextContents();
    assert.deepEqual(titles.sort(), ['某县交通运输局2026年度报告', '某县教育局2026年度报告']);
    // Restoring again adds nothing and overwrites nothing.
    await page.getByLabel('导入草稿文件或备份（.json）').setInputFiles(path);
    await page.getByText(/新增 0 份草稿，更新 0 份；2 份本机已有/).waitFor();
    assert.equal(await page.locator('.drafts .draft').count(), 2);
    await context.close();
});
