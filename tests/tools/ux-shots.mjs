// Screenshots of the editor at 1366×768 as a county bureau sees it (issue #18): `node tests/tools/ux-shots.mjs
// <out-dir> <prefix>` after a release build (NIANBAO_DIST picks another build). Not a test: for looking at.
import { serveDist, launchBrowser } from '../e2e/harness.mjs';
const [out = '/tmp', prefix = 'shot'] = process.argv.slice(2);
const server = await serveDist();
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
await page.goto(server.url);
await page.getByRole('button', { name: '新建报告' }).waitFor();
await page.screenshot({ path: `${out}/${prefix}-start.png` });
await page.getByLabel('报告年度').fill('2026');
await page.getByRole('button', { name: '新建报告' }).click();
await page.getByRole('table').first().waitFor();
await page.screenshot({ path: `${out}/${prefix}-editor-top.png` });
const NEW = (c) => `一、本年新收政府信息公开申请数量 / ${c}`;
const cell = page.getByLabel(NEW('自然人'), { exact: true });
await cell.scrollIntoViewIfNeeded();
await cell.pressSequentially('12');
await page.getByLabel(NEW('总计'), { exact: true }).pressSequentially('14');
await page.screenshot({ path: `${out}/${prefix}-table3-typing.png` });
const t4 = page.getByRole('article').getByRole('heading', { name: '四、政府信息公开行政复议、行政诉讼情况' });
await t4.scrollIntoViewIfNeeded();
await page.evaluate(() => window.scrollBy(0, 200));
await page.screenshot({ path: `${out}/${prefix}-table4.png` });
await page.screenshot({ path: `${out}/${prefix}-full.png`, fullPage: true });
await browser.close();
await server.close();
