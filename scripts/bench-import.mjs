// Prints the in-browser speed of reading published reports, one figure per line: the release build served on
// loopback, the import worker driven as the app drives it (the file's bytes transferred, the answer back), in
// headless Chromium, for a real national-format report as its portal publishes it and for the app's e2e fixture
// with its Word and PDF versions. Run by scripts/bench.sh with NIANBAO_DIST set to its build.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { serveDist, launchBrowser } from '../tests/e2e/harness.mjs';

const RUNS = 21;
const FIXTURES = resolve(import.meta.dirname, '../tests/fixtures/import');
const INPUTS = [
    ['import_html_national_portal', 'zhanjiang-dfz-2023-portal.html', 'budget 100 ms'],
    ['import_html_county', 'app-county-2023.html', 'budget 100 ms'],
    ['import_docx_county', 'app-county-2023.docx', 'budget 100 ms'],
    ['import_pdf_county', 'app-county-2023.pdf', 'budget 1000 ms', 'nianbao-import-pdf_loader.js'],
];

const server = await serveDist();
const browser = await launchBrowser();
try {
    const page = await browser.newPage();
    await page.goto(server.url);
    for (const [figure, name, budget, loader = 'nianbao-import_loader.js'] of INPUTS) {
        const bytes = [...readFileSync(resolve(FIXTURES, name))];
        const result = await page.evaluate(
            async ({ bytes, name, runs, loader }) => {
                const started = performance.now();
                const worker = new Worker(`./${loader}`);
                await new Promise((ready) =>
                    worker.addEventListener('message', (e) => e.data.type === 'ready' && ready()),
                );
                const startMs = performance.now() - started;
                const readOnce = (id) =>
                    new Promise((done) => {
                        const listen = (e) => {
                            if (e.data.id !== id) return;
                            worker.removeEventListener('message', listen);
                            done(e.data);
                        };
                        worker.addEventListener('message', listen);
                        const buffer = new Uint8Array(bytes).buffer;
                        worker.postMessage({ type: 'file', id, name, bytes: buffer }, [buffer]);
                    });
                const times = [];
                let answer;
                for (let id = 1; id <= runs; id++) {
                    const start = performance.now();
                    answer = await readOnce(id);
                    times.push(performance.now() - start);
                }
                worker.terminate();
                times.sort((a, b) => a - b);
                return { startMs, median: times[times.length >> 1], answer };
            },
            { bytes, name, runs: RUNS, loader },
        );
        const what =
            result.answer.type === 'done'
                ? `read, ${Object.keys(JSON.parse(result.answer.report).cells).length} cells filled`
                : `not read: ${result.answer.message}`;
        console.log(`${figure}_median ${result.median.toFixed(1)} ms (${name}, ${bytes.length} bytes, ${what}; ${budget})`);
        console.log(`${figure}_worker_start ${result.startMs.toFixed(1)} ms (the worker loaded and ready, from loopback)`);
    }
} finally {
    await browser.close();
    await server.close();
}
