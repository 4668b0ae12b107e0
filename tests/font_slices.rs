//! The PDF fonts in slices, as the browser fetches them (scripts/fonts.py "Slices", `export::fonts::SlicedFace`):
//! which slices a text needs, a face put together from its base and slices draws exactly what the whole font draws,
//! and a report that needs a slice that is not here is refused with its characters named, in Chinese.

use nianbao::export::build;
use nianbao::export::document::{Block, Document};
use nianbao::export::fonts::{Face, FontFace, Manifest, SlicedFace};
use nianbao::export::layout::{faces, lay_out};
use nianbao::export::pdf::{needed_slices, render, render_layout, Fonts, PdfError};
use nianbao::templates;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

mod common;
use common::check_pdf;

const EXPORTED_AT: i64 = 1_800_437_400;

fn fonts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts")
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; scripts/setup.sh makes the PDF fonts (scripts/fonts.py)",
            path.display()
        )
    })
}

fn manifest() -> Manifest {
    let json = String::from_utf8(read(&fonts_dir().join("web/fonts.json"))).unwrap();
    Manifest::read(&json).expect("fonts.json names three faces with slices")
}

/// The three faces from their bases, with the slices `with` says (per face).
fn sliced(with: impl Fn(Face, usize) -> bool) -> (Vec<SlicedFace>, Fonts) {
    let manifest = manifest();
    let web = fonts_dir().join("web");
    let faces: Vec<SlicedFace> = Face::ALL
        .iter()
        .map(|&face| {
            let files = manifest.face(face);
            let mut sliced = SlicedFace::new(&read(&web.join(&files.base)), files).unwrap();
            for (n, slice) in files.slices.iter().enumerate() {
                if with(face, n) {
                    sliced.add(n, &read(&web.join(&slice.file))).unwrap();
                }
            }
            sliced
        })
        .collect();
    let fonts = fonts_of(&faces);
    (faces, fonts)
}

fn fonts_of(faces: &[SlicedFace]) -> Fonts {
    Fonts {
        serif: faces[0].face().unwrap(),
        sans: faces[1].face().unwrap(),
        kai: faces[2].face().unwrap(),
    }
}

fn whole(face: Face) -> FontFace {
    FontFace::from_bytes(&read(&fonts_dir().join(format!("{}.ttf", face.stem())))).unwrap()
}

fn paragraph(text: &str) -> Document {
    Document {
        title: "年度报告".to_owned(),
        blocks: vec![Block::Paragraph(text.to_owned())],
    }
}

fn example(name: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/reports")
        .join(name);
    let (template, report) =
        templates::read_report(&std::fs::read_to_string(path).unwrap()).unwrap();
    build(template, &report)
}

fn slice_of(fonts: &Fonts, face: Face, c: char) -> usize {
    let font = fonts.face(face);
    font.slice_of(font.glyph(c).unwrap_or_else(|| panic!("{c} in {face:?}")))
}

#[test]
fn frequent_words_of_a_report_are_in_the_first_slice_and_a_rare_character_adds_its_own() {
    let (_, fonts) = sliced(|_, _| false);
    let common = "本年度报告依据《政府信息公开条例》编制，主动公开政府信息情况";
    let layout = lay_out(&paragraph(common), &fonts);
    assert_eq!(
        needed_slices(&layout, &fonts),
        BTreeMap::from([(Face::Serif, BTreeSet::from([0]))]),
        "the title, the body and the page number print from the Song face's first slice only"
    );
    // 亍 and 齄, the first and the last hanzi of GB 2312 level 2: rare, each in a late slice of its own.
    let rare = slice_of(&fonts, Face::Serif, '亍');
    let rarest = slice_of(&fonts, Face::Serif, '齄');
    assert!(rare > 0 && rarest > rare, "{rare} {rarest}");
    let layout = lay_out(&paragraph(&format!("{common}亍齄")), &fonts);
    assert_eq!(
        needed_slices(&layout, &fonts),
        BTreeMap::from([(Face::Serif, BTreeSet::from([0, rare, rarest]))])
    );
    // Slices already here are not asked for again.
    let (_, fonts) = sliced(|face, n| face == Face::Serif && n == 0);
    assert_eq!(
        needed_slices(&layout, &fonts),
        BTreeMap::from([(Face::Serif, BTreeSet::from([rare, rarest]))])
    );
}

