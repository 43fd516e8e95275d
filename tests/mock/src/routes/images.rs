//! The images routes: `POST /v1/images/generations` (JSON) and `POST /v1/images/edits`
//! (a multipart form, read with a real parser), answering real PNG files of the size the
//! request asks (`WxH`, default 64x64 here, at most 4096 a side). GPT Image models
//! answer `b64_json` and refuse `response_format`, as the real service does; other
//! models answer a `url` unless `response_format` is `b64_json`. The URL points back at
//! this mock: `/mock-files/images/...` needs the key like any gateway route,
//! `/mock-public/images/...` (for a "third-party host") does not. `stream` gives SSE:
//! `partial_images` partial events per image, then its completed event, then the body
//! ends (no `[DONE]`, as the real service; scripts can add one).

use base64::Engine as _;
use bytes::Bytes;
use http::header::HOST;
use http::{HeaderMap, StatusCode};
use serde_json::{json, Map, Value};

use crate::body::{MockBody, Step};
use crate::multipart::{self, FormPart};
use crate::reply::Reply;
use crate::{gateway_error, png, sse};

const CREATED: i64 = 1727346168;
const DEFAULT_SIDE: u32 = 64;
const MAX_SIDE: u32 = 4096;
const PUBLIC_PREFIX: &str = "/mock-public/images/";
const PRIVATE_PREFIX: &str = "/mock-files/images/";

/// Whether a path is served without a key (it stands for another host's file).
pub(crate) fn is_public(path: &str) -> bool {
    path.starts_with(PUBLIC_PREFIX)
}

pub(crate) fn is_file(path: &str) -> bool {
    path.starts_with(PUBLIC_PREFIX) || path.starts_with(PRIVATE_PREFIX)
}

/// `GET /mock-files/images/{W}x{H}-{seed}.png`: the PNG a URL answer named.
pub(crate) fn file(path: &str) -> Option<Reply> {
    let name = path.strip_prefix(PUBLIC_PREFIX).or_else(|| path.strip_prefix(PRIVATE_PREFIX))?;
    let (size, seed) = name.strip_suffix(".png")?.rsplit_once('-')?;
    let (w, h) = parse_size(size).ok()?;
    let seed = seed.parse().ok()?;
    Some(Reply::new(StatusCode::OK, Some("image/png"), MockBody::whole(Bytes::from(png::grayscale(w, h, seed)))))
}

pub(crate) fn generations(headers: &HeaderMap, body: &[u8]) -> Reply {
    let request: Map<String, Value> = match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => map,
        _ => return bad_request("the request body must be a JSON object", None),
    };
    let field = |key: &str| request.get(key).cloned();
    let text = |key: &str| request.get(key).and_then(Value::as_str).map(str::to_string);
    let form = Form {
        model: text("model"),
        prompt: text("prompt"),
        n: field("n"),
        size: text("size"),
        response_format: text("response_format"),
        partial_images: field("partial_images"),
        stream: request.get("stream") == Some(&Value::Bool(true)),
    };
    answer(form, headers, "image_generation", 0)
}

pub(crate) fn edits(headers: &HeaderMap, body: &[u8]) -> Reply {
    let Some(boundary) = multipart::boundary(headers) else {
        return bad_request("the edits route takes multipart/form-data", None);
    };
    let parts = match multipart::parse(&boundary, Bytes::copy_from_slice(body)) {
        Ok(parts) => parts,
        Err(e) => return bad_request(&format!("the multipart body does not parse: {e}"), None),
    };
    let text = |key: &str| parts.iter().find(|p| p.name.as_deref() == Some(key)).and_then(FormPart::text).map(str::to_string);
    let number = |key: &str| text(key).map(|t| serde_json::from_str(&t).unwrap_or(Value::String(t)));
    let images: Vec<&FormPart> = parts.iter().filter(|p| matches!(p.name.as_deref(), Some("image" | "image[]"))).collect();
    if images.is_empty() {
        return bad_request("image is required", Some("image"));
    }
    for part in images.iter().copied().chain(parts.iter().filter(|p| p.name.as_deref() == Some("mask"))) {
        let name = part.name.as_deref().unwrap_or("image");
        if let Err(message) = check_file(part, name) {
            return bad_request(&message, Some(name));
        }
    }
    let form = Form {
        model: text("model"),
        prompt: text("prompt"),
        n: number("n"),
        size: text("size"),
        response_format: text("response_format"),
        partial_images: number("partial_images"),
        stream: text("stream").as_deref() == Some("true"),
    };
    answer(form, headers, "image_edit", images.len())
}

/// An uploaded file must be typed as an image, and (new-api types uploads by their
/// filename) its extension must say the same.
fn check_file(part: &FormPart, name: &str) -> Result<(), String> {
    let content_type = part.content_type.as_deref().unwrap_or("");
    let ext_type = match part.filename.as_deref().and_then(|f| f.rsplit_once('.')).map(|(_, e)| e.to_ascii_lowercase()) {
        Some(e) if e == "png" => "image/png",
        Some(e) if e == "jpg" || e == "jpeg" => "image/jpeg",
        Some(e) if e == "webp" => "image/webp",
        Some(e) if e == "gif" => "image/gif",
        _ => "",
    };
    if !["image/png", "image/jpeg", "image/webp", "image/gif"].contains(&content_type) {
        return Err(format!(
            "Invalid file '{name}': unsupported mimetype ('{content_type}'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'."
        ));
    }
    if ext_type != content_type {
        return Err(format!("Invalid file '{name}': the filename {:?} does not match its type {content_type}", part.filename));
    }
    if part.data.is_empty() {
        return Err(format!("Invalid file '{name}': the file is empty"));
    }
    Ok(())
}

