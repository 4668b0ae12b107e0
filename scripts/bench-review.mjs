// Prints the in-browser speed and memory of 汇总审核 (issue 16), one figure per line: the release build served on
// loopback, in headless Chromium at 1366×768, 500 synthetic but valid national reports (fixed seed,
// tests/e2e/review-reports.mjs, as benches/review.rs makes them) dropped on the screen as a person drops them, timed
// from the drop to the table on screen (read, reviewed and saved to IndexedDB in the import worker), median of
// NIANBAO_REVIEW_RUNS (default 5); and the page's peak JS heap meanwhile (performance.memory, sampled every 20 ms;
// the worker's own heap and wasm memory are not in it). Run by scripts/bench.sh with NIANBAO_DIST set to its build.
// Figures only: the budgets (2 s, 200 MB) are compared by people.
import { serveDist, launchBrowser } from '../tests/e2e/harness.mjs';
import { syntheticReports } from '../tests/e2e/review-reports.mjs';

const RUNS = Number(process.env.NIANBAO_REVIEW_RUNS ?? 5);
const N = Number(process.env.NIANBAO_REVIEW_BROWSER_N ?? 500);

const server = await serveDist();
const browser = await launchBrowser();
try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(server.url);
    await page.getByRole('button', { name: '打开汇总审核' }).click();
    await page.getByRole('heading', { name: '添加各单位的报告' }).waitFor();
    const files = syntheticReports(N);
    const bytes = files.reduce((n, f) => n + f.buffer.length, 0);
    await page.evaluate((files) => {
        window.__reviewFiles = files.map((f) => new File([f.text], f.name, { type: 'application/json' }));
    }, files.map((f) => ({ name: f.name, text: f.buffer.toString('utf8') })));
    const times = [];
    let peak = 0;
    for (let run = 0; run < RUNS; run++) {
        const result = await page.evaluate(async (n) => {
            const heap = () => performance.memory?.usedJSHeapSize ?? 0;
            let peak = heap();
            const sampler = setInterval(() => (peak = Math.max(peak, heap())), 20);
            const transfer = new DataTransfer();
            for (const file of window.__reviewFiles) transfer.items.add(file);
            const target = document.querySelector('main.review-screen');
            const started = performance.now();
            target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
            await new Promise((done) => {
                const shown = () => document.querySelector(`.review-tally[data-files="${n}"]`)
                    && document.querySelectorAll('.review-table tbody tr').length === n;
                const check = () => (shown() ? done() : requestAnimationFrame(check));
                check();
            });
            // The table painted.
            await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
            const ms = performance.now() - started;
            clearInterval(sampler);
            return { ms, peak: Math.max(peak, heap()) };
        }, N);
        times.push(result.ms);
        peak = Math.max(peak, result.peak);
        await page.getByRole('button', { name: '清空', exact: true }).click();
        await page.getByRole('button', { name: '确定清空' }).click();
        await page.getByText('还没有添加报告。').waitFor();
    }
    times.sort((a, b) => a - b);
    console.log(`review_browser_${N}_drop_to_table_median ${times[times.length >> 1].toFixed(0)} ms (${N} national reports, ${bytes} bytes of JSON, ${RUNS} runs: ${times.map((t) => t.toFixed(0)).join(', ')} ms; budget 2000 ms)`);
    console.log(`review_browser_${N}_peak_js_heap ${(peak / 1e6).toFixed(1)} MB (the page's performance.memory.usedJSHeapSize; budget 200 MB)`);
} finally {
    await browser.close();
    await server.close();
}
