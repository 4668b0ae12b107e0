//! A font's codes → text, read here rather than by lopdf's font encodings: lopdf's glyph-name table is one match of
//! 4,000 names compiled to half a megabyte of code, and its decoding goes through encoding_rs's every decoder. A
//! report's PDF names its text by a `ToUnicode` CMap (Word, WPS, LibreOffice, Chromium and nianbao all write one),
//! or, for simple fonts, by WinAnsi/Standard encoding with `/Differences` of Latin glyph names — all read here.

use lopdf::{Dictionary, Document, Object};
use std::collections::HashMap;

/// Past this many mappings a CMap is not a font's (a hostile stream); what was read so far is kept.
const MAX_MAPPINGS: usize = 200_000;

/// A `ToUnicode` CMap: single codes (`bfchar`) and ranges (`bfrange`), by code length in bytes.
#[derive(Default)]
pub(super) struct CMap {
    single: HashMap<(u8, u32), Vec<u16>>,
    ranges: Vec<Range>,
}

struct Range {
    len: u8,
    low: u32,
    high: u32,
    to: RangeTarget,
}

enum RangeTarget {
    /// The first code's text; each next code adds one to its last UTF-16 unit.
    Start(Vec<u16>),
    /// One text per code.
    List(Vec<Vec<u16>>),
}

impl CMap {
    /// The UTF-16 text of a code of `len` bytes.
    pub(super) fn get(&self, code: u32, len: u8) -> Option<Vec<u16>> {
        if let Some(text) = self.single.get(&(len, code)) {
            return Some(text.clone());
        }
        let range = self
            .ranges
            .iter()
            .find(|r| r.len == len && (r.low..=r.high).contains(&code))?;
        let offset = code - range.low;
        match &range.to {
            RangeTarget::Start(start) => {
                let mut text = start.clone();
                let last = text.last_mut()?;
                *last = u16::try_from(u32::from(*last) + offset).ok()?;
                Some(text)
            }
            RangeTarget::List(list) => list.get(offset as usize).cloned(),
        }
    }

    /// Reads a CMap's `bfchar` and `bfrange` sections (PostScript-like tokens; what does not parse is skipped).
    pub(super) fn parse(bytes: &[u8]) -> CMap {
        let tokens = tokens(bytes);
        let mut cmap = CMap::default();
        let mut i = 0;
        let mut mappings = 0usize;
        while i < tokens.len() && mappings < MAX_MAPPINGS {
            match &tokens[i] {
                Token::Word(w) if w == b"beginbfchar" => {
                    i += 1;
                    while i + 1 < tokens.len() && mappings < MAX_MAPPINGS {
                        match (&tokens[i], &tokens[i + 1]) {
                            (Token::Hex(src), Token::Hex(dst)) => {
                                if let Some((len, code)) = code_of(src) {
                                    cmap.single.insert((len, code), units(dst));
                                    mappings += 1;
                                }
                                i += 2;
                            }
                            _ => break,
                        }
                    }
                }
                Token::Word(w) if w == b"beginbfrange" => {
                    i += 1;
                    while i + 2 < tokens.len() && mappings < MAX_MAPPINGS {
                        let (Token::Hex(low), Token::Hex(high)) = (&tokens[i], &tokens[i + 1])
                        else {
                            break;
                        };
                        let (Some((len, low)), Some((_, high))) = (code_of(low), code_of(high))
                        else {
                            i += 3;
                            continue;
                        };
                        let to = match &tokens[i + 2] {
                            Token::Hex(dst) => {
                                i += 3;
                                RangeTarget::Start(units(dst))
                            }
                            Token::Open => {
                                let mut list = Vec::new();
                                i += 3;
                                while let Some(Token::Hex(dst)) = tokens.get(i) {
                                    list.push(units(dst));
                                    i += 1;
                                }
                                if matches!(tokens.get(i), Some(Token::Close)) {
                                    i += 1;
                                }
                                RangeTarget::List(list)
                            }
                            _ => break,
                        };
                        if low <= high {
                            cmap.ranges.push(Range { len, low, high, to });
                            mappings += 1;
                        }
                    }
                }
                _ => i += 1,
            }
        }
        cmap
    }
}

/// A source code's length in bytes (1 to 4) and value.
fn code_of(hex: &[u8]) -> Option<(u8, u32)> {
    if hex.is_empty() || hex.len() > 4 {
        return None;
    }
    let code = hex.iter().fold(0u32, |c, &b| (c << 8) | u32::from(b));
    Some((hex.len() as u8, code))
}

/// Big-endian UTF-16 units of a destination string.
fn units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|pair| match pair {
            [hi, lo] => u16::from_be_bytes([*hi, *lo]),
            [b] => u16::from(*b),
            _ => 0xFFFD,
        })
        .collect()
}

enum Token {
    Hex(Vec<u8>),
    Word(Vec<u8>),
    Open,
    Close,
}

