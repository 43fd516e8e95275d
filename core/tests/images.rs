//! Images through the typed Rust API against the mock's images routes: generate and
//! save (base64 and URLs, the key only for the gateway's own host), multipart edits as
//! the mock's multipart parser read them, bad file inputs refused before any request,
//! the streamed form, and timeouts. Wire details shared by all languages are in
//! tests/vectors/images/.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{json, Value};
use tokenhot::api::images::{ImageEditRequest, ImageGenerateRequest};
use tokenhot::api::media::FileInput;
use tokenhot::{Client, ErrorKind, RequestOptions};
use tokenhot_mock::MockServer;

fn client(mock: &MockServer, session: &str) -> Client {
    Client::builder()
        .api_key("sk-images-test")
        .base_url(mock.url())
        .default_header("x-mock-session", session)
        .max_retries(0)
        .build()
        .expect("client")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tokenhot-images-{name}-{}", fastrand::u64(..)));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Width and height from a PNG's header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    (u32::from_be_bytes(bytes[16..20].try_into().unwrap()), u32::from_be_bytes(bytes[20..24].try_into().unwrap()))
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[tokio::test]
async fn generate_b64_and_save_to_a_directory() {
    let mock = MockServer::start().await;
    let client = client(&mock, "i1");
    let mut request = ImageGenerateRequest::new("gpt-image-1.5", "a red fox");
    request.n = Some(2);
    request.size = Some("48x32".into());
    request.quality = Some("low".into());
    request.extra.insert("moderation".into(), json!("low"));
    let r = client.images().generate(&request, &RequestOptions::new()).await.expect("generate");
    assert_eq!(r.data.len(), 2);
    assert!(r.data.iter().all(|d| d.b64_json.is_some() && d.url.is_none()));
    assert!(r.usage.as_ref().and_then(|u| u.input_tokens_details.as_ref()).is_some());
    assert_eq!(r.extra["output_format"], "png", "unknown fields are kept");
    assert_eq!(r.request_id(), Some("mock-req-1"));
    let sent = &mock.requests("i1")[0];
    assert_eq!(sent["path"], "/v1/images/generations");
    assert_eq!(sent["body"], json!({"model": "gpt-image-1.5", "prompt": "a red fox", "n": 2, "size": "48x32", "quality": "low", "moderation": "low"}));

    let dir = temp_dir("b64").join("out");
    let paths = client.images().save(&r, &dir, &RequestOptions::new()).await.expect("save");
    assert_eq!(paths, vec![dir.join("image-0.png"), dir.join("image-1.png")]);
    for path in &paths {
        assert_eq!(png_size(&std::fs::read(path).unwrap()), (48, 32));
    }
    assert_eq!(files_in(&dir), ["image-0.png", "image-1.png"], "no temporary file is left");
    assert_eq!(mock.requests("i1").as_array().unwrap().len(), 1, "base64 is decoded without I/O");
}

#[tokio::test]
async fn url_images_are_downloaded_with_the_key_only_from_the_gateway() {
    let mock = MockServer::start().await;
    let other_host = MockServer::start().await; // another origin (port)
    let client = client(&mock, "i2");
    let mut request = ImageGenerateRequest::new("dall-e-3", "a lighthouse");
    request.size = Some("20x10".into());
    let r = client.images().generate(&request, &RequestOptions::new()).await.expect("generate");
    let url = r.data[0].url.clone().expect("a URL answer");
    assert_eq!(r.data[0].revised_prompt.as_deref(), Some("A picture of a lighthouse"));

    let (bytes, mime) = client.images().fetch(&r.data[0], None, &RequestOptions::new()).await.expect("fetch");
    assert_eq!((png_size(&bytes), mime.as_str()), ((20, 10), "image/png"));
    let download = &mock.requests("i2")[1];
    assert_eq!(download["method"], "GET");
    assert_eq!(download["headers"]["authorization"], "Bearer sk-images-test", "the gateway's own host gets the key");

    // The same kind of link on another host: fetched without the key.
    let foreign = format!("{}/mock-public/images/7x5-3.png", other_host.url());
    let (bytes, _) = client.images().fetch_raw(&json!(foreign), None, &RequestOptions::new()).await.expect("fetch");
    assert_eq!(png_size(&bytes), (7, 5));
    let seen = &other_host.requests("")[0];
    assert!(seen["headers"].get("authorization").is_none(), "no key to another host: {seen}");

    // A file path is used as is for one image.
    let file = temp_dir("url").join("lighthouse.png");
    let paths = client.images().save_raw(&json!({"data": [{"url": url}]}), &file, &RequestOptions::new()).await.expect("save");
    assert_eq!(paths, vec![file.clone()]);
    assert_eq!(png_size(&std::fs::read(&file).unwrap()), (20, 10));
}

#[tokio::test]
async fn a_failed_download_leaves_no_file() {
    let mock = MockServer::start().await;
    let client = client(&mock, "i3");
    let good = format!("{}/mock-files/images/4x4-0.png", mock.url());
    let missing = format!("{}/mock-files/images/nothing-here", mock.url());
    let b64 = {
        let r = client.images().generate(&ImageGenerateRequest::new("gpt-image-1", "x"), &RequestOptions::new()).await.unwrap();
        r.data[0].b64_json.clone().unwrap()
    };
    let result = json!({"created": 1, "data": [{"b64_json": b64}, {"url": good}, {"url": missing}]});
    let dir = temp_dir("fail");
    let e = client.images().save_raw(&result, &dir.join("pic.png"), &RequestOptions::new()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
    assert!(files_in(&dir).is_empty(), "nothing written: {:?}", files_in(&dir));

    // Both kinds of item in one result, saved under a file path: `<stem>-<i><suffix>`.
    let result = json!({"data": [{"b64_json": b64}, {"url": good}]});
    let paths = client.images().save_raw(&result, &dir.join("pic.png"), &RequestOptions::new()).await.expect("save");
    assert_eq!(paths, vec![dir.join("pic-0.png"), dir.join("pic-1.png")]);
    assert_eq!(files_in(&dir), ["pic-0.png", "pic-1.png"]);
}

#[tokio::test]
async fn edit_sends_named_typed_parts_and_reads_files_from_disk() {
    let mock = MockServer::start().await;
    let client = client(&mock, "i4");
    let dir = temp_dir("edit");
    let png = {
        let r = client.images().generate(&ImageGenerateRequest::new("gpt-image-1", "x"), &RequestOptions::new()).await.unwrap();
        client.images().fetch(&r.data[0], None, &RequestOptions::new()).await.unwrap().0
    };
    // A PNG saved under a misleading name: the bytes decide the type and extension.
    let on_disk = dir.join("photo.jpeg");
    std::fs::write(&on_disk, &png).unwrap();
    let mut request = ImageEditRequest::new(
        "gpt-image-1.5",
        "put them together",
        vec![FileInput::path(&on_disk), FileInput::bytes(png.clone())],
    );
    request.mask = Some(FileInput::named("mask.bin", png.clone()));
    request.size = Some("16x16".into());
    request.n = Some(1);
    request.extra.insert("input_fidelity".into(), json!("high"));
    let r = client.images().edit(request, &RequestOptions::new()).await.expect("edit");
    assert_eq!(r.data.len(), 1);
    let sent = &mock.requests("i4")[1];
    assert!(sent["headers"]["content-type"].as_str().unwrap().starts_with("multipart/form-data; boundary="));
    let parts: Vec<Value> = sent["multipart"].as_array().expect("parts").clone();
    let summary: Vec<Value> =
        parts.iter().map(|p| json!([p["name"], p["filename"], p["content_type"], p["value"]])).collect();
    assert_eq!(
        summary,
        vec![
            json!(["model", null, null, "gpt-image-1.5"]),
            json!(["prompt", null, null, "put them together"]),
            json!(["n", null, null, "1"]),
            json!(["size", null, null, "16x16"]),
            json!(["input_fidelity", null, null, "high"]),
            json!(["image[]", "photo.png", "image/png", null]),
            json!(["image[]", "image-1.png", "image/png", null]),
            json!(["mask", "mask.png", "image/png", null]),
        ]
    );
    assert!(parts[5..].iter().all(|p| p["size"] == png.len()), "whole files: {parts:?}");
}

#[tokio::test]
async fn bad_file_inputs_are_refused_before_any_request() {
    let mock = MockServer::start().await;
    let client = client(&mock, "i5");
    let dir = temp_dir("bad");
    let cases: Vec<(Vec<FileInput>, Option<FileInput>, &str)> = vec![
        (vec![FileInput::path(dir.join("missing.png"))], None, "missing.png"),
        (vec![FileInput::path(&dir)], None, "directory"),
        (vec![FileInput::bytes(&b"hello"[..])], None, "image"),
        (vec![FileInput::bytes(&b"\x89PNG\r\n\x1a\n"[..]), FileInput::bytes(&b"??"[..])], None, "image[1]"),
        (vec![], None, "image must not be an empty list"),
        (vec![FileInput::bytes(&b"\x89PNG\r\n\x1a\n"[..])], Some(FileInput::bytes(&b"??"[..])), "mask"),
        (vec![FileInput::bytes(&b"\x89PNG\r\n\x1a\n"[..]).with_mime_type("png")], None, "mime_type"),
    ];
    for (image, mask, named) in cases {
        let mut request = ImageEditRequest::new("gpt-image-1", "edit", image);
        request.mask = mask;
        let e = client.images().edit(request, &RequestOptions::new()).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");
        assert!(e.to_string().contains(named), "{e} should name {named}");
    }
    let mut request = ImageEditRequest::new("gpt-image-1", "edit", vec![FileInput::bytes(&b"\x89PNG\r\n\x1a\n"[..])]);
    request.extra.insert("x\"; filename=\"evil.png".into(), json!("v"));
    let e = client.images().edit(request, &RequestOptions::new()).await.unwrap_err();
    assert!(e.kind() == ErrorKind::InvalidArgument && e.to_string().contains("evil.png"), "{e}");
    let e = client.images().generate(&ImageGenerateRequest::new("gpt-image-1", ""), &RequestOptions::new()).await.unwrap_err();
    assert!(e.kind() == ErrorKind::InvalidArgument && e.to_string().contains("prompt"), "{e}");
    assert_eq!(mock.requests("i5"), json!([]), "nothing was sent");
}

#[tokio::test]
async fn streamed_generation_yields_partials_then_the_final_images() {
    let mock = MockServer::start().await;
    let client = client(&mock, "i6");
    let mut request = ImageGenerateRequest::new("gpt-image-1.5", "a cat");
    request.partial_images = Some(2);
    request.size = Some("8x8".into());
    let mut stream = client.images().generate_stream(&request, &RequestOptions::new()).await.expect("stream");
    let mut types = Vec::new();
    while let Some(event) = stream.next().await {
        types.push(event.expect("event")["type"].as_str().unwrap().to_string());
    }
    assert_eq!(types, ["image_generation.partial_image", "image_generation.partial_image", "image_generation.completed"]);
    let done = stream.final_typed().await.expect("final");
    assert_eq!(done.data.len(), 1);
    assert_eq!(done.created, Some(1727346168));
    assert!(done.usage.is_some_and(|u| u.total_tokens.is_some()));
    let sent = &mock.requests("i6")[0];
    assert_eq!(sent["body"]["stream"], true);
    assert_eq!(sent["headers"]["accept"], "text/event-stream");

    // The edit form streams too: `stream` goes as a text part.
    let png = tokenhot::api::media::FileInput::bytes(&b"\x89PNG\r\n\x1a\nrest"[..]);
    let mut edit = ImageEditRequest::new("gpt-image-1.5", "a hat", vec![png]);
    edit.extra.insert("partial_images".into(), json!(1));
    let mut stream = client.images().edit_stream(edit, &RequestOptions::new()).await.expect("stream");
    let done = stream.final_raw().await.expect("final");
    assert_eq!(done["data"].as_array().map(Vec::len), Some(1));
    let parts = mock.requests("i6")[1]["multipart"].clone();
    assert!(parts.as_array().unwrap().iter().any(|p| p["name"] == "stream" && p["value"] == "true"), "{parts}");
}

#[tokio::test]
async fn image_calls_wait_as_long_as_the_client_allows() {
    let mock = MockServer::start().await;
    let client = client(&mock, "i7");
    // A slow answer within the default (600 s per attempt) arrives; the stream idle
    // timer (short here) does not apply to a plain image call.
    let client_short_idle = Client::builder()
        .api_key("sk-images-test")
        .base_url(mock.url())
        .default_header("x-mock-session", "i7")
        .stream_idle_timeout(Duration::from_millis(50))
        .build()
        .unwrap();
    mock.script("i7", &json!([{"delay_ms": 300, "json": {"created": 1, "data": [{"url": "http://x/y.png"}]}}])).unwrap();
    let r = client_short_idle.images().generate(&ImageGenerateRequest::new("dall-e-2", "slow"), &RequestOptions::new()).await;
    assert_eq!(r.expect("a slow answer arrives").data.len(), 1);
    // A per-call timeout shorter than the answer: APITimeoutError.
    mock.script("i7", &json!([{"delay_ms": 2000, "json": {"created": 1, "data": []}}])).unwrap();
    let options = RequestOptions::new().timeout(Duration::from_millis(100));
    let e = client.images().generate(&ImageGenerateRequest::new("dall-e-2", "slow"), &options).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
}
