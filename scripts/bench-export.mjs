// Prints the in-browser speed and size of the PDF export of the seed report, one figure per line: the release
// build served on loopback, the PDF worker driven as the app drives it (fonts already fetched), in headless
// Chromium; and what the first PDF export of the seed report and of the filled national example fetches (the
// worker and the font files it asks for, each counted as its brotli size, in a fresh browser profile each). Run by
// scripts/bench.sh with NIANBAO_DIST set to its build.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { DIST, serveDist, launchBrowser } from '../tests/e2e/harness.mjs';

const RUNS = 21;
const example = (name) => readFileSync(resolve(import.meta.dirname, '../examples/reports', name), 'utf-8');
const seed = example('yiyuan-2011.json');
const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const server = await serveDist();
const browser = await launchBrowser();

/** The brotli bytes of the files the first PDF export of `report` fetches, in a fresh profile, and their names. */
async function firstExport(report) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    const fetched = new Set();
    const record = (request) => {
        const path = new URL(request.url()).pathname;
        if (path.includes('/fonts/') || path.includes('nianbao-pdf')) fetched.add(path.slice(1));
    };
    context.on('request', record);
    await page.evaluate(async (report) => {
        const worker = new Worker('./nianbao-pdf_loader.js');
        await new Promise((ready) => worker.addEventListener('message', (e) => e.data.type === 'ready' && ready()));
        const fonts = new URL('fonts/', document.baseURI).href;
        await new Promise((done, failed) => {
            worker.addEventListener('message', (e) => {
                if (e.data.type === 'done') done();
                if (e.data.type === 'error') failed(new Error(e.data.message));
            });
            worker.postMessage({ type: 'export', id: 1, report, fonts });
        });
    }, report);
    await context.close();
    const names = [...fetched].sort();
    const bytes = names.reduce((total, name) => total + brotli(readFileSync(join(DIST, name))), 0);
    return { bytes, names };
}

try {
    for (const [figure, name, budget] of [
        ['pdf_first_export_seed_brotli', 'yiyuan-2011.json', 1_000_000],
        ['pdf_first_export_national_brotli', 'national-2025-example.json', 1_200_000],
    ]) {
        const { bytes, names } = await firstExport(example(name));
        const fonts = names.filter((n) => n.startsWith('fonts/'));
        console.log(`${figure} ${bytes} bytes (worker and ${fonts.length} font files; budget ${budget})`);
        console.error(`${figure}: ${names.join(' ')}`);
    }
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
    console.log(`pdf_export_seed_median ${result.median.toFixed(1)} ms (in the browser, fonts loaded; budget 100 ms)`);
    console.log(`pdf_export_seed_first ${result.firstMs.toFixed(1)} ms (including the font download from loopback)`);
    console.log(`pdf_export_seed_size ${result.bytes} bytes (budget ${150 * 1024})`);
    console.log(`pdf_export_seed_pages ${result.pages}`);
} finally {
    await browser.close();
    await server.close();
}
