//! The fuzz harness of the report and draft readers, on stable Rust: the example reports and the stored-draft
//! fixtures, mutated (bytes flipped, inserted, deleted, repeated, spliced between seeds, JSON tokens and hostile
//! values dropped in, re-encoded as UTF-16, keys doubled) or replaced by random bytes, are read the way the app and
//! the command line read them, and every reader and what follows a successful read (the checker, next year, the
//! HTML export, the draft list, a save over the entry) runs under `catch_unwind`. A panic is a finding.
//!
//! Shared by `benches/fuzz/main.rs` (run for a set time by scripts/bench.sh) and `tests/fuzz.rs` (a fixed number
//! of cases from a fixed seed, in `cargo test`).

use nianbao::check::{check, check_with_previous, Previous};
use nianbao::embed::{open_report, parse, Command, Incoming};
use nianbao::export::{document, html};
use nianbao::model::next_year::next_year;
use nianbao::model::text::{decode, excerpt};
use nianbao::model::{number, year, CellKind, Report, ReportFile};
use nianbao::store::{read_draft, Draft, Drafts, MemoryStorage, Storage};
use nianbao::templates;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The seeds: every example report and every stored-draft fixture.
pub const SEEDS: &[&str] = &[
    include_str!("../../examples/reports/yiyuan-2011.json"),
    include_str!("../../examples/reports/national-2024-example.json"),
    include_str!("../../examples/reports/national-2025-example.json"),
    include_str!("../../tests/fixtures/drafts/v1-legacy.json"),
    include_str!("../../tests/fixtures/drafts/v1-national.json"),
];

/// Pieces of JSON and values a hostile file would hold, dropped into the seeds.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "\\u0000",
    "\\ud800",
    "\\uDFFF",
    "null",
    "true",
    "-1",
    "0",
    "1e400",
    "-0",
    "1.5",
    "65535",
    "4294967296",
    "18446744073709551616",
    "99999999999999999999",
    "2101",
    "2007",
    "。",
    "5。",
    "１２",
    "1,234",
    "12,34",
    "+",
    "−",
    "\u{3000}",
    "\u{FEFF}",
    "\u{FFFD}",
    "\u{10FFFF}",
    "𠀀",
    "年",
    "\"schema_version\": 2,",
    "\"schema_version\": \"1\",",
    "\"fields\": {},",
    "\"cells\": {\"a.b.c\": \"1\"},",
    "\"revision\": 18446744073709551615,",
    "\"year\": \"65535\",",
    "\"id\": \"\",",
    "\n",
    "\r\n",
    "\t",
];

/// A small, fast, seeded random number generator (xorshift64*), so that a run can be repeated from its seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

/// One case: bytes to read.
pub fn case(rng: &mut Rng) -> Vec<u8> {
    if rng.chance(20) {
        let len = rng.below(64);
        return (0..len).map(|_| rng.next() as u8).collect();
    }
    if rng.chance(3) {
        return structured(rng);
    }
    let mut bytes = SEEDS[rng.below(SEEDS.len())].as_bytes().to_vec();
    // Mostly one mutation, so that many cases still read and reach what follows a read; sometimes several.
    let mutations = if rng.chance(4) { 2 + rng.below(7) } else { 1 };
    for _ in 0..mutations {
        mutate(rng, &mut bytes);
    }
    match rng.below(40) {
        0 => utf16(&bytes, true),
        1 => utf16(&bytes, false),
        2 => [&[0xEF, 0xBB, 0xBF][..], &bytes].concat(),
        _ => bytes,
    }
}

fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let len = bytes.len();
    let at = |rng: &mut Rng| rng.below(len + 1);
    match rng.below(11) {
        0 if len > 0 => flip_bit(rng, bytes),
        1 if len > 0 => {
            let i = rng.below(len);
            bytes[i] = rng.next() as u8;
        }
        2 => {
            let i = at(rng);
            bytes.insert(i, rng.next() as u8);
        }
        3 if len > 0 => delete_run(rng, bytes, 64),
        4 if len > 0 => copy_run(rng, bytes, 256),
        5 | 6 => {
            let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
            insert(rng, bytes, token);
        }
        7 => {
            // A piece of another seed.
            let other = SEEDS[rng.below(SEEDS.len())].as_bytes();
            let piece = span(rng, other.len(), 512);
            insert(rng, bytes, &other[piece]);
        }
        8 => {
            // A string value replaced by a hostile one.
            if let Some(quote) = find_from(bytes, b": \"", rng.below(len + 1)) {
                let value = hostile_value(rng);
                let start = quote + 3;
                let end = bytes[start..]
                    .iter()
                    .position(|&b| b == b'"')
                    .map_or(bytes.len(), |p| start + p);
                bytes.splice(start..end, value.into_bytes());
            }
        }
        9 => {
            // A "key": value line repeated, doubling its key.
            if let Some(line_start) = find_from(bytes, b"\n", rng.below(len + 1)) {
                let end = bytes[line_start + 1..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |p| line_start + 1 + p);
                let line = bytes[line_start..end].to_vec();
                bytes.splice(line_start..line_start, line);
            }
        }
        _ if len > 0 => bytes.truncate(rng.below(len)),
        _ => {}
    }
}

/// The byte mutations the fuzzers share. Each draws from `rng` in one fixed order, so that a seed repeats a run.
/// A bit of one byte flipped (`bytes` not empty).
pub fn flip_bit(rng: &mut Rng, bytes: &mut [u8]) {
    let i = rng.below(bytes.len());
    bytes[i] ^= 1 << rng.below(8);
}

/// A run of 1 to `most` positions of a `len`-long input (`len` > 0), cut at its end.
pub fn span(rng: &mut Rng, len: usize, most: usize) -> std::ops::Range<usize> {
    let start = rng.below(len);
    start..(start + 1 + rng.below(most)).min(len)
}

/// A run of up to `most` bytes deleted (`bytes` not empty).
pub fn delete_run(rng: &mut Rng, bytes: &mut Vec<u8>, most: usize) {
    let cut = span(rng, bytes.len(), most);
    bytes.drain(cut);
}

/// A run of up to `most` bytes copied to a place of its own (`bytes` not empty).
pub fn copy_run(rng: &mut Rng, bytes: &mut Vec<u8>, most: usize) {
    let piece = bytes[span(rng, bytes.len(), most)].to_vec();
    insert(rng, bytes, &piece);
}

/// `piece` inserted at a place of the input (its end included).
pub fn insert(rng: &mut Rng, bytes: &mut Vec<u8>, piece: &[u8]) {
    let i = rng.below(bytes.len() + 1);
    bytes.splice(i..i, piece.iter().copied());
}

/// A seed changed as JSON, so that it stays JSON and reaches what follows a read: some of its values (texts of
/// fields, sections and cells, versions, revisions) replaced by hostile ones.
fn structured(rng: &mut Rng) -> Vec<u8> {
    let mut value: serde_json::Value =
        serde_json::from_str(SEEDS[rng.below(SEEDS.len())]).expect("the seeds are JSON");
    for _ in 0..1 + rng.below(4) {
        let leaf = random_leaf(rng, &mut value);
        *leaf = match rng.below(8) {
            0 => serde_json::json!(rng.next()),
            1 => serde_json::json!(-(rng.below(1000) as i64)),
            2 => serde_json::json!(rng.next() as f64 / 7.0),
            3 => serde_json::Value::Null,
            4 => serde_json::json!({}),
            _ => serde_json::Value::String(hostile_value(rng)),
        };
    }
    serde_json::to_string_pretty(&value)
        .expect("a JSON value serialises")
        .into_bytes()
}

