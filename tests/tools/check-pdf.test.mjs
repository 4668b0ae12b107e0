// scripts/check-pdf.sh on PDFs written here: sound ones pass; each kind of fault fails, and says which reader objected.
// The export tests call the same script (through checkPdf in tests/e2e/harness.mjs) on every PDF they make.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SCRIPT = resolve(import.meta.dirname, '../../scripts/check-pdf.sh');
const dir = mkdtempSync(join(tmpdir(), 'nianbao-check-pdf-'));

/**
 * A minimal PDF 1.7: one A4 page per content stream, font F1 Helvetica or, given `fontFile`, a TrueType font embedded
 * from those bytes. `fault` spoils the file in one way. Cross-reference offsets are computed, so a sound file is sound
 * to the byte.
 */
function pdf(contents, { fault, fontFile } = {}) {
    const objects = [];
    const add = (body) => objects.push(body) && objects.length;
    const catalog = add(null);
    const pages = add(null);
    let font;
    if (fontFile) {
        const file = add(`<< /Length ${fontFile.length} >>\nstream\n${fontFile.toString('latin1')}\nendstream`);
        const descriptor = add('<< /Type /FontDescriptor /FontName /ABCDEF+Embedded /Flags 32 /FontBBox [0 -200 1000 800] ' +
            `/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 ${file} 0 R >>`);
        font = add('<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+Embedded /FirstChar 32 /LastChar 126 ' +
            `/Widths [${Array(95).fill(500).join(' ')}] /FontDescriptor ${descriptor} 0 R /Encoding /WinAnsiEncoding >>`);
    } else {
        font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
    }
    const kids = contents.map((content) => {
        const stream = add(`<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`);
        return add(`<< /Type /Page /Parent ${pages} 0 R /MediaBox [0 0 595.28 841.89] ` +
            `/Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${stream} 0 R >>`);
    });
    objects[catalog - 1] = `<< /Type /Catalog /Pages ${pages} 0 R >>`;
    objects[pages - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;

    let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
    const offsets = objects.map((body, i) => {
        const at = Buffer.byteLength(out, 'latin1');
        out += `${i + 1} 0 obj\n${body}\nendobj\n`;
        return fault === 'xref' ? at + 7 : at;
    });
    const xref = Buffer.byteLength(out, 'latin1');
    out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
    out += offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n \n`).join('');
    out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    const bytes = Buffer.from(out, 'latin1');
    return fault === 'truncated' ? bytes.subarray(0, Math.floor(bytes.length * 0.6)) : bytes;
}

const PAGE = (n) => `BT /F1 16 Tf 72 760 Td (Page ${n}: nianbao check-pdf) Tj ET\n0.2 w 72 700 m 523 700 l S\n72 600 200 50 re S`;

function write(name, bytes) {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    return file;
}

function check(...files) {
    const run = spawnSync(SCRIPT, files, { encoding: 'utf8' });
    return { status: run.status, out: run.stdout + run.stderr };
}

test('a sound one-page PDF passes all three readers', () => {
    const file = write('one.pdf', pdf([PAGE(1)]));
    const { status, out } = check(file);
    assert.equal(status, 0, out);
    assert.match(out, /ok .*one\.pdf \(1 pages; qpdf, pdftoppm, mutool draw\)/);
});

test('every page is rendered by both renderers', () => {
    const file = write('three.pdf', pdf([PAGE(1), PAGE(2), PAGE(3)]));
    const { status, out } = check(file);
    assert.equal(status, 0, out);
    assert.match(out, /\(3 pages;/);
});

test('a cross-reference table pointing to the wrong places fails qpdf --check', () => {
    const { status, out } = check(write('xref.pdf', pdf([PAGE(1)], { fault: 'xref' })));
    assert.equal(status, 1, out);
    assert.match(out, /FAILED .*xref\.pdf: qpdf --check[^]*file is damaged/);
    assert.match(out, /FAILED .*xref\.pdf: mutool draw[^]*repairing PDF document/);
});

test('a truncated file fails', () => {
    const { status, out } = check(write('truncated.pdf', pdf([PAGE(1), PAGE(2)], { fault: 'truncated' })));
    assert.equal(status, 1, out);
    assert.match(out, /FAILED .*truncated\.pdf: qpdf --check/);
});

test('an embedded font that is no font passes qpdf, and both renderers object', () => {
    const fontFile = Buffer.from('these bytes are not a TrueType font');
    const { status, out } = check(write('font.pdf', pdf([PAGE(1)], { fontFile })));
    assert.equal(status, 1, out);
    assert.doesNotMatch(out, /qpdf --check/);
    assert.match(out, /FAILED .*font\.pdf: pdftoppm[^]*Embedded font file may be invalid/);
    assert.match(out, /FAILED .*font\.pdf: mutool draw[^]*error when loading embedded font/);
});

test('a page that uses a font it never declared: MuPDF forgives it, poppler does not, and the file fails', () => {
    const { status, out } = check(write('undeclared.pdf', pdf(['BT /F9 16 Tf 72 760 Td (no such font) Tj ET'])));
    assert.equal(status, 1, out);
    assert.match(out, /FAILED .*undeclared\.pdf: pdftoppm[^]*Unknown font tag 'F9'/);
    assert.doesNotMatch(out, /mutool draw|qpdf --check/);
});

test('an operator no reader knows: both renderers object', () => {
    const { status, out } = check(write('operator.pdf', pdf([`${PAGE(1)}\n1 2 3 frobnicate`])));
    assert.equal(status, 1, out);
    assert.match(out, /FAILED .*operator\.pdf: pdftoppm[^]*Unknown operator 'frobnicate'/);
    assert.match(out, /FAILED .*operator\.pdf: mutool draw[^]*unknown keyword: 'frobnicate'/);
});

test('a file that is not a PDF, or is missing, fails; the other files are still checked', () => {
    const good = write('good.pdf', pdf([PAGE(1)]));
    const text = write('text.pdf', 'this is not a PDF\n');
    const { status, out } = check(text, join(dir, 'missing.pdf'), good);
    assert.equal(status, 1, out);
    assert.match(out, /FAILED .*text\.pdf: qpdf --check/);
    assert.match(out, /FAILED .*missing\.pdf: no such file/);
    assert.match(out, /ok .*good\.pdf/);
});

test('no file to check is a usage error', () => {
    const { status, out } = check();
    assert.equal(status, 2);
    assert.match(out, /usage:/);
});
