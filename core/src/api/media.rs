//! Media shared by the families that send or receive files (images, videos): file
//! inputs (a path, bytes, or a named blob), the image type read from the bytes'
//! signature, downloads that carry the key only to the gateway's own host, and saving
//! to disk through a temporary file renamed when complete.

mod download;
mod file_input;
mod save;

pub(crate) use download::fetch as download;
pub use file_input::{CheckedFile, FileContent, FileInput, FileSource};
pub use save::{save_targets, write_atomically, PendingFile};

/// The image type of `bytes` from its signature (PNG, JPEG, GIF, WebP, HEIC).
pub fn sniff_image_type(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0x89, b'P', b'N', b'G', ..] => Some("image/png"),
        [0xFF, 0xD8, 0xFF, ..] => Some("image/jpeg"),
        [b'G', b'I', b'F', b'8', ..] => Some("image/gif"),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some("image/webp"),
        [_, _, _, _, b'f', b't', b'y', b'p', b'h', b'e', b'i', b'c', ..] => Some("image/heic"),
        _ => None,
    }
}

/// The image type a file extension names (without the dot, any case).
pub fn mime_from_extension(ext: &str) -> Option<&'static str> {
    Some(match ext.to_ascii_lowercase().as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "heic" => "image/heic",
        "heif" => "image/heif",
        "mp4" => "video/mp4",
        _ => return None,
    })
}

/// The extension (without the dot) a file of this type gets.
pub fn extension_for(mime: &str) -> Option<&'static str> {
    Some(match mime {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "image/heic" => "heic",
        "image/heif" => "heif",
        "video/mp4" => "mp4",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_and_extensions_agree() {
        let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
        assert_eq!(sniff_image_type(&png), Some("image/png"));
        assert_eq!(sniff_image_type(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff_image_type(b"plain text"), None);
        for mime in ["image/png", "image/jpeg", "image/gif", "image/webp"] {
            assert_eq!(mime_from_extension(extension_for(mime).unwrap()), Some(mime));
        }
    }
}
