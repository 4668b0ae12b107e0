// Prints the in-browser speed and size of the Word and Excel exports, one figure per line: the release build served
// on loopback, the Office worker driven as the app drives it (already started), in headless Chromium, for the seed
// report and a filled national-format report. Run by scripts/bench.sh with NIANBAO_DIST set to its build.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { serveDist, launchBrowser } from '../tests/e2e/harness.mjs';

const RUNS = 21;
const reports = {
    seed: readFileSync(resolve(import.meta.dirname, '../examples/reports/yiyuan-2011.json'), 'utf-8'),
    national: readFileSync(resolve(import.meta.dirname, '../examples/reports/national-2025-example.json'), 'utf-8'),
};

const server = await serveDist();
const browser = await launchBrowser();
try {
    const page = await browser.newPage();
    await page.goto(server.url);
    const figures = await page.evaluate(
        async ({ reports, runs }) => {
            const loaded = performance.now();
            const worker = new Worker('./nianbao-office_loader.js');
            await new Promise((ready) =>
                worker.addEventListener('message', (e) => e.data.type === 'ready' && ready()),
            );
            const startup = performance.now() - loaded;
            let next = 0;
            const exportOnce = (report, format) =>
                new Promise((done, failed) => {
                    const id = next++;
                    const listen = (e) => {
                        if (e.data.id !== id) return;
                        worker.removeEventListener('message', listen);
                        if (e.data.type === 'done') done(e.data);
                        else failed(new Error(e.data.message));
                    };
                    worker.addEventListener('message', listen);
                    worker.postMessage({ type: 'export', id, report, format });
                });
            const out = [['office_worker_start', startup, 'ms (fetch, compile and start, from loopback)']];
            for (const [name, report] of Object.entries(reports)) {
                for (const format of ['docx', 'xlsx']) {
                    const first = await exportOnce(report, format);
                    const times = [];
                    for (let i = 0; i < runs; i++) {
                        const t = performance.now();
                        await exportOnce(report, format);
                        times.push(performance.now() - t);
                    }
                    times.sort((a, b) => a - b);
                    out.push([`${format}_export_${name}_median`, times[times.length >> 1], 'ms (in the browser; budget 100 ms)']);
                    out.push([`${format}_export_${name}_size`, first.bytes.length, 'bytes']);
                }
            }
            return out;
        },
        { reports, runs: RUNS },
    );
    for (const [name, value, unit] of figures) {
        console.log(`${name} ${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`);
    }
} finally {
    await browser.close();
    await server.close();
}
