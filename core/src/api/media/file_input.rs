//! A file a caller sends: a path (read here, in Rust, and streamed), bytes, or bytes
//! with a filename and maybe a type. `check` settles its name and type before any
//! request, so a bad input fails with its argument's name and nothing is sent.

use std::io::Read;
use std::path::{Path, PathBuf};

use bytes::Bytes;

use super::{extension_for, mime_from_extension, sniff_image_type};
use crate::error::{Error, Result};

#[derive(Debug, Clone)]
pub enum FileSource {
    Path(PathBuf),
    Bytes(Bytes),
}

/// A file argument as the caller gave it.
#[derive(Debug, Clone)]
pub struct FileInput {
    pub source: FileSource,
    /// The caller's filename; its stem is kept, its extension follows the type.
    pub filename: Option<String>,
    /// The caller's explicit type; wins over the signature.
    pub mime_type: Option<String>,
}

impl FileInput {
    pub fn path(path: impl Into<PathBuf>) -> FileInput {
        FileInput { source: FileSource::Path(path.into()), filename: None, mime_type: None }
    }
    pub fn bytes(data: impl Into<Bytes>) -> FileInput {
        FileInput { source: FileSource::Bytes(data.into()), filename: None, mime_type: None }
    }
    pub fn named(filename: impl Into<String>, data: impl Into<Bytes>) -> FileInput {
        FileInput { source: FileSource::Bytes(data.into()), filename: Some(filename.into()), mime_type: None }
    }
    pub fn with_mime_type(mut self, mime_type: impl Into<String>) -> FileInput {
        self.mime_type = Some(mime_type.into());
        self
    }
}

/// Where a checked file's bytes are: still on disk (with its length when checked), or
/// in memory.
#[derive(Debug, Clone)]
pub enum FileContent {
    Path(PathBuf, u64),
    Bytes(Bytes),
}

/// A file whose filename and type are settled.
#[derive(Debug, Clone)]
pub struct CheckedFile {
    pub filename: String,
    pub mime_type: String,
    pub content: FileContent,
}

/// How many leading bytes are enough for every signature `sniff_image_type` knows.
const SIGNATURE_BYTES: usize = 16;

impl FileInput {
    /// Settles the file's type (explicit, else the signature, else the filename's
    /// extension) and its filename (the given stem, else `default_stem`, with that
    /// type's extension). `what` names the argument in errors (`image[1]`, `mask`).
    pub fn check(&self, what: &str, default_stem: &str) -> Result<CheckedFile> {
        let (head, content, path_name) = match &self.source {
            FileSource::Path(path) => {
                let (head, len) = read_head(path, what)?;
                let name = path.file_name().and_then(|n| n.to_str()).map(str::to_string);
                (head, FileContent::Path(path.clone(), len), name)
            }
            FileSource::Bytes(data) => {
                if data.is_empty() {
                    return Err(Error::invalid_argument(format!("{what} is empty (no bytes)")));
                }
                (data.slice(..data.len().min(SIGNATURE_BYTES)).to_vec(), FileContent::Bytes(data.clone()), None)
            }
        };
        let given_name = self.filename.clone().or(path_name);
        let given_ext = given_name.as_deref().and_then(|n| Path::new(n).extension()).and_then(|e| e.to_str());
        let mime = match self.mime_type.as_deref() {
            Some(m) if is_mime_type(m.trim()) => m.trim().to_string(),
            Some(m) => return Err(Error::invalid_argument(format!("{what}: mime_type {m:?} is not a MIME type (type/subtype)"))),
            _ => match sniff_image_type(&head).or_else(|| given_ext.and_then(mime_from_extension)) {
                Some(m) => m.to_string(),
                None => {
                    return Err(Error::invalid_argument(format!(
                        "{what}: the bytes are not a known image type (PNG, JPEG, WebP, GIF) and no filename or mime_type says what they are"
                    )))
                }
            },
        };
        let stem = given_name
            .as_deref()
            .and_then(|n| Path::new(n).file_stem())
            .and_then(|s| s.to_str())
            .map(safe_stem)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| default_stem.to_string());
        // The gateway types an uploaded file by its extension, so the name must carry
        // the type's own one; an unknown explicit type keeps the caller's extension.
        let ext = extension_for(&mime).map(str::to_string).or_else(|| given_ext.map(safe_stem));
        let filename = match ext {
            Some(ext) => format!("{stem}.{ext}"),
            None => stem.to_string(),
        };
        Ok(CheckedFile { filename, mime_type: mime, content })
    }
}