#[test]
fn headings_ask_for_the_hei_and_kai_slices() {
    let (_, fonts) = sliced(|_, _| false);
    let document = Document {
        title: "测试".to_owned(),
        blocks: vec![
            Block::Heading {
                level: 1,
                text: "一、总体情况".to_owned(),
            },
            Block::Heading {
                level: 2,
                text: "（一）主动公开".to_owned(),
            },
        ],
    };
    let needed = needed_slices(&lay_out(&document, &fonts), &fonts);
    assert_eq!(
        needed.keys().copied().collect::<Vec<_>>(),
        [Face::Serif, Face::Sans, Face::Kai]
    );
    assert_eq!(needed[&Face::Sans], BTreeSet::from([0]));
    assert_eq!(needed[&Face::Kai], BTreeSet::from([0]));
}

#[test]
fn the_example_reports_need_few_slices() {
    let manifest = manifest();
    let (_, fonts) = sliced(|_, _| false);
    for name in ["yiyuan-2011.json", "national-2025-example.json"] {
        let needed = needed_slices(&lay_out(&example(name), &fonts), &fonts);
        let mut bytes = 0;
        for (face, slices) in &needed {
            let files = manifest.face(*face);
            bytes += files.size;
            bytes += slices.iter().map(|&n| files.slices[n].size).sum::<u64>();
            let share = slices.len() as f64 / files.slices.len() as f64;
            assert!(
                share < 0.3,
                "{name}: {face:?} needs {slices:?} of {}",
                files.slices.len()
            );
        }
        eprintln!("{name}: slices {needed:?}, {bytes} bytes raw (bases included)");
    }
}

#[test]
fn a_missing_slice_refuses_the_export_naming_its_characters_in_chinese() {
    let (_, fonts) = sliced(|face, n| face == Face::Serif && n == 0);
    let text = "政府信息公开亍齄";
    let layout = lay_out(&paragraph(text), &fonts);
    let error = render_layout(&layout, "年度报告", &fonts, EXPORTED_AT).unwrap_err();
    assert_eq!(error, PdfError::NotLoaded(vec!['亍', '齄']));
    let message = error.to_string();
    assert!(message.contains("亍齄"), "{message}");
    assert!(message.contains("2 个字的字体还没有下载"), "{message}");
    assert!(message.contains("请连上网络后再导出"), "{message}");
    // With every slice it prints, it prints.
    let (_, fonts) = sliced(|face, n| {
        face == Face::Serif
            && [
                0,
                slice_of(&fonts, face, '亍'),
                slice_of(&fonts, face, '齄'),
            ]
            .contains(&n)
    });
    let pdf = render_layout(&layout, "年度报告", &fonts, EXPORTED_AT).unwrap();
    assert!(pdf.missing.is_empty());
}

#[test]
fn a_long_list_of_missing_characters_is_cut_short() {
    let chars: Vec<char> = "亍丌兀丐廿卅丕亘丞鬲孬噩丨禺丿匕乇夭爻卮氐囟胤馗毓睾鼗丶亟鼐乜乩亓芈孛啬嘏仄厍厝厣厥厮靥赝匚叵匦匮匾赜卦卣刂"
        .chars()
        .collect();
    let message = PdfError::NotLoaded(chars.clone()).to_string();
    assert!(message.contains(&format!("{} 个字", chars.len())));
    let shown: String = chars[..40].iter().collect();
    assert!(message.contains(&format!("{shown}等")), "{message}");
}

