#!/usr/bin/env python3
"""Makes the PDF export's fonts from Debian's font packages: a GB 2312 subset of each face, as TrueType (glyf),
whole for the command line and the tests, and cut into slices for the browser.

    python3 scripts/fonts.py OUT_DIR

writes OUT_DIR/{serif,sans,kai}.ttf (whole) and OUT_DIR/web/ (what the app serves as fonts/, see "Slices").

Run by scripts/setup.sh (function setup_fonts) with fontTools from PyPI. The faces (assets/fonts/LICENSES.md):

    serif.ttf  Noto Serif CJK SC Regular (fonts-noto-cjk): body text, the title; every GB 2312 character
    sans.ttf   Noto Sans CJK SC Regular (fonts-noto-cjk): level-1 headings (Hei); GB 2312 level 1
    kai.ttf    LXGW WenKai Regular (fonts-lxgw-wenkai): level-2 headings (Kai); GB 2312 level 1

The PDF exporter falls back to serif.ttf for a character the sans or kai subset lacks. Noto CJK outlines are CFF;
they are converted to quadratic glyf outlines because printpdf embeds TrueType fonts most reliably
(CIDFontType2). Every derived font is renamed ("Nianbao …"): LXGW WenKai reserves the names "LXGW" and "霞鹜",
and Noto is a trademark, so a modified version may not carry them. Copyright and licence strings are kept.
The output is deterministic (no timestamps), so a second run writes identical files.

Slices: the browser fetches only the glyphs a report prints. Each face's glyphs are ordered by how often their
characters occur in Chinese official text (FREQUENCY_SOURCES: the templates, the example reports and the test
fixtures, many of them real published reports; then GB 2312 level 1, then the rest), and cut into runs of glyphs:
web/FACE-base.bin is the font without its glyf table (cmap, metrics, loca: everything layout needs, for every
character), web/FACE-N.bin the glyf bytes of slice N. Frequent characters share the first slices, so a typical
report needs few. web/fonts.json is the manifest: a version (a hash of every file), and per face the base file and
each slice's file, size and end (the first glyph after it); which slice holds a character follows from the base's
cmap. src/export/fonts.rs (SlicedFace) puts a face together from its base and the slices it has.
"""

import collections
import hashlib
import json
import pathlib
import shutil
import struct
import sys

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.reorderGlyphs import reorderGlyphs

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
    decompose(font)
    order_by_frequency(font, "" if output == "serif.ttf" else template_text(output.removesuffix(".ttf")))
    rename(font, family, source_name)
    font.save(out_dir / output)
    return font["maxp"].numGlyphs


# Text whose character frequencies order the glyphs: the built-in templates, the example reports, and the test
# fixtures (published reports as portals print them, drafts).
FREQUENCY_SOURCES = ["src/templates/*.json", "examples/reports/*.json", "tests/fixtures/**/*.json",
                     "tests/fixtures/**/*.html", "tests/fixtures/**/*.txt"]
# The first slice: .notdef, ASCII and the marks of any report, then the most frequent characters up to FIRST glyphs
# (the Hei's and the Kai's: what the templates print in them); every further slice holds SLICE glyphs.
FIRST = 320
SLICE = 128
MARKS = ASCII + "，。、；：？！“”‘’（）《》〔〕【】—…·％"


def template_text(face):
    """What the built-in templates print in a face other than the Song: the Kai's level-2 headings, the Hei's
    level-1 headings and table headers (src/export/layout)."""
    out = []

    def labels(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("title", "stub_header", "unit_header", "label") and isinstance(value, str):
                    out.append(value)
                labels(value)
        elif isinstance(node, list):
            for value in node:
                labels(value)

    for path in sorted((ROOT / "src" / "templates").glob("*.json")):
        template = json.loads(path.read_text("utf-8"))
        for block in template["blocks"]:
            if "title" in block and (block.get("level") == 2) == (face == "kai"):
                out.append(block["title"])
        for table in template["tables"]:
            if face == "kai" and table.get("level") == 2:
                out.append(table["title"])
        if face == "sans":
            labels(template["tables"])
    return "".join(out)


def frequency_order(first=""):
    """Characters, most frequent in official text first (ties by code point), those of `first` before the rest."""
    counts = collections.Counter()
    for pattern in FREQUENCY_SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            text = path.read_text("utf-8", errors="ignore")
            if path.suffix == ".json":
                text = json.dumps(json.loads(text), ensure_ascii=False)
            counts.update(c for c in text if ord(c) > 0x7F)
    ranked = sorted(counts, key=lambda c: (c not in first, -counts[c], ord(c)))
    return MARKS + "".join(ranked) + LEVEL1 + SYMBOLS + EXTRA + LATIN1 + LEVEL2


def decompose(font):
    """Composite glyphs drawn as simple ones, so that a glyph never needs another slice's glyph."""
    glyf = font["glyf"]
    glyph_set = font.getGlyphSet()
    for name in font.getGlyphOrder():
        if glyf[name].isComposite():
            recording = DecomposingRecordingPen(glyph_set)
            glyph_set[name].draw(recording)
            pen = TTGlyphPen(None)
            recording.replay(pen)
            glyf[name] = pen.glyph()


def order_by_frequency(font, first):
    cmap = font.getBestCmap()
    order = [".notdef"]
    seen = set(order)
    for c in frequency_order(first):
        name = cmap.get(ord(c))
        if name and name not in seen:
            order.append(name)
            seen.add(name)
    order += [name for name in font.getGlyphOrder() if name not in seen]
    reorderGlyphs(font, order)


def tables(data):
    """The tables of an sfnt: tag -> bytes."""
    count = struct.unpack(">H", data[4:6])[0]
    out = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * i: 28 + 16 * i])
        out[tag.decode("latin-1")] = data[offset: offset + length]
    return out


