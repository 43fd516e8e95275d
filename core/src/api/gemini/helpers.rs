//! Reading Gemini results and building image parts (CONTRACT.md, Gemini helpers).
//! The bindings call these, so `r.text` means the same in every language, and base64
//! is done here rather than in Python or JavaScript.

use std::path::Path;

use base64::Engine;
use serde_json::{json, Value};

use crate::api::media::{mime_from_extension, sniff_image_type};
use crate::error::{Error, Result};

fn first_candidate_parts(response: &Value) -> Option<&Vec<Value>> {
    response.get("candidates")?.get(0)?.get("content")?.get("parts")?.as_array()
}

fn joined_text(response: &Value, thoughts: bool) -> Option<String> {
    response.get("candidates")?.get(0)?;
    let mut text = String::new();
    for part in first_candidate_parts(response).into_iter().flatten() {
        let is_thought = part.get("thought").and_then(Value::as_bool).unwrap_or(false);
        if is_thought == thoughts {
            text.push_str(part.get("text").and_then(Value::as_str).unwrap_or(""));
        }
    }
    Some(text)
}

/// The first candidate's text, thought parts left out; `None` without candidates
/// (e.g. a prompt blocked for safety).
pub fn text(response: &Value) -> Option<String> {
    joined_text(response, false)
}

/// The first candidate's thought summary text; `None` when it has no thought parts.
pub fn thought_text(response: &Value) -> Option<String> {
    let has_thoughts = first_candidate_parts(response)
        .into_iter()
        .flatten()
        .any(|p| p.get("thought").and_then(Value::as_bool).unwrap_or(false));
    if has_thoughts {
        joined_text(response, true)
    } else {
        None
    }
}

/// The first candidate's `functionCall` objects (`{name, args, id?}`), in order.
pub fn function_calls(response: &Value) -> Vec<Value> {
    first_candidate_parts(response)
        .into_iter()
        .flatten()
        .filter_map(|p| p.get("functionCall").cloned())
        .collect()
}

/// The first candidate's inline images as `(bytes, mime type)`.
pub fn images(response: &Value) -> Result<Vec<(Vec<u8>, String)>> {
    let mut out = Vec::new();
    for part in first_candidate_parts(response).into_iter().flatten() {
        let Some(blob) = part.get("inlineData").or_else(|| part.get("inline_data")) else { continue };
        let mime = blob.get("mimeType").or_else(|| blob.get("mime_type")).and_then(Value::as_str).unwrap_or("");
        if !mime.starts_with("image/") {
            continue;
        }
        let data = blob.get("data").and_then(Value::as_str).unwrap_or("");
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data.trim())
            .map_err(|e| Error::new(crate::ErrorKind::Api, format!("an inline image is not valid base64: {e}")))?;
        out.push((bytes, mime.to_string()));
    }
    Ok(out)
}

/// URLs inside the first candidate's text (Tokenhot may answer an image model with a
/// link instead of inline data), in order, without duplicates.
pub fn image_urls(response: &Value) -> Vec<String> {
    let mut urls: Vec<String> = Vec::new();
    for part in first_candidate_parts(response).into_iter().flatten() {
        let Some(text) = part.get("text").and_then(Value::as_str) else { continue };
        let mut rest = text;
        while let Some(start) = rest.find("http://").or_else(|| rest.find("https://")).map(|i| {
            // Take whichever scheme comes first.
            [rest.find("http://"), rest.find("https://")].into_iter().flatten().min().unwrap_or(i)
        }) {
            let tail = &rest[start..];
            let end = tail.find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '<' | '>' | ']')).unwrap_or(tail.len());
            let url = tail[..end].trim_end_matches(['.', ',', ';']);
            if !urls.iter().any(|u| u == url) {
                urls.push(url.to_string());
            }
            rest = &tail[end..];
        }
    }
    urls
}

/// An `inlineData` part from image bytes. Without a MIME type, it is read from the
/// bytes' signature.
pub fn image_part(bytes: &[u8], mime_type: Option<&str>) -> Result<Value> {
    let mime = match mime_type {
        Some(m) if !m.is_empty() => m.to_string(),
        _ => sniff_image_type(bytes)
            .ok_or_else(|| Error::invalid_argument("mime_type is needed: the bytes are not a known image format"))?
            .to_string(),
    };
    let data = base64::engine::general_purpose::STANDARD.encode(bytes);
    Ok(json!({"inlineData": {"mimeType": mime, "data": data}}))
}

/// An `inlineData` part from an image file.
pub fn image_part_from_path(path: &Path, mime_type: Option<&str>) -> Result<Value> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::invalid_argument(format!("cannot read the image {}: {e}", path.display())))?;
    let by_extension = path.extension().and_then(|e| e.to_str()).and_then(mime_from_extension);
    image_part(&bytes, mime_type.or(by_extension))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_skips_thoughts_and_is_none_without_candidates() {
        let r = json!({"candidates": [{"content": {"parts": [{"text": "plan", "thought": true}, {"text": "Hi"}, {"text": " there"}]}}]});
        assert_eq!(text(&r).as_deref(), Some("Hi there"));
        assert_eq!(thought_text(&r).as_deref(), Some("plan"));
        let blocked = json!({"promptFeedback": {"blockReason": "SAFETY"}});
        assert_eq!(text(&blocked), None);
    }

    #[test]
    fn image_parts_round_trip() {
        let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        let part = image_part(&png, None).unwrap();
        assert_eq!(part["inlineData"]["mimeType"], "image/png");
        let response = json!({"candidates": [{"content": {"parts": [part]}}]});
        assert_eq!(images(&response).unwrap(), vec![(png.to_vec(), "image/png".to_string())]);
        assert!(image_part(b"plain", None).is_err());
    }

    #[test]
    fn finds_urls_in_text() {
        let r = json!({"candidates": [{"content": {"parts": [{"text": "Here: ![img](https://cdn.tokenhot.ai/a.png). Also http://x.io/b.jpg, and https://cdn.tokenhot.ai/a.png"}]}}]});
        assert_eq!(image_urls(&r), vec!["https://cdn.tokenhot.ai/a.png", "http://x.io/b.jpg"]);
    }
}