struct Form {
    model: Option<String>,
    prompt: Option<String>,
    n: Option<Value>,
    size: Option<String>,
    response_format: Option<String>,
    partial_images: Option<Value>,
    stream: bool,
}

fn answer(form: Form, headers: &HeaderMap, event_prefix: &str, input_images: usize) -> Reply {
    let Some(model) = form.model.filter(|m| !m.is_empty()) else {
        return bad_request("model is required", Some("model"));
    };
    let Some(prompt) = form.prompt.filter(|p| !p.is_empty()) else {
        return bad_request("prompt is required", Some("prompt"));
    };
    let gpt_image = model.starts_with("gpt-image");
    if gpt_image && form.response_format.is_some() {
        return Reply::json(
            StatusCode::BAD_REQUEST,
            gateway_error::body("Unknown parameter: 'response_format'.", "invalid_request_error", Some("response_format"), Some("unknown_parameter")),
        );
    }
    let n = match form.n {
        None => 1,
        Some(v) => match v.as_u64().filter(|n| (1..=10).contains(n)) {
            Some(n) => n as u32,
            None => return bad_request("n must be an integer from 1 to 10", Some("n")),
        },
    };
    let (w, h) = match form.size.as_deref() {
        None | Some("auto") => (DEFAULT_SIDE, DEFAULT_SIDE),
        Some(size) => match parse_size(size) {
            Ok(wh) => wh,
            Err(message) => return Reply::json(StatusCode::BAD_REQUEST, gateway_error::body(&message, "invalid_request_error", Some("size"), Some("invalid_size"))),
        },
    };
    let b64 = gpt_image || form.response_format.as_deref() == Some("b64_json");
    if form.stream {
        let partials = form.partial_images.and_then(|v| v.as_u64()).unwrap_or(0).min(3) as u32;
        return streamed(event_prefix, n, (w, h), partials, prompt.len(), input_images);
    }
    let host = headers.get(HOST).and_then(|v| v.to_str().ok()).unwrap_or("127.0.0.1");
    let data: Vec<Value> = (0..n)
        .map(|i| {
            let mut item = Map::new();
            if b64 {
                item.insert("b64_json".into(), json!(encode(&png::grayscale(w, h, i))));
            } else {
                item.insert("url".into(), json!(format!("http://{host}{PRIVATE_PREFIX}{w}x{h}-{i}.png")));
            }
            if model.starts_with("dall-e-3") {
                item.insert("revised_prompt".into(), json!(format!("A picture of {prompt}")));
            }
            Value::Object(item)
        })
        .collect();
    let mut out = json!({"created": CREATED, "data": data});
    if gpt_image {
        out["usage"] = usage(n, prompt.len(), input_images);
        out["background"] = json!("opaque");
        out["output_format"] = json!("png");
        out["size"] = json!(format!("{w}x{h}"));
        out["quality"] = json!("medium");
    }
    Reply::json(StatusCode::OK, Bytes::from(out.to_string()))
}

fn streamed(prefix: &str, n: u32, (w, h): (u32, u32), partials: u32, prompt_len: usize, input_images: usize) -> Reply {
    let mut steps = Vec::new();
    let size = format!("{w}x{h}");
    for i in 0..n {
        for k in 0..partials {
            let event = json!({
                "type": format!("{prefix}.partial_image"),
                "b64_json": encode(&png::grayscale(w.div_ceil(2), h.div_ceil(2), i * 10 + k)),
                "created_at": CREATED, "size": size, "quality": "medium", "background": "opaque",
                "output_format": "png", "partial_image_index": k,
            });
            steps.push(step(&event));
        }
        let event = json!({
            "type": format!("{prefix}.completed"),
            "b64_json": encode(&png::grayscale(w, h, i)),
            "created_at": CREATED, "size": size, "quality": "medium", "background": "opaque",
            "output_format": "png", "usage": usage(1, prompt_len, input_images),
        });
        steps.push(step(&event));
    }
    Reply::new(StatusCode::OK, Some(crate::reply::EVENT_STREAM), MockBody::steps(steps))
}

fn step(value: &Value) -> Step {
    Step { delay: std::time::Duration::ZERO, bytes: sse::data_frame(&value.to_string()) }
}

fn usage(n: u32, prompt_len: usize, input_images: usize) -> Value {
    let text_tokens = prompt_len.div_ceil(4) as u64;
    let image_tokens = 65 * input_images as u64;
    let output = 272 * n as u64;
    json!({
        "input_tokens": text_tokens + image_tokens,
        "input_tokens_details": {"image_tokens": image_tokens, "text_tokens": text_tokens},
        "output_tokens": output,
        "total_tokens": text_tokens + image_tokens + output,
    })
}

fn parse_size(size: &str) -> Result<(u32, u32), String> {
    let invalid = || format!("Invalid size '{size}': give WIDTHxHEIGHT, each from 1 to {MAX_SIDE}");
    let (w, h) = size.split_once(['x', '*']).ok_or_else(invalid)?;
    let side = |s: &str| s.trim().parse::<u32>().ok().filter(|v| (1..=MAX_SIDE).contains(v));
    Ok((side(w).ok_or_else(invalid)?, side(h).ok_or_else(invalid)?))
}

fn encode(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn bad_request(message: &str, param: Option<&str>) -> Reply {
    Reply::json(StatusCode::BAD_REQUEST, gateway_error::invalid_request(message, param))
}