/// A CMap's tokens: hex strings, `[`, `]` and words (names, numbers, keywords); literal strings and comments are
/// skipped.
fn tokens(bytes: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' if bytes.get(i + 1) == Some(&b'<') => i += 2,
            b'>' => i += 1,
            b'<' => {
                let end = bytes[i + 1..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(bytes.len(), |e| i + 1 + e);
                let digits: Vec<u8> = bytes[i + 1..end]
                    .iter()
                    .filter_map(|&b| (b as char).to_digit(16).map(|d| d as u8))
                    .collect();
                let mut hex: Vec<u8> = digits
                    .chunks(2)
                    .map(|p| p[0] << 4 | p.get(1).copied().unwrap_or(0))
                    .collect();
                hex.truncate(64);
                out.push(Token::Hex(hex));
                i = end + 1;
            }
            b'[' => {
                out.push(Token::Open);
                i += 1;
            }
            b']' => {
                out.push(Token::Close);
                i += 1;
            }
            b'%' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'(' => {
                let mut depth = 0usize;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            b if b.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < bytes.len()
                    && !bytes[i].is_ascii_whitespace()
                    && !matches!(bytes[i], b'<' | b'>' | b'[' | b']' | b'(' | b'%')
                {
                    i += 1;
                }
                if i == start {
                    i += 1;
                }
                out.push(Token::Word(bytes[start..i].to_vec()));
            }
        }
    }
    out
}

/// A simple (one-byte) font's encoding: a base encoding and its `/Differences`.
pub(super) struct SimpleEncoding {
    base: Base,
    differences: HashMap<u8, char>,
}

#[derive(Clone, Copy, PartialEq)]
enum Base {
    WinAnsi,
    Standard,
    /// MacRoman and others: ASCII only.
    Ascii,
}

