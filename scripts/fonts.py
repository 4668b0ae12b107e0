#!/usr/bin/env python3
"""Makes the PDF export's fonts from Debian's font packages: a GB 2312 subset of each face, as TrueType (glyf).

    python3 scripts/fonts.py OUT_DIR

Run by scripts/setup.sh (function setup_fonts) with fontTools from PyPI. The faces (assets/fonts/LICENSES.md):

    serif.ttf  Noto Serif CJK SC Regular (fonts-noto-cjk): body text, the title; every GB 2312 character
    sans.ttf   Noto Sans CJK SC Regular (fonts-noto-cjk): level-1 headings (Hei); GB 2312 level 1
    kai.ttf    LXGW WenKai Regular (fonts-lxgw-wenkai): level-2 headings (Kai); GB 2312 level 1

The PDF exporter falls back to serif.ttf for a character the sans or kai subset lacks. Noto CJK outlines are CFF;
they are converted to quadratic glyf outlines because printpdf embeds TrueType fonts most reliably
(CIDFontType2). Every derived font is renamed ("Nianbao …"): LXGW WenKai reserves the names "LXGW" and "霞鹜",
and Noto is a trademark, so a modified version may not carry them. Copyright and licence strings are kept.
The output is deterministic (no timestamps), so a second run writes identical files. fonts.json lists the files
with their sizes and a version (a hash of their bytes): the app shows download progress from the sizes and keeps
its offline copy keyed by the version.
"""

import hashlib
import json
import pathlib
import sys

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTO = pathlib.Path("/usr/share/fonts/opentype/noto")
WENKAI = pathlib.Path("/usr/share/fonts/truetype/lxgw-wenkai")

# Beyond GB 2312: the zero used in written dates, dashes, quotes, bullets, marks common in official documents.
EXTRA = "〇—―…·•●○◎□■△▲※→←↑↓№℃‰￥€£¥®©™°±×÷≤≥≠≈∶‘’“”「」『』【】〔〕〖〗《》〈〉・～﹏︰﹐﹑﹒﹔﹕﹖﹗"
EXTRA += "".join(chr(c) for c in range(0x2460, 0x2474))  # ①..⑳
EXTRA += "".join(chr(c) for c in range(0x2474, 0x2488))  # ⑴..⒇
EXTRA += "".join(chr(c) for c in range(0x3220, 0x322A))  # ㈠..㈩


def gb2312(rows):
    out = []
    for high in rows:
        for low in range(0xA1, 0xFF):
            try:
                out.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return "".join(out)


def repo_text():
    """Every character of the built-in templates and example reports, so they always print in their own faces."""
    text = []
    for path in sorted((ROOT / "src" / "templates").glob("*.json")) + sorted(
        (ROOT / "examples" / "reports").glob("*.json")
    ):
        text.append(json.dumps(json.loads(path.read_text("utf-8")), ensure_ascii=False))
    return "".join(text)


ASCII = "".join(chr(c) for c in range(0x20, 0x7F))
LATIN1 = "".join(chr(c) for c in range(0xA0, 0x100))
SYMBOLS = gb2312(range(0xA1, 0xAA))
LEVEL1 = gb2312(range(0xB0, 0xD8))
LEVEL2 = gb2312(range(0xD8, 0xF8))
COMMON = ASCII + LATIN1 + SYMBOLS + EXTRA + repo_text()

FACES = [
    # (output, source, face index in a collection, family name, characters)
    ("serif.ttf", NOTO / "NotoSerifCJK-Regular.ttc", 2, "Nianbao Serif SC", COMMON + LEVEL1 + LEVEL2),
    ("sans.ttf", NOTO / "NotoSansCJK-Regular.ttc", 2, "Nianbao Sans SC", COMMON + LEVEL1),
    ("kai.ttf", WENKAI / "LXGWWenKai-Regular.ttf", 0, "Nianbao Kai", COMMON + LEVEL1),
]

DROP_TABLES = ["vhea", "vmtx", "VORG", "BASE", "GDEF", "GPOS", "GSUB", "DSIG", "meta", "kern", "hdmx", "LTSH", "VDMX"]


def to_truetype(font):
    """Replaces CFF outlines by quadratic glyf outlines (max error 1 unit of 1000)."""
    glyph_set = font.getGlyphSet()
    order = font.getGlyphOrder()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones maxTwilightPoints maxStorage maxFunctionDefs maxInstructionDefs maxStackElements "
        "maxSizeOfInstructions maxComponentElements maxPoints maxContours maxCompositePoints "
        "maxCompositeContours maxComponentDepth"
    ).split():
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    maxp.numGlyphs = len(order)
    font["maxp"] = maxp
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    font.sfntVersion = "\0\1\0\0"


def rename(font, family, source_name):
    postscript = family.replace(" ", "") + "-Regular"
    name = font["name"]
    name.names = [r for r in name.names if r.nameID in (0, 5, 7, 13, 14)]
    for name_id, text in (
        (1, family),
        (2, "Regular"),
        (3, f"{postscript};nianbao subset"),
        (4, family),
        (6, postscript),
        (10, f"A subset of {source_name} (GB 2312 characters), renamed as the SIL Open Font License requires."),
    ):
        name.setName(text, name_id, 3, 1, 0x409)


def make(out_dir, output, source, index, family, text):
    font = TTFont(source, fontNumber=index, recalcTimestamp=False)
    source_name = font["name"].getDebugName(4)
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.name_languages = [0x409]
    options.drop_tables += DROP_TABLES
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text))))
    subsetter.subset(font)
    if "CFF " in font:
        to_truetype(font)
    rename(font, family, source_name)
    font.save(out_dir / output)
    return font["maxp"].numGlyphs


def main():
    out_dir = pathlib.Path(sys.argv[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    files = {}
    for output, source, index, family, text in FACES:
        if not source.exists():
            sys.exit(f"fonts.py: {source} is missing (Debian packages fonts-noto-cjk, fonts-lxgw-wenkai)")
        glyphs = make(out_dir, output, source, index, family, text)
        data = (out_dir / output).read_bytes()
        digest.update(data)
        files[output] = len(data)
        print(f"fonts.py: {output} {glyphs} glyphs, {len(data)} bytes", file=sys.stderr)
    manifest = {"version": digest.hexdigest()[:16], "files": files}
    (out_dir / "fonts.json").write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