fn is_mime_type(m: &str) -> bool {
    let token = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(&b));
    m.split_once('/').is_some_and(|(t, sub)| token(t) && token(sub))
}

/// A filename stem that goes into a part header unchanged: control characters (a CR
/// or LF would end the header), quotes and backslashes (escaped by the encoder but not
/// unescaped by parsers) become `_`. Anything else, non-ASCII included, is kept.
fn safe_stem(stem: &str) -> String {
    stem.chars().map(|c| if c.is_control() || c == '"' || c == '\\' { '_' } else { c }).collect()
}

/// The file's first bytes and its length; every way it cannot be read is an invalid
/// argument naming the path.
fn read_head(path: &Path, what: &str) -> Result<(Vec<u8>, u64)> {
    let unreadable = |why: String| Error::invalid_argument(format!("{what}: cannot read the file {}: {why}", path.display()));
    let meta = std::fs::metadata(path).map_err(|e| unreadable(e.to_string()))?;
    if meta.is_dir() {
        return Err(unreadable("it is a directory".into()));
    }
    let mut file = std::fs::File::open(path).map_err(|e| unreadable(e.to_string()))?;
    let mut head = Vec::with_capacity(SIGNATURE_BYTES);
    (&mut file).take(SIGNATURE_BYTES as u64).read_to_end(&mut head).map_err(|e| unreadable(e.to_string()))?;
    if meta.len() == 0 {
        return Err(unreadable("it is empty".into()));
    }
    Ok((head, meta.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0];

    #[test]
    fn names_follow_the_bytes() {
        let f = FileInput::named("photo.jpg", PNG).check("image", "image-0").unwrap();
        assert_eq!((f.filename.as_str(), f.mime_type.as_str()), ("photo.png", "image/png"));
        let f = FileInput::bytes(PNG).check("image[1]", "image-1").unwrap();
        assert_eq!(f.filename, "image-1.png");
        let f = FileInput::named("x.webp", &b"not an image"[..]).check("image", "image-0").unwrap();
        assert_eq!(f.mime_type, "image/webp");
        let f = FileInput::bytes(&b"raw"[..]).with_mime_type("image/jpeg").check("mask", "mask").unwrap();
        assert_eq!(f.filename, "mask.jpg");
        let e = FileInput::bytes(&b"raw"[..]).check("image[2]", "image-2").unwrap_err();
        assert!(e.to_string().contains("image[2]"), "{e}");
    }

    #[test]
    fn filenames_cannot_break_a_part_header() {
        let f = FileInput::named("a\"b\\c\r\nContent-Type: x.png", PNG).check("image", "image-0").unwrap();
        assert_eq!(f.filename, "a_b_c__Content-Type: x.png");
        let f = FileInput::named("照片.jpg", PNG).check("image", "image-0").unwrap();
        assert_eq!(f.filename, "照片.png", "non-ASCII stems are kept");
    }

    #[test]
    fn unreadable_paths_name_themselves() {
        let dir = std::env::temp_dir();
        let e = FileInput::path(&dir).check("image", "image-0").unwrap_err();
        assert!(e.to_string().contains("directory"), "{e}");
        let e = FileInput::path("/no/such/file.png").check("mask", "mask").unwrap_err();
        assert!(e.to_string().contains("/no/such/file.png"), "{e}");
    }
}
