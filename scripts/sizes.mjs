// Prints the size figures of a built app directory: the app's wasm raw / gzip / brotli, the first load in brotli
// (index.html and every file it references), what the first PDF export may fetch besides (the PDF worker, and the
// fonts' files, of which it fetches only those it prints), what the first Word or Excel export fetches (the Office
// worker), and what the first import of a published report fetches (the import worker, and the PDF import worker
// for a PDF).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const brotli = (bytes) =>
    brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const read = (name) => readFileSync(join(dist, name));

// The first load: index.html and the local files it names (scripts, styles, preloads, the icon).
const index = read('index.html').toString();
const referenced = new Set();
for (const [, url] of index.matchAll(/(?:href|src|module_or_path:|from)\s*=?\s*['"]?\.\/([^'"\s>]+)/g)) {
    // The loader is named with its build's version (nianbao.js?v=…).
    const name = url.split('?')[0];
    if (existsSync(join(dist, name))) referenced.add(name);
}
const firstLoad = ['index.html', ...referenced];
const wasmName = firstLoad.find((name) => name.endsWith('.wasm'));
if (!wasmName) throw new Error(`index.html in ${dist} names no .wasm file`);
const wasm = read(wasmName);

// Fetched on the first PDF export only.
const worker = readdirSync(dist).filter((name) => name.startsWith('nianbao-pdf'));
// Fetched on the first Word or Excel export only.
const office = readdirSync(dist).filter((name) => name.startsWith('nianbao-office'));
// Fetched on the first import of a published report only (its loader, JS and wasm): the import worker (web
// pages, pastes, Word, Excel) and, on the first PDF import, the PDF import worker. Each is within the budget.
const importWorker = readdirSync(dist).filter((name) => /^nianbao-import(_|\.)/.test(name));
const importPdfWorker = readdirSync(dist).filter((name) => /^nianbao-import-pdf(_|\.)/.test(name));
for (const name of [...worker, ...office, ...importWorker, ...importPdfWorker]) {
    if (firstLoad.includes(name)) throw new Error(`${name} is part of the first load: index.html must not name it`);
}
const fontsDir = join(dist, 'fonts');
// Every slice and base of the three faces (scripts/fonts.py): what an export could fetch at most; the first export
// of a report fetches the bases and the slices it prints (scripts/bench-export.mjs prints that).
const fonts = existsSync(fontsDir) ? readdirSync(fontsDir).filter((name) => /\.(bin|json)$/.test(name)) : [];
const sum = (names, size) => names.reduce((total, name) => total + size(read(name)), 0);

const figures = [
    ['wasm_raw', wasm.length],
    ['wasm_gzip', gzipSync(wasm, { level: 9 }).length],
    ['wasm_brotli', brotli(wasm)],
    ['first_load_brotli (html+js+wasm+css)', sum(firstLoad, brotli)],
    ['first_load_budget', 250 * 1024],
    ['pdf_worker_raw (fetched on the first PDF export)', sum(worker, (b) => b.length)],
    ['pdf_worker_brotli', sum(worker, brotli)],
    ['pdf_fonts_raw (all slices; a first PDF export fetches those it prints)', sum(fonts.map((f) => join('fonts', f)), (b) => b.length)],
    ['pdf_fonts_brotli', sum(fonts.map((f) => join('fonts', f)), brotli)],
    ['office_worker_raw (fetched on the first Word or Excel export)', sum(office, (b) => b.length)],
    ['office_worker_brotli', sum(office, brotli)],
    ['import_worker_raw (fetched on the first import of a page, paste, Word or Excel file)', sum(importWorker, (b) => b.length)],
    ['import_worker_brotli', sum(importWorker, brotli)],
    ['import_pdf_worker_raw (fetched on the first import of a PDF)', sum(importPdfWorker, (b) => b.length)],
    ['import_pdf_worker_brotli', sum(importPdfWorker, brotli)],
    ['import_worker_budget (each)', 500 * 1024],
];
for (const [name, bytes] of figures) console.log(`${name} ${bytes} bytes`);
