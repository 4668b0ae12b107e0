//! Text that comes from outside: the bytes of a file turned into text by one rule for the app and the command line,
//! and short excerpts of what someone typed or sent, for quoting in messages.

use std::borrow::Cow;
use std::fmt;

/// Why the bytes of a file are not text this program reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Bytes that are not UTF-8, at this byte offset (0-based) on this line (1-based).
    InvalidUtf8 { offset: usize, line: usize },
    /// A UTF-16 file (it has the byte order mark) that is cut short or has a broken character.
    InvalidUtf16,
    /// A NUL character: no report file has one, but UTF-16 or UTF-32 text without a byte order mark does.
    NulCharacter,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::InvalidUtf8 { offset, line } => write!(
                f,
                "文件不是 UTF-8 编码的文本：第 {line} 行（第 {} 个字节）起有无法识别的字节。\
                 请在编辑器中以 UTF-8 编码另存后再试",
                offset + 1
            ),
            DecodeError::InvalidUtf16 => {
                f.write_str("文件标明为 UTF-16 编码，但内容不完整或有损坏的字符")
            }
            DecodeError::NulCharacter => f.write_str(
                "文件中有空字符（可能是不带字节顺序标记的 UTF-16 文本），请以 UTF-8 编码另存后再试",
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// The text of a file's bytes, by the one rule both the app and the command line follow: UTF-8, with or without
/// a byte order mark, or UTF-16 (little or big endian) with one. Anything else is refused, never patched up with
/// replacement characters, so that what is read is exactly what was written.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    let text = match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(rest)?,
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes)?,
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes)?,
        _ => utf8(bytes)?,
    };
    if text.contains('\0') {
        return Err(DecodeError::NulCharacter);
    }
    Ok(text)
}

fn utf8(bytes: &[u8]) -> Result<String, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(error) => {
            let offset = error.valid_up_to();
            let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
            Err(DecodeError::InvalidUtf8 { offset, line })
        }
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, DecodeError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(DecodeError::InvalidUtf16);
    }
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| DecodeError::InvalidUtf16)
}

/// The most characters an excerpt has, the ellipsis included: room for the longest cell id with its `cells.`.
pub const EXCERPT_CHARS: usize = 60;
const HEAD_CHARS: usize = 45;
const TAIL_CHARS: usize = EXCERPT_CHARS - HEAD_CHARS - 1;

/// What someone typed or sent, short enough to quote in a message: the whole text when it is short, else its
/// beginning and its end around an ellipsis. Every message that quotes outside text quotes it through this.
pub fn excerpt(text: &str) -> Cow<'_, str> {
    let count = text.chars().count();
    if count <= EXCERPT_CHARS {
        return Cow::Borrowed(text);
    }
    let head_end = text
        .char_indices()
        .nth(HEAD_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let tail_start = text
        .char_indices()
        .nth(count - TAIL_CHARS)
        .map_or(text.len(), |(i, _)| i);
    Cow::Owned(format!("{}…{}", &text[..head_end], &text[tail_start..]))
}

/// The first phrase a message quotes (between “ and ”) that `text` holds, as UTF-16 offsets into `text` (what a
/// text area's selection counts in): where a finding about a narrative points.
pub fn quoted_phrase(message: &str, text: &str) -> Option<(u32, u32)> {
    message
        .split('“')
        .skip(1)
        .filter_map(|rest| rest.split_once('”').map(|(quoted, _)| quoted))
        .filter(|quoted| !quoted.is_empty())
        .find_map(|quoted| {
            let at = text.find(quoted)?;
            let start = text[..at].encode_utf16().count();
            let end = start + quoted.encode_utf16().count();
            Some((u32::try_from(start).ok()?, u32::try_from(end).ok()?))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    }

    fn utf16be(text: &str) -> Vec<u8> {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        bytes
    }

    #[test]
    fn utf8_with_or_without_a_byte_order_mark_reads_the_same() {
        let text = "{\"年度\": \"2025\"}";
        assert_eq!(decode(text.as_bytes()).unwrap(), text);
        let with_bom = [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat();
        assert_eq!(decode(&with_bom).unwrap(), text);
    }

    #[test]
    fn utf16_with_a_byte_order_mark_reads_in_either_byte_order() {
        let text = "{\"unit\": \"沂源县𠀀\"}";
        assert_eq!(decode(&utf16le(text)).unwrap(), text);
        assert_eq!(decode(&utf16be(text)).unwrap(), text);
    }

    #[test]
    fn broken_utf16_is_refused() {
        let mut odd = utf16le("{}");
        odd.push(b'x');
        assert_eq!(decode(&odd), Err(DecodeError::InvalidUtf16));
        // A lone high surrogate.
        assert_eq!(
            decode(&[0xFF, 0xFE, 0x00, 0xD8, b'a', 0]),
            Err(DecodeError::InvalidUtf16)
        );
    }

    #[test]
    fn invalid_utf8_is_refused_with_where_it_is_never_replaced() {
        let mut bytes = "{\n\"unit\": \"沂源".as_bytes().to_vec();
        bytes.push(0xB2); // a GBK trail byte
        bytes.extend_from_slice(b"\"}");
        let error = decode(&bytes).unwrap_err();
        assert_eq!(
            error,
            DecodeError::InvalidUtf8 {
                offset: 17,
                line: 2
            }
        );
        let message = error.to_string();
        assert!(message.contains("不是 UTF-8 编码"), "{message}");
        assert!(message.contains("第 2 行（第 18 个字节）"), "{message}");
    }

    #[test]
    fn utf16_without_a_byte_order_mark_is_refused_not_read_as_nul_filled_text() {
        let bytes: Vec<u8> = "{}".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&bytes), Err(DecodeError::NulCharacter));
    }

    #[test]
    fn short_text_is_quoted_whole_and_long_text_by_its_ends() {
        assert_eq!(excerpt("12a"), "12a");
        let exact = "字".repeat(EXCERPT_CHARS);
        assert_eq!(excerpt(&exact), exact.as_str());
        let long = format!("{}中间{}", "头".repeat(5000), "尾".repeat(5000));
        let short = excerpt(&long);
        assert_eq!(short.chars().count(), EXCERPT_CHARS);
        assert!(short.starts_with("头头头") && short.ends_with("尾尾尾"));
        assert!(short.contains('…'));
    }

    #[test]
    fn a_findings_quoted_phrase_is_found_in_the_text_in_utf16_offsets() {
        let text = "😀全年新收政府信息公开申请20件，均按时答复。";
        let message = "“一、总体情况”中写到“新收政府信息公开申请20件”，但表格中为 16 件";
        let (start, end) = quoted_phrase(message, text).unwrap();
        let utf16: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(
            String::from_utf16(&utf16[start as usize..end as usize]).unwrap(),
            "新收政府信息公开申请20件"
        );
        assert_eq!(start, 4, "the emoji counts two");
        assert_eq!(quoted_phrase("没有引号", text), None);
        assert_eq!(quoted_phrase("“不在文中”", text), None);
    }
}