#[test]
fn a_face_with_every_slice_draws_what_the_whole_font_draws() {
    let (_, fonts) = sliced(|_, _| true);
    for face in Face::ALL {
        let whole = whole(face);
        let sliced = fonts.face(face);
        for c in "政府信息公开年度报告，0123456789ABC亍齄〇①".chars() {
            assert_eq!(sliced.glyph(c), whole.glyph(c), "{face:?} {c}");
            if let Some(g) = whole.glyph(c) {
                assert_eq!(sliced.advance(g), whole.advance(g));
                assert!(sliced.loaded(g));
            }
        }
    }
    // And the seed report comes out with the same pages and text as from the whole fonts.
    let document = example("yiyuan-2011.json");
    let pdf = render(&document, &fonts, EXPORTED_AT).unwrap();
    let whole_fonts = Fonts {
        serif: whole(Face::Serif),
        sans: whole(Face::Sans),
        kai: whole(Face::Kai),
    };
    let reference = render(&document, &whole_fonts, EXPORTED_AT).unwrap();
    assert_eq!(pdf.pages, reference.pages);
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-output");
    std::fs::create_dir_all(&out).unwrap();
    let file = out.join("sliced-fonts-yiyuan-2011.pdf");
    std::fs::write(&file, &pdf.bytes).unwrap();
    check_pdf(&file);
}

#[test]
fn the_seed_report_prints_from_only_the_slices_it_needs() {
    let (mut faces, fonts) = sliced(|_, _| false);
    let document = example("yiyuan-2011.json");
    let layout = lay_out(&document, &fonts);
    let needed = needed_slices(&layout, &fonts);
    let manifest = manifest();
    let web = fonts_dir().join("web");
    for (face, slices) in &needed {
        let index = Face::ALL.iter().position(|f| f == face).unwrap();
        for &n in slices {
            faces[index]
                .add(n, &read(&web.join(&manifest.face(*face).slices[n].file)))
                .unwrap();
        }
    }
    let fonts = fonts_of(&faces);
    assert!(needed_slices(&layout, &fonts).is_empty());
    let pdf = render_layout(&layout, &document.title, &fonts, EXPORTED_AT).unwrap();
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-output");
    std::fs::create_dir_all(&out).unwrap();
    let file = out.join("sliced-fonts-needed-yiyuan-2011.pdf");
    std::fs::write(&file, &pdf.bytes).unwrap();
    check_pdf(&file);
}

#[test]
fn damaged_slices_and_bases_are_refused() {
    let manifest = manifest();
    let web = fonts_dir().join("web");
    let files = manifest.face(Face::Serif);
    let base = read(&web.join(&files.base));
    assert!(SlicedFace::new(&base[..base.len() / 2], files).is_err());
    assert!(SlicedFace::new(b"not a font", files).is_err());
    let mut face = SlicedFace::new(&base, files).unwrap();
    let slice = read(&web.join(&files.slices[1].file));
    // Cut short, the wrong slice's bytes, and nothing.
    assert!(face.add(1, &slice[..slice.len() - 1]).is_err());
    assert!(face.add(0, &slice).is_err());
    assert!(face.add(1, &[]).is_err());
    assert!(face.add(files.slices.len(), &slice).is_err());
    assert!(!face.has(1));
    face.add(1, &slice).unwrap();
    assert!(face.has(1));
    assert!(Manifest::read("{\"version\":\"x\",\"faces\":{}}").is_none());
    assert!(Manifest::read("[]").is_none());
}

/// A face the document does not set anything in is not needed at all (its base is not fetched): the national
/// example has no level-2 heading, so it lays out and prints the same without the Kai face; the seed report has
/// some, so it needs all three.
#[test]
fn a_report_without_level_2_headings_needs_no_kai_face() {
    let all: BTreeSet<Face> = Face::ALL.into_iter().collect();
    assert_eq!(faces(&example("yiyuan-2011.json")), all);
    let national = example("national-2025-example.json");
    assert_eq!(
        faces(&national),
        [Face::Serif, Face::Sans].into_iter().collect()
    );
    let (_, fonts) = sliced(|_, _| true);
    let without_kai = Fonts {
        serif: whole(Face::Serif),
        sans: whole(Face::Sans),
        kai: FontFace::none(),
    };
    let with = lay_out(&national, &fonts);
    let without = lay_out(&national, &without_kai);
    assert_eq!(format!("{:?}", with.pages), format!("{:?}", without.pages));
    assert!(needed_slices(&with, &fonts).is_empty());
    let pdf = render_layout(&without, &national.title, &without_kai, 0).unwrap();
    assert_eq!(pdf.pages, with.pages.len());
}
