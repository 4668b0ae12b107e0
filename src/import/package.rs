//! What the file readers share: the size limits, the old binary Office files and encrypted Office files (both OLE
//! compound files), and reading the parts of an Office Open XML package (a zip) within a budget, so that a zip bomb
//! is refused before it inflates.

use super::{ImportError, InputKind};
use std::io::{Cursor, Read};

/// The largest file any reader accepts. A published report, even a PDF with its seal and a few pictures, is a few
/// megabytes; 32 MiB leaves room and keeps a browser tab's memory safe.
pub const MAX_FILE_BYTES: usize = 32 << 20;

/// The most an Office file may inflate to, all parts read together (Word's document.xml of a long report is a few
/// megabytes).
pub const MAX_INFLATED_BYTES: u64 = 96 << 20;

/// The first bytes of an OLE compound file: old .doc/.xls/.wps/.et, and encrypted .docx/.xlsx.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Refuses a file over [`MAX_FILE_BYTES`].
pub fn check_size(bytes: &[u8]) -> Result<(), ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        Err(ImportError::TooLarge)
    } else {
        Ok(())
    }
}

/// For an OLE compound file, the error that says what it is: an encrypted Office Open XML file (its
/// `EncryptedPackage` stream) or an old binary format, told by the names of its streams. `None` for anything else.
pub fn ole_error(bytes: &[u8], expected: InputKind) -> Option<ImportError> {
    if !bytes.starts_with(&OLE_MAGIC) {
        return None;
    }
    // Directory entries hold their names in UTF-16LE; a search of the whole file finds them wherever the
    // directory sector lies, without reading the compound file's structure.
    let has = |name: &str| {
        let needle: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        bytes.windows(needle.len()).any(|w| w == needle.as_slice())
    };
    Some(if has("EncryptedPackage") {
        ImportError::Encrypted
    } else if has("WordDocument") {
        ImportError::OldOfficeFormat(".doc（或 .wps）")
    } else if has("Workbook") || has("Book") {
        ImportError::OldOfficeFormat(".xls（或 .et）")
    } else if has("PowerPoint Document") {
        ImportError::OldOfficeFormat(".ppt")
    } else if expected == InputKind::Xlsx {
        ImportError::OldOfficeFormat(".xls（或 .et）")
    } else {
        ImportError::OldOfficeFormat(".doc（或 .wps）")
    })
}

/// An Office Open XML package, read within [`MAX_INFLATED_BYTES`] in all.
pub struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    kind: InputKind,
    budget: u64,
}

impl<'a> Package<'a> {
    /// Opens the zip after the checks every Office reader makes: size, OLE (old or encrypted), zip signature.
    pub fn open(bytes: &'a [u8], kind: InputKind) -> Result<Package<'a>, ImportError> {
        check_size(bytes)?;
        if let Some(error) = ole_error(bytes, kind) {
            return Err(error);
        }
        if !bytes.starts_with(b"PK") {
            return Err(damaged(
                kind,
                "这不是 .docx 或 .xlsx 文件，或者文件开头已损坏",
            ));
        }
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|_| damaged(kind, "文件的压缩结构已损坏"))?;
        Ok(Package {
            zip,
            kind,
            budget: MAX_INFLATED_BYTES,
        })
    }

    pub fn kind(&self) -> InputKind {
        self.kind
    }

    /// The names of the package's parts.
    pub fn names(&self) -> Vec<String> {
        self.zip
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.into_owned()))
            .collect()
    }

    /// A part's bytes, or `None` if the package has no part by that name. What it inflates to counts against the
    /// package's budget; past it, [`ImportError::TooLarge`].
    pub fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, ImportError> {
        let kind = self.kind;
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let file = match self.zip.by_index(index) {
            Ok(file) => file,
            Err(zip::result::ZipError::UnsupportedArchive(why)) if why.contains("assword") => {
                return Err(ImportError::Encrypted)
            }
            Err(_) => return Err(damaged(kind, "文件中有一部分内容已损坏")),
        };
        if file.encrypted() {
            return Err(ImportError::Encrypted);
        }
        let mut out = Vec::new();
        // One byte past the budget tells an over-long part from one that just fits, whatever its header claims.
        let read = file
            .take(self.budget + 1)
            .read_to_end(&mut out)
            .map_err(|_| damaged(kind, "文件中有一部分内容无法解压"))?;
        if read as u64 > self.budget {
            return Err(ImportError::TooLarge);
        }
        self.budget -= read as u64;
        Ok(Some(out))
    }

    /// A part as text (UTF-8, or UTF-16 with its byte-order mark), or `None` if the package has no such part.
    pub fn text(&mut self, name: &str) -> Result<Option<String>, ImportError> {
        let Some(bytes) = self.part(name)? else {
            return Ok(None);
        };
        Ok(Some(xml_text(&bytes)))
    }

    /// Inflates every part within the budget and shows it to `inspect`: for a reader (calamine) that reads the
    /// parts itself and has no limit of its own, this refuses a zip bomb (and what `inspect` refuses) before it
    /// runs.
    pub fn inflate_all(
        &mut self,
        mut inspect: impl FnMut(&str, &[u8]) -> Result<(), ImportError>,
    ) -> Result<(), ImportError> {
        let kind = self.kind;
        for index in 0..self.zip.len() {
            let file = match self.zip.by_index(index) {
                Ok(file) => file,
                Err(zip::result::ZipError::UnsupportedArchive(why)) if why.contains("assword") => {
                    return Err(ImportError::Encrypted)
                }
                Err(_) => return Err(damaged(kind, "文件中有一部分内容已损坏")),
            };
            if file.encrypted() {
                return Err(ImportError::Encrypted);
            }
            let name = file.name().map(|n| n.into_owned()).unwrap_or_default();
            let mut data = Vec::new();
            let read = file
                .take(self.budget + 1)
                .read_to_end(&mut data)
                .map_err(|_| damaged(kind, "文件中有一部分内容无法解压"))?;
            if read as u64 > self.budget {
                return Err(ImportError::TooLarge);
            }
            self.budget -= read as u64;
            inspect(&name, &data)?;
        }
        Ok(())
    }
}

/// XML bytes as text: UTF-16 when a byte-order mark says so, else UTF-8 (invalid sequences replaced), without a BOM.
pub fn xml_text(bytes: &[u8]) -> String {
    let utf16 = |le: bool| {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    match bytes {
        [0xFF, 0xFE, ..] => utf16(true),
        [0xFE, 0xFF, ..] => utf16(false),
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// A file damaged in a way its reader (zip, calamine, lopdf, quick-xml) noticed: what is wrong, in Chinese, and
/// what to do, by kind. The reader's own message (English, naming its internals) is not shown.
pub fn damaged(kind: InputKind, what: &str) -> ImportError {
    let advice = match kind {
        InputKind::Docx => "请重新下载，或在 Word 或 WPS 中打开后另存为 .docx 再试",
        InputKind::Xlsx => "请重新下载，或在 Excel 或 WPS 中打开后另存为 .xlsx 再试",
        InputKind::Pdf => "请重新下载，或改用这份报告的网页、Word 或 Excel 文件",
        _ => "请重新下载或重新保存这个文件后再试",
    };
    ImportError::Malformed {
        kind,
        why: format!("{what}，文件可能没有下载完整；{advice}"),
    }
}

/// A damaged file's error; the reason (in Chinese) shortened to an excerpt.
pub fn malformed(kind: InputKind, why: &str) -> ImportError {
    ImportError::Malformed {
        kind,
        why: crate::model::text::excerpt(why).into_owned(),
    }
}
