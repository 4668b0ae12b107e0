// Prints the in-browser speed and size of the PDF export of the seed report, one figure per line: the release
// build served on loopback, the PDF worker driven as the app drives it (fonts already fetched), in headless
// Chromium. Run by scripts/bench.sh with NIANBAO_DIST set to its build.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { serveDist, launchBrowser } from '../tests/e2e/harness.mjs';

const RUNS = 21;
const seed = readFileSync(resolve(import.meta.dirname, '../examples/reports/yiyuan-2011.json'), 'utf-8');

const server = await serveDist();
const browser = await launchBrowser();
try {
    const page = await browser.newPage();
    await page.goto(server.url);
    const result = await page.evaluate(
        async ({ report, runs }) => {
            const worker = new Worker('./nianbao-pdf_loader.js');
            await new Promise((ready) =>
                worker.addEventListener('message', (e) => e.data.type === 'ready' && ready()),
            );
            const fonts = new URL('fonts/', document.baseURI).href;
            const exportOnce = (id) =>
                new Promise((done, failed) => {
                    const listen = (e) => {
                        if (e.data.id !== id) return;
                        if (e.data.type === 'done') done(e.data);
                        if (e.data.type === 'error') failed(new Error(e.data.message));
                        if (e.data.type !== 'progress') worker.removeEventListener('message', listen);
                    };
                    worker.addEventListener('message', listen);
                    worker.postMessage({ type: 'export', id, report, fonts });
                });
            let start = performance.now();
            const first = await exportOnce(0);
            const firstMs = performance.now() - start;
            const times = [];
            for (let id = 1; id <= runs; id++) {
                start = performance.now();
                await exportOnce(id);
                times.push(performance.now() - start);
            }
            times.sort((a, b) => a - b);
            return { firstMs, median: times[times.length >> 1], bytes: first.pdf.length, pages: first.pages };
        },
        { report: seed, runs: RUNS },
    );
    console.log(`pdf_export_seed_median ${result.median.toFixed(1)} ms (in the browser, fonts loaded; budget 300 ms)`);
    console.log(`pdf_export_seed_first ${result.firstMs.toFixed(1)} ms (including the font download from loopback)`);
    console.log(`pdf_export_seed_size ${result.bytes} bytes (budget ${150 * 1024})`);
    console.log(`pdf_export_seed_pages ${result.pages}`);
} finally {
    await browser.close();
    await server.close();
}
