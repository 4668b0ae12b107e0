// End to end: answering a finding. A warning is marked 已核实 with a reason in its own place, counted and listed
// apart in the summary, still marked after a reload (the mark is in the stored report), and gone — the warning open
// again — once the figure it answered changes.
import { test } from './harness.mjs';
import assert from 'node:assert/strict';
import { servedApp, openApp, startReport, screenshotPath } from './harness.mjs';

const app = servedApp();
const cell = (page, name) => page.getByLabel(name, { exact: true });
const NEW_TOTAL = '一、本年新收政府信息公开申请数量 / 总计';
const CARRIED_TOTAL = '二、上年结转政府信息公开申请数量 / 总计';
// 长春市体育局 2023年报告: 共受理政府信息公开申请2件 in the text, 3 new applications in the table.
const OVERVIEW = '（二）依申请公开工作情况。本年度，共受理政府信息公开申请2件，都在法定期限内予以答复。';
const REASON = '口径不同：文中为登记受理数';

test('a warning marked 已核实 stays marked over a reload and is dropped when its figure changes', async () => {
    const { page, problems } = await openApp(app.browser, app.url);
    await startReport(page, 2025);
    await page.getByLabel('发布单位（必填）').fill('长春市体育局');
    await cell(page, NEW_TOTAL).pressSequentially('3');
    await cell(page, CARRIED_TOTAL).pressSequentially('0');
    await page.getByLabel('一、总体情况').fill(OVERVIEW);

    const overview = page.locator('section.narrative').first();
    const warning = overview.locator('.diagnostic', { hasText: '受理政府信息公开申请2件' });
    await warning.waitFor();
    assert.match(await warning.getAttribute('class'), /warning/);
    const summary = page.getByRole('region', { name: '检查结果' });
    const warnings = async () => Number((await summary.locator('.count-warning').textContent()).match(/\d+/)[0]);
    const before = await warnings();
    assert.ok(before >= 1);

    // An empty reason is refused with a message; nothing is marked.
    await warning.getByRole('button', { name: '标记为已核实' }).click();
    await warning.getByRole('button', { name: '确认已核实' }).click();
    assert.match(await warning.getByRole('alert').textContent(), /核实说明不能为空/);
    assert.doesNotMatch(await warning.getAttribute('class'), /verified/);

    await warning.getByLabel('核实说明').fill(REASON);
    await warning.getByRole('button', { name: '确认已核实' }).click();
    const marked = overview.locator('.diagnostic.verified', { hasText: '受理政府信息公开申请2件' });
    await marked.waitFor();
    assert.match(await marked.textContent(), new RegExp(`已核实说明：${REASON}`));
    assert.equal(await warnings(), before - 1, 'no longer counted among the open warnings');
    assert.match(await summary.locator('.count-verified').textContent(), /已核实 1/);
    const answered = summary.getByRole('region', { name: '已核实' });
    assert.match(await answered.textContent(), /已核实（1 条）/);
    assert.match(await answered.textContent(), new RegExp(REASON));
    assert.equal(
        await summary.locator('ul.findings').getByText('受理政府信息公开申请2件', { exact: false }).count(),
        0,
        'listed apart, not among the open findings',
    );
    await page.screenshot({ path: screenshotPath('verified-marked'), fullPage: false });

    // Reload: the mark was saved with the report.
    await page.waitForFunction(() => /已保存/.test(document.body.textContent));
    await page.reload();
    await page.getByRole('button', { name: '打开“长春市体育局2025年度报告”' }).click();
    const again = page.locator('section.narrative').first().locator('.diagnostic.verified', { hasText: '受理政府信息公开申请2件' });
    await again.waitFor();
    assert.match(await again.textContent(), new RegExp(REASON));
    assert.match(await page.getByRole('region', { name: '检查结果' }).locator('.count-verified').textContent(), /已核实 1/);

    // The table's figure changes: the mark answered 3, so it goes and the warning is open again.
    const revision = () => Math.max(...Object.keys(localStorage).map((k) => {
        try { return JSON.parse(localStorage.getItem(k)).revision ?? -1; } catch { return -1; }
    }));
    const savedRevision = await page.evaluate(revision);
    assert.equal(typeof savedRevision, 'number', 'the saved revision is read before the change');
    await cell(page, NEW_TOTAL).fill('4');
    const open = page.locator('section.narrative').first().locator('.diagnostic', { hasText: '受理政府信息公开申请2件' });
    await page.waitForFunction(() => !document.querySelector('section.narrative .diagnostic.verified'));
    assert.match(await open.getAttribute('class'), /warning/);
    assert.doesNotMatch(await open.getAttribute('class'), /verified/);
    assert.ok(await page.getByRole('region', { name: '检查结果' }).locator('.count-verified').isHidden());
    // Back to 3: the mark was dropped, not merely hidden.
    await cell(page, NEW_TOTAL).fill('3');
    await open.getByRole('button', { name: '标记为已核实' }).waitFor();
    assert.doesNotMatch(await open.getAttribute('class'), /verified/);
    // Saved after the last change (a newer revision, with 3 again).
    await page.waitForFunction((since) => Object.keys(localStorage).some((k) => {
        const text = localStorage.getItem(k);
        try {
            return JSON.parse(text).revision > since && /applications\.new\.total"\s*:\s*"3"/.test(text);
        } catch {
            return false;
        }
    }), savedRevision);
    const stored = await page.evaluate(() => Object.keys(localStorage).map((k) => localStorage.getItem(k)).join('\n'));
    assert.match(stored, /长春市体育局/);
    assert.doesNotMatch(stored, /口径不同/, 'the dropped mark is not in storage');
    assert.deepEqual(problems, []);
    await page.close();
});