impl SimpleEncoding {
    /// The font's `/Encoding` (a name, or a dictionary with `/BaseEncoding` and `/Differences`).
    pub(super) fn of(doc: &Document, font: &Dictionary) -> SimpleEncoding {
        let deref = |o: &Object| doc.dereference(o).ok().map(|(_, o)| o.clone());
        let base_of = |name: &[u8]| match name {
            b"WinAnsiEncoding" => Base::WinAnsi,
            b"StandardEncoding" => Base::Standard,
            _ => Base::Ascii,
        };
        let mut encoding = SimpleEncoding {
            base: Base::Standard,
            differences: HashMap::new(),
        };
        let Some(value) = font.get(b"Encoding").ok().and_then(deref) else {
            return encoding;
        };
        match value {
            Object::Name(name) => encoding.base = base_of(&name),
            Object::Dictionary(dict) => {
                if let Ok(name) = dict.get(b"BaseEncoding").and_then(Object::as_name) {
                    encoding.base = base_of(name);
                }
                let differences = dict
                    .get(b"Differences")
                    .ok()
                    .and_then(deref)
                    .and_then(|o| o.as_array().ok().cloned())
                    .unwrap_or_default();
                let mut code: i64 = 0;
                for item in differences.iter().take(4096) {
                    match item {
                        Object::Integer(c) => code = *c,
                        Object::Name(name) => {
                            if let (Ok(c), Some(ch)) = (u8::try_from(code), glyph_char(name)) {
                                encoding.differences.insert(c, ch);
                            }
                            code += 1;
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        encoding
    }

    pub(super) fn char(&self, code: u8) -> Option<char> {
        if let Some(&c) = self.differences.get(&code) {
            return Some(c);
        }
        match (self.base, code) {
            (Base::Standard, 0x27) => Some('’'),
            (Base::Standard, 0x60) => Some('‘'),
            (_, 0x20..=0x7E) => Some(code as char),
            (Base::WinAnsi, 0x80..=0x9F) => WIN_ANSI_80
                .get(usize::from(code - 0x80))
                .copied()
                .filter(|&c| c != '\0'),
            (Base::WinAnsi, 0xA0..=0xFF) => Some(char::from(code)),
            _ => None,
        }
    }
}

/// WinAnsiEncoding's codes 0x80 to 0x9F (the rest is Latin-1); '\0' where it has none.
const WIN_ANSI_80: [char; 32] = [
    '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0', '‘',
    '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
];

/// The character a glyph name stands for: `uniXXXX`, `uXXXX[XX]`, a single letter or digit name, and the Latin
/// punctuation and symbol names of the standard encodings (the names a report's Latin fonts use).
fn glyph_char(name: &[u8]) -> Option<char> {
    let name = std::str::from_utf8(name).ok()?;
    let name = name.split('.').next().unwrap_or(name);
    if let Some(hex) = name.strip_prefix("uni").filter(|h| h.len() >= 4) {
        return u32::from_str_radix(&hex[..4], 16)
            .ok()
            .and_then(char::from_u32);
    }
    if let Some(hex) = name
        .strip_prefix('u')
        .filter(|h| (4..=6).contains(&h.len()))
    {
        if let Ok(code) = u32::from_str_radix(hex, 16) {
            return char::from_u32(code);
        }
    }
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_ascii_alphabetic() {
            return Some(c);
        }
    }
    GLYPH_NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, c)| c)
}

const GLYPH_NAMES: &[(&str, char)] = &[
    ("space", ' '),
    ("exclam", '!'),
    ("quotedbl", '"'),
    ("numbersign", '#'),
    ("dollar", '$'),
    ("percent", '%'),
    ("ampersand", '&'),
    ("quotesingle", '\''),
    ("quoteright", '’'),
    ("quoteleft", '‘'),
    ("parenleft", '('),
    ("parenright", ')'),
    ("asterisk", '*'),
    ("plus", '+'),
    ("comma", ','),
    ("hyphen", '-'),
    ("minus", '−'),
    ("period", '.'),
    ("slash", '/'),
    ("zero", '0'),
    ("one", '1'),
    ("two", '2'),
    ("three", '3'),
    ("four", '4'),
    ("five", '5'),
    ("six", '6'),
    ("seven", '7'),
    ("eight", '8'),
    ("nine", '9'),
    ("colon", ':'),
    ("semicolon", ';'),
    ("less", '<'),
    ("equal", '='),
    ("greater", '>'),
    ("question", '?'),
    ("at", '@'),
    ("bracketleft", '['),
    ("backslash", '\\'),
    ("bracketright", ']'),
    ("asciicircum", '^'),
    ("underscore", '_'),
    ("grave", '`'),
    ("braceleft", '{'),
    ("bar", '|'),
    ("braceright", '}'),
    ("asciitilde", '~'),
    ("quotedblleft", '“'),
    ("quotedblright", '”'),
    ("quotesinglbase", '‚'),
    ("quotedblbase", '„'),
    ("endash", '–'),
    ("emdash", '—'),
    ("bullet", '•'),
    ("ellipsis", '…'),
    ("periodcentered", '·'),
    ("middot", '·'),
    ("degree", '°'),
    ("multiply", '×'),
    ("divide", '÷'),
    ("plusminus", '±'),
    ("section", '§'),
    ("copyright", '©'),
    ("registered", '®'),
    ("trademark", '™'),
    ("Euro", '€'),
    ("yen", '¥'),
    ("sterling", '£'),
    ("cent", '¢'),
    ("nbspace", '\u{a0}'),
    ("nonbreakingspace", '\u{a0}'),
    ("perthousand", '‰'),
    ("dagger", '†'),
    ("daggerdbl", '‡'),
    ("fi", 'ﬁ'),
    ("fl", 'ﬂ'),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_to_unicode_cmap_reads_chars_ranges_and_lists() {
        let cmap = CMap::parse(
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
              1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
              2 beginbfchar <0003> <0020> <01A2> <4E00> endbfchar\n\
              2 beginbfrange <0010> <0019> <0030> <0100> <0101> [<8BF7> <D83DDE00>] endbfrange\n\
              endcmap CMapName currentdict /CMap defineresource pop end end",
        );
        let text = |code, len| cmap.get(code, len).map(|u| String::from_utf16_lossy(&u));
        assert_eq!(text(0x0003, 2).as_deref(), Some(" "));
        assert_eq!(text(0x01A2, 2).as_deref(), Some("一"));
        assert_eq!(text(0x0015, 2).as_deref(), Some("5"));
        assert_eq!(text(0x0100, 2).as_deref(), Some("请"));
        assert_eq!(text(0x0101, 2).as_deref(), Some("😀"));
        assert_eq!(text(0x0102, 2), None);
        assert_eq!(text(0x03, 1), None);
        // Garbage costs nothing and reads as nothing.
        let junk = CMap::parse(b"beginbfrange <00> [ <<<>>> ( ( endbfrange ]]]");
        assert_eq!(junk.get(0, 1), None);
    }

    #[test]
    fn glyph_names_and_base_encodings() {
        assert_eq!(glyph_char(b"uni4E00"), Some('一'));
        assert_eq!(glyph_char(b"u1F600"), Some('😀'));
        assert_eq!(glyph_char(b"A"), Some('A'));
        assert_eq!(glyph_char(b"seven"), Some('7'));
        assert_eq!(glyph_char(b"parenleft.alt"), Some('('));
        assert_eq!(glyph_char(b"g123"), None);
        let encoding = SimpleEncoding {
            base: Base::WinAnsi,
            differences: HashMap::from([(0x41, '一')]),
        };
        assert_eq!(encoding.char(0x41), Some('一'));
        assert_eq!(encoding.char(0x42), Some('B'));
        assert_eq!(encoding.char(0x93), Some('“'));
        assert_eq!(encoding.char(0xE9), Some('é'));
        assert_eq!(encoding.char(0x81), None);
    }
}
