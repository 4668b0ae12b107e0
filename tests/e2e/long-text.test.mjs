// End to end: very long text in a section. A 2 MB paste is cut at the section's limit of 100,000 characters, says so,
// and keeps what was written before it; typing at the limit is refused the same way, and deleting takes the message
// away.
import { test } from './harness.mjs';
import assert from 'node:assert/strict';
import { servedApp, openApp, startReport, copyToClipboard } from './harness.mjs';

const app = servedApp();
const LIMIT = 100_000;

test('a 2 MB paste into a section is cut at the limit with a message, and nothing written before is lost', async () => {
    const { page, problems } = await openApp(app.browser, app.url);
    await startReport(page, 2025);
    const overview = page.getByLabel('一、总体情况');
    await overview.pressSequentially('本机关');
    await overview.press('End');
    await overview.pressSequentially('全年工作');
    // Back before 全年工作, so the paste goes into the middle of what was typed.
    for (let i = 0; i < 4; i++) await overview.press('ArrowLeft');

    const sentence = '本机关坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《中华人民共和国政府信息公开条例》，'
        + '坚持以公开为常态、不公开为例外，不断提升政务公开质量和实效。\n';
    let big = sentence.repeat(Math.ceil((2 * 1024 * 1024) / Buffer.byteLength(sentence)));
    assert.ok(Buffer.byteLength(big) >= 2 * 1024 * 1024);
    await copyToClipboard(page, big);
    await overview.focus();
    const started = Date.now();
    await page.keyboard.press('Control+v');
    const alert = page.getByRole('alert').filter({ hasText: '上限' });
    await alert.waitFor();
    const elapsed = Date.now() - started;
    const dropped = big.length - (LIMIT - '本机关全年工作'.length);
    assert.equal(await alert.textContent(), `本节内容超过 100000 字的上限，多出的 ${dropped} 字未写入（之前已写的内容都保留着）`);
    const value = await overview.inputValue();
    assert.equal(value.length, LIMIT);
    assert.ok(value.startsWith('本机关本机关坚持'), value.slice(0, 20));
    assert.ok(value.endsWith('全年工作'), value.slice(-20));
    // The caret is just after what was kept of the paste.
    const caret = await overview.evaluate((area) => area.selectionStart);
    assert.equal(caret, LIMIT - '全年工作'.length);
    console.log(`2 MB paste refused over the limit, message shown after ${elapsed} ms`);

    // At the limit, one more character is refused the same way; deleting one takes the message away.
    await overview.press('End');
    await overview.pressSequentially('。');
    assert.match(await alert.textContent(), /多出的 1 字未写入/);
    assert.equal((await overview.inputValue()).length, LIMIT);
    await overview.press('Backspace');
    await alert.waitFor({ state: 'detached' });
    assert.equal((await overview.inputValue()).length, LIMIT - 1);
    assert.match(await page.locator('section.narrative').first().textContent(), /已写 \d+ 字/);
    assert.deepEqual(problems, []);
    await page.close();
});