/// A value somewhere in a document, reached by random steps from its top.
fn random_leaf<'a>(
    rng: &mut Rng,
    mut value: &'a mut serde_json::Value,
) -> &'a mut serde_json::Value {
    loop {
        let steps = match &*value {
            serde_json::Value::Object(map) => map.len(),
            serde_json::Value::Array(items) => items.len(),
            _ => 0,
        };
        if steps == 0 || rng.chance(8) {
            return value;
        }
        let step = rng.below(steps);
        value = match value {
            serde_json::Value::Object(map) => map.values_mut().nth(step).expect("a step in range"),
            serde_json::Value::Array(items) => &mut items[step],
            _ => unreachable!("only objects and arrays have steps"),
        };
    }
}

fn hostile_value(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => "9".repeat(1 + rng.below(20_000)),
        1 => "字".repeat(1 + rng.below(5_000)),
        2 => "\\n".repeat(1 + rng.below(2_000)),
        3 => format!("{}。", rng.below(1000)),
        4 => (rng.next() % 70_000).to_string(),
        _ => TOKENS[rng.below(TOKENS.len())].replace('"', "'"),
    }
}

fn find_from(bytes: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let from = from.min(bytes.len());
    bytes[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
        .or_else(|| bytes.windows(needle.len()).position(|w| w == needle))
}

fn utf16(bytes: &[u8], little_endian: bool) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        out.extend(if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    out
}

/// Reads one case every way the program reads a file or a stored draft. Panics on a broken invariant too.
pub fn run(bytes: &[u8]) {
    let Ok(text) = decode(bytes) else {
        return;
    };
    let _ = excerpt(&text);
    let _ = year::parse(&text);
    for kind in [
        CellKind::Count,
        CellKind::Money { decimals: 2 },
        CellKind::Money { decimals: 4 },
    ] {
        let _ = number::parse(kind, &text);
    }

    // A report file, as imported by the app and checked by the command line.
    let read = templates::read_report(&text);
    if let Err(error) = &read {
        assert!(
            error.to_string().chars().count() < 400,
            "a message quotes outside text whole: {error}"
        );
    }
    if let Ok((template, report)) = read {
        let findings = check(template, &report);
        for d in &findings.diagnostics {
            assert!(
                d.message.chars().count() < 600,
                "long message: {}",
                d.message
            );
        }
        let file = report.to_file(template);
        let again = ReportFile::from_json(&file.to_json()).expect("a report written reads back");
        assert_eq!(again, file, "a report written reads back the same");
        let next_template = report
            .year(template)
            .and_then(year::next)
            .and_then(templates::for_year)
            .unwrap_or(template);
        let next = next_year(template, &report, next_template);
        let _ = check_with_previous(
            next_template,
            &next,
            Some(Previous {
                template,
                report: &report,
            }),
        );
        let _ = html::document(&document::build(template, &report));
    }

    // The same text sent by a portal.
    let message =
        serde_json::json!({ "nianbao": 1, "type": "load-report", "report": text }).to_string();
    if let Incoming::Command {
        command: Command::LoadReport(file),
        ..
    } = parse(&message)
    {
        let _ = open_report(&file);
    }

    // A stored draft: read and listed, then saved over. Whatever was stored is still stored afterwards, unless
    // the save was of the draft read from it.
    let id = match read_draft(&text) {
        Ok(draft) => {
            let _ = draft.summary();
            draft.id
        }
        Err(_) => "fuzz".to_owned(),
    };
    let key = Drafts::<MemoryStorage>::key(&id);
    let stored = |text: &str| {
        let mut storage = MemoryStorage::default();
        storage.set(&key, text).expect("memory storage has room");
        Drafts::new(storage)
    };
    let mut drafts = stored(&text);
    let _ = drafts.load_all(1.0);
    assert!(
        drafts.storage.entries.values().any(|v| *v == text),
        "loading lost an entry"
    );
    let mut drafts = stored(&text);
    let template = templates::national();
    let mut ours = Draft::new(id.clone(), template, &Report::new(template), 2.0);
    let known = drafts.get(&id).ok().flatten().map(|d| d.revision);
    let saved = drafts.save(&mut ours, known, 3.0);
    let kept = drafts.storage.entries.values().any(|v| *v == text);
    assert!(
        kept || (known.is_some() && saved.is_ok()),
        "a save replaced an entry it could not read"
    );
}

/// What a run found.
#[derive(Default)]
pub struct Outcome {
    pub cases: u64,
    /// Cases that decoded, that read as a report, and that read as a stored draft: how deep the cases reach.
    pub decoded: u64,
    pub reports: u64,
    pub drafts: u64,
    pub panics: Vec<(Vec<u8>, String)>,
}

/// Runs cases from `seed` through [`run`] until `keep_going` says stop.
pub fn fuzz(seed: u64, keep_going: impl FnMut(u64) -> bool) -> Outcome {
    fuzz_with(seed, run, keep_going)
}

/// Runs cases from `seed` through `target`, catching each panic with the input that caused it, and counts how
/// many cases reached each reader.
pub fn fuzz_with(
    seed: u64,
    target: impl Fn(&[u8]),
    keep_going: impl FnMut(u64) -> bool,
) -> Outcome {
    let (mut decoded, mut reports, mut drafts) = (0, 0, 0);
    let found = cases(
        seed,
        case,
        |bytes| target(bytes),
        |bytes, _| {
            if let Ok(text) = decode(bytes) {
                decoded += 1;
                reports += u64::from(templates::read_report(&text).is_ok());
                drafts += u64::from(read_draft(&text).is_ok());
            }
        },
        keep_going,
    );
    Outcome {
        cases: found.cases,
        decoded,
        reports,
        drafts,
        panics: found.panics,
    }
}

/// A fuzz case: its bytes, and whatever else its target is told (the file readers' case names its reader).
pub trait Case {
    fn bytes(&self) -> &[u8];
}

impl Case for Vec<u8> {
    fn bytes(&self) -> &[u8] {
        self
    }
}

impl<K> Case for (K, Vec<u8>) {
    fn bytes(&self) -> &[u8] {
        &self.1
    }
}

/// What [`cases`] ran: how many cases, and each panic with the bytes that caused it.
pub struct Cases {
    pub cases: u64,
    pub panics: Vec<(Vec<u8>, String)>,
}

/// The loop of every fuzz target: cases made by `make` from `seed`, while `keep_going(cases so far)`, each run by
/// `target` under `catch_unwind` with its panic kept quiet ([`quietly`]); a panic is kept with the case's bytes and
/// its message. `tally` sees every case with what `target` returned (`None` where it panicked).
pub fn cases<C: Case, T>(
    seed: u64,
    make: impl Fn(&mut Rng) -> C,
    target: impl Fn(&C) -> T,
    mut tally: impl FnMut(&C, Option<T>),
    mut keep_going: impl FnMut(u64) -> bool,
) -> Cases {
    let mut rng = Rng::new(seed);
    let mut found = Cases {
        cases: 0,
        panics: Vec::new(),
    };
    while keep_going(found.cases) {
        let case = make(&mut rng);
        let result = match quietly(|| catch_unwind(AssertUnwindSafe(|| target(&case)))) {
            Ok(result) => Some(result),
            Err(payload) => {
                let message = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_else(|| "a panic".to_owned());
                found.panics.push((case.bytes().to_vec(), message));
                None
            }
        };
        tally(&case, result);
        found.cases += 1;
    }
    found
}

/// Runs `f` with the panics of what it fuzzes kept quiet (they are collected with their input).
pub fn quietly<T>(f: impl FnOnce() -> T) -> T {
    quiet_panics_while_fuzzing();
    FUZZING.with(|flag| flag.set(true));
    let result = f();
    FUZZING.with(|flag| flag.set(false));
    result
}

thread_local! {
    static FUZZING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs, once, a panic hook that says nothing about panics of a fuzzed case (they are collected and reported
/// with their input) and hands every other panic to the hook that was there, so that tests running beside the
/// fuzzer still show theirs.
fn quiet_panics_while_fuzzing() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !FUZZING.with(|f| f.get()) {
                previous(info);
            }
        }));
    });
}
