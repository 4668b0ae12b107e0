// Synthetic but valid national reports for the review's browser tests and bench (issue 16), as benches/review.rs
// makes them natively: each is x·A + y·B for the two national examples A and B (both balanced; every identity of the
// format is linear, so the combination balances too), with its own unit and a publication date in January or
// February (so some are late). A fixed seed: every run makes the same files.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const example = (name) => JSON.parse(readFileSync(resolve(ROOT, 'examples/reports', name), 'utf8'));

/** xorshift64* over BigInt, as benches/review.rs's Rng. */
function rng(seed) {
    let state = BigInt(seed) | 1n;
    const mask = (1n << 64n) - 1n;
    const next = () => {
        state ^= state >> 12n;
        state = (state ^ (state << 25n)) & mask;
        state ^= state >> 27n;
        return (state * 0x2545f4914f6cdd1dn) & mask;
    };
    return (n) => Number(next() % BigInt(n));
}

/** `n` reports as `{ name, buffer }` (JSON bytes), the unit 示例市第 i 单位. */
export function syntheticReports(n, seed = 16) {
    const a = example('national-2024-example.json');
    const b = example('national-2025-example.json');
    const below = rng(seed);
    const files = [];
    for (let i = 0; i < n; i++) {
        const [x, y] = [below(4), 1 + below(3)];
        const report = structuredClone(a);
        for (const [id, value] of Object.entries(a.cells)) {
            const other = b.cells[id];
            if (/^\d+$/.test(value) && /^\d+$/.test(other ?? '')) {
                report.cells[id] = String(x * Number(value) + y * Number(other));
            }
        }
        report.fields.unit = `示例市第${i + 1}单位`;
        report.fields.year = '2024';
        const day = 1 + below(45);
        report.fields.publish_date = day <= 31 ? `2025年1月${day}日` : `2025年2月${day - 31}日`;
        files.push({
            name: `${String(i + 1).padStart(5, '0')}.json`,
            mimeType: 'application/json',
            buffer: Buffer.from(JSON.stringify(report, null, 2)),
        });
    }
    return files;
}