def sfnt(parts):
    """An sfnt of `parts` (tag -> bytes), tables sorted by tag, 4-byte aligned, with their checksums."""
    tags = sorted(parts)
    shift = max(i for i in range(16) if 1 << i <= len(tags))
    head = struct.pack(">IHHHH", 0x00010000, len(tags), 16 << shift, shift, len(tags) * 16 - (16 << shift))
    offset = 12 + 16 * len(tags)
    directory, body = b"", b""
    for tag in tags:
        data = parts[tag]
        padded = data + b"\0" * (-len(data) % 4)
        checksum = sum(struct.unpack(">%dI" % (len(padded) // 4), padded)) & 0xFFFFFFFF
        directory += struct.pack(">4sIII", tag.encode("latin-1"), checksum, offset, len(data))
        body += padded
        offset += len(padded)
    return head + directory + body


def first_slice(stem):
    """How many glyphs the first slice of a face holds."""
    if stem == "serif":
        return FIRST
    return 1 + len(set(MARKS + template_text(stem)))


def slice_font(data, out_dir, stem):
    """Writes FACE-base.bin and FACE-N.bin for a whole font; returns its manifest entry.

    The base is the font without glyf and loca, its left side bearings zeroed (they repeat each glyph's xMin, which
    the app puts back from the glyphs it has). A slice is its glyphs' offsets into its own bytes (one 32-bit number
    more than it has glyphs, the first 0), then those glyphs' glyf bytes.
    """
    parts = tables(data)
    glyphs = struct.unpack(">H", parts["maxp"][4:6])[0]
    long_loca = struct.unpack(">h", parts["head"][50:52])[0] == 1
    loca = parts.pop("loca")
    offsets = (struct.unpack(">%dI" % (glyphs + 1), loca) if long_loca
               else [2 * o for o in struct.unpack(">%dH" % (glyphs + 1), loca)])
    glyf = parts.pop("glyf")
    metrics = struct.unpack(">H", parts["hhea"][34:36])[0]
    hmtx = bytearray(parts["hmtx"])
    for g in range(glyphs):
        at = 4 * g + 2 if g < metrics else 4 * metrics + 2 * (g - metrics)
        hmtx[at: at + 2] = b"\0\0"
    parts["hmtx"] = bytes(hmtx)
    base = sfnt(parts)
    (out_dir / f"{stem}-base.bin").write_bytes(base)
    entry = {"base": f"{stem}-base.bin", "size": len(base), "glyphs": glyphs, "slices": []}
    ends = list(range(first_slice(stem), glyphs, SLICE)) + [glyphs]
    start = 0
    for n, end in enumerate(ends):
        name = f"{stem}-{n}.bin"
        own = [o - offsets[start] for o in offsets[start: end + 1]]
        piece = struct.pack(">%dI" % len(own), *own) + glyf[offsets[start]: offsets[end]]
        (out_dir / name).write_bytes(piece)
        entry["slices"].append({"file": name, "end": end, "size": len(piece)})
        start = end
    return entry


def main():
    out_dir = pathlib.Path(sys.argv[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    web = out_dir / "web"
    shutil.rmtree(web, ignore_errors=True)
    web.mkdir()
    for licence in ("LICENSES.md", "OFL.txt"):
        shutil.copyfile(ROOT / "assets" / "fonts" / licence, web / licence)
    digest = hashlib.sha256()
    faces = {}
    for output, source, index, family, text in FACES:
        if not source.exists():
            sys.exit(f"fonts.py: {source} is missing (Debian packages fonts-noto-cjk, fonts-lxgw-wenkai)")
        glyphs = make(out_dir, output, source, index, family, text)
        data = (out_dir / output).read_bytes()
        digest.update(data)
        stem = output.removesuffix(".ttf")
        faces[stem] = slice_font(data, web, stem)
        print(f"fonts.py: {output} {glyphs} glyphs, {len(data)} bytes, {len(faces[stem]['slices'])} slices",
              file=sys.stderr)
    manifest = {"version": digest.hexdigest()[:16], "faces": faces}
    (web / "fonts.json").write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
