// Prints the size of the app's PDF of the seed report (and of the filled national example) beside the size of
// the same document made by pdfmake (npm, pinned in package.json), one figure per line. The document is the app's
// own (benches/pdfmake.rs writes it as a pdfmake definition: the same text, headings, tables with their header
// spans, fields and signature, on A4 with the same type area and type sizes) and pdfmake embeds the app's own
// fonts (assets/fonts/*.ttf), subset by pdfkit as it always does. Two pdfmake files each: with one embedded font
// (every block in the Song face: the issue's yardstick) and with the app's three faces (Song, Hei, Kai), so the
// comparison is like for like too. Run by scripts/bench.sh; needs the fonts scripts/setup.sh makes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pdfmake from 'pdfmake';

const root = resolve(import.meta.dirname, '..');
const out = join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'pdfmake');
const examples = ['yiyuan-2011', 'national-2025-example'];
mkdirSync(out, { recursive: true });
execFileSync('cargo', ['bench', '--locked', '--no-default-features', '--features', 'pdf', '--bench', 'pdfmake'], {
    cwd: root,
    env: { ...process.env, NIANBAO_PDFMAKE_OUT: out, NIANBAO_PDFMAKE_EXAMPLES: examples.join(',') },
    stdio: ['ignore', 'ignore', 'inherit'],
});

const font = (name) => {
    const file = join(root, 'assets/fonts', `${name}.ttf`);
    return { normal: file, bold: file, italics: file, bolditalics: file };
};
pdfmake.setFonts({ serif: font('serif'), sans: font('sans'), kai: font('kai') });
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => path.startsWith(join(root, 'assets/fonts')));

/** The definition with each block's face as a pdfmake font; `oneFont` sets everything in the Song face. */
function withFonts(definition, oneFont) {
    const face = (node) => {
        if (Array.isArray(node)) return node.map(face);
        if (node === null || typeof node !== 'object') return node;
        const copy = {};
        for (const [key, value] of Object.entries(node)) {
            if (key === 'face') copy.font = oneFont ? 'serif' : value;
            else copy[key] = face(value);
        }
        return copy;
    };
    const { footer, ...rest } = face(definition);
    return {
        ...rest,
        footer: (page) => ({ text: `— ${page} —`, alignment: 'center', fontSize: footer.folio, margin: footer.margin }),
    };
}

const version = JSON.parse(readFileSync(join(root, 'node_modules/pdfmake/package.json'), 'utf-8')).version;
const pagesOf = (file) => execFileSync('qpdf', ['--show-npages', file], { encoding: 'utf-8' }).trim();

for (const name of examples) {
    const definition = JSON.parse(readFileSync(join(out, `${name}.json`), 'utf-8'));
    const app = statSync(join(out, `${name}.pdf`)).size;
    const figure = name.startsWith('yiyuan') ? 'seed' : 'national';
    for (const [variant, oneFont] of [['one_font', true], ['three_faces', false]]) {
        const buffer = await pdfmake.createPdf(withFonts(definition, oneFont)).getBuffer();
        const file = join(out, `${name}.pdfmake-${variant}.pdf`);
        writeFileSync(file, buffer);
        console.log(`pdfmake_${figure}_${variant}_size ${buffer.length} bytes (pdfmake ${version}, ${pagesOf(file)} pages)`);
        const ratio = app / buffer.length;
        const budget = oneFont ? '; budget 0.8' : '';
        console.log(`pdf_vs_pdfmake_${figure}_${variant} ${ratio.toFixed(3)} (app ${app} bytes, ${pagesOf(join(out, `${name}.pdf`))} pages${budget})`);
    }
}
