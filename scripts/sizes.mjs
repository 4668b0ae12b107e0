// Prints the size figures of a built app directory: the wasm raw / gzip / brotli, and the first load in brotli.
import { readdirSync, readFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const files = readdirSync(dist).filter((name) => ['.html', '.js', '.wasm', '.css'].includes(extname(name)));
const brotli = (bytes) =>
    brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const wasmName = files.find((name) => name.endsWith('.wasm'));
if (!wasmName) throw new Error(`no .wasm file in ${dist}`);
const wasm = readFileSync(join(dist, wasmName));
const firstLoad = files.reduce((sum, name) => sum + brotli(readFileSync(join(dist, name))), 0);

const figures = [
    ['wasm_raw', wasm.length],
    ['wasm_gzip', gzipSync(wasm, { level: 9 }).length],
    ['wasm_brotli', brotli(wasm)],
    ['first_load_brotli (html+js+wasm+css)', firstLoad],
];
for (const [name, bytes] of figures) console.log(`${name} ${bytes} bytes`);
console.log(`first_load_budget ${250 * 1024} bytes (250 KB brotli, fonts excluded)`);
