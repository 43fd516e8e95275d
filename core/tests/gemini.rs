//! Gemini generateContent through the typed Rust API against the mock's built-in
//! Gemini route, and the image helpers. Wire details are in the shared vectors.

use base64::Engine;
use serde_json::json;
use tokenhot::api::gemini::{
    Content, GeminiFinishReason, GenerateContentRequest, GenerationConfig, Part, ThinkingConfig, ThinkingLevel,
};
use tokenhot::api::gemini::helpers as gemini_helpers;
use tokenhot::{Client, ErrorKind, RequestOptions};
use tokenhot_mock::MockServer;

const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

fn client(mock: &MockServer, session: &str) -> Client {
    Client::builder()
        .api_key("sk-gemini-test")
        .base_url(format!("{}/v1beta", mock.url()))
        .default_header("x-mock-session", session)
        .build()
        .expect("client")
}

fn thinking_request() -> GenerateContentRequest {
    let mut request = GenerateContentRequest::text("Hi");
    request.system_instruction = Some(Content { role: None, parts: vec![Part::text("Be brief")] });
    request.generation_config = Some(GenerationConfig {
        thinking_config: Some(ThinkingConfig { thinking_level: Some(ThinkingLevel::Low), ..Default::default() }),
        response_modalities: Some(vec!["TEXT".into(), "IMAGE".into()]),
        ..Default::default()
    });
    request
}

#[tokio::test]
async fn generate_content_with_thoughts_and_an_image() {
    let mock = MockServer::start().await;
    let client = client(&mock, "g1");
    let options = RequestOptions::new().header("x-mock-chunks", "4");
    let r = client.gemini().generate_content_with("models/gemini-3.1-pro-preview", &thinking_request(), &options).await.expect("call");
    assert_eq!(r.text().as_deref(), Some("chunk0 chunk1 chunk2 chunk3"));
    assert!(r.thought_text().is_some_and(|t| !t.is_empty()));
    let images = r.images().expect("images");
    assert_eq!(images.len(), 1);
    assert_eq!(images[0].1, "image/png");
    assert_eq!(images[0].0, base64::engine::general_purpose::STANDARD.decode(PNG).unwrap());
    assert_eq!(r.candidates[0].finish_reason, Some(GeminiFinishReason::Stop));
    assert!(r.usage_metadata.as_ref().is_some_and(|u| u.thoughts_token_count.is_some()));
    let sent = &mock.requests("g1")[0];
    assert_eq!(sent["path"], "/v1beta/models/gemini-3.1-pro-preview:generateContent");
    assert_eq!(sent["body"]["generationConfig"]["thinkingConfig"]["thinkingLevel"], "low");
    assert_eq!(sent["body"]["systemInstruction"]["parts"][0]["text"], "Be brief");
}

#[tokio::test]
async fn the_stream_accumulates_to_the_non_streamed_answer() {
    let mock = MockServer::start().await;
    let client = client(&mock, "g2");
    let options = RequestOptions::new().header("x-mock-chunks", "6");
    let whole = client.gemini().generate_content_with("gemini-2.5-flash", &thinking_request(), &options).await.expect("call");
    let mut stream = client.gemini().stream_generate_content_with("gemini-2.5-flash", &thinking_request(), &options).await.expect("stream");
    let mut text = String::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.expect("chunk");
        if chunk.thought_text().is_none() {
            text.push_str(&chunk.text().unwrap_or_default());
        }
    }
    let done = stream.final_response().await.expect("final");
    assert_eq!(text, whole.text().unwrap());
    assert_eq!(done.text(), whole.text());
    assert_eq!(done.thought_text(), whole.thought_text());
    assert_eq!(done.images().unwrap(), whole.images().unwrap());
    // Part for part the same, the thought signature staying on the part it came with,
    // so a history built from either can be sent back.
    let parts_json = |r: &tokenhot::api::gemini::GenerateContentResponse| serde_json::to_value(&r.candidates[0].content).unwrap();
    assert_eq!(parts_json(&done), parts_json(&whole));
    let parts = &done.candidates[0].content.as_ref().unwrap().parts;
    assert!(parts.iter().any(|p| p.thought_signature.is_some() && p.text.is_some()));
    let sent = &mock.requests("g2")[1];
    assert_eq!(sent["path"], "/v1beta/models/gemini-2.5-flash:streamGenerateContent");
    assert_eq!(sent["query"], "alt=sse");
}

#[tokio::test]
async fn image_parts_from_bytes_and_files() {
    let bytes = base64::engine::general_purpose::STANDARD.decode(PNG).unwrap();
    let part = gemini_helpers::image_part(&bytes, None).unwrap();
    assert_eq!(part, json!({"inlineData": {"mimeType": "image/png", "data": PNG}}));
    let dir = std::env::temp_dir().join(format!("tokenhot-img-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("pixel.jpeg");
    std::fs::write(&path, b"not really a jpeg").unwrap();
    let part = gemini_helpers::image_part_from_path(&path, None).unwrap();
    assert_eq!(part["inlineData"]["mimeType"], "image/jpeg", "the extension decides when the bytes say nothing");
    let missing = gemini_helpers::image_part_from_path(&dir.join("nope.png"), None).unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::InvalidArgument);
    assert!(missing.message().contains("nope.png"));
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn fetch_image_sends_the_key_only_to_the_gateway() {
    let gateway = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    let png = json!([{"headers": {"content-type": "image/png"}, "raw_base64": PNG}]);
    gateway.script("", &png).unwrap();
    elsewhere.script("", &png).unwrap();
    let client = Client::builder().api_key("sk-gemini-test").base_url(gateway.url()).build().unwrap();
    let gemini = client.gemini();
    let (bytes, mime) = gemini.fetch_image(&format!("{}/files/a.png", gateway.url()), None, &RequestOptions::new()).await.unwrap();
    let want = base64::engine::general_purpose::STANDARD.decode(PNG).unwrap();
    assert_eq!((bytes.as_ref(), mime.as_str()), (want.as_slice(), "image/png"));
    assert_eq!(gateway.requests("")[0]["headers"]["authorization"], "Bearer sk-gemini-test");
    // Another host (the second mock, which wants a key like any gateway) gets none.
    let refused = gemini.fetch_image(&format!("{}/b.png", elsewhere.url()), None, &RequestOptions::new()).await.unwrap_err();
    assert_eq!(refused.status(), Some(401));
    assert!(elsewhere.requests("")[0]["headers"].get("authorization").is_none(), "the key must not leave the gateway");

    gateway.script("", &png).unwrap();
    let too_big = gemini.fetch_image(&format!("{}/c.png", gateway.url()), Some(10), &RequestOptions::new()).await.unwrap_err();
    assert!(too_big.message().contains("larger than"), "{too_big}");
    let bad = gemini.fetch_image("file:///etc/passwd", None, &RequestOptions::new()).await.unwrap_err();
    assert_eq!(bad.kind(), ErrorKind::InvalidArgument);
}

/// A lone surrogate escape (half an emoji a server split between chunks) is read as
/// U+FFFD: the stream and its final response go on (chat joins the halves again).
#[tokio::test]
async fn a_lone_surrogate_does_not_break_the_stream() {
    let mock = MockServer::start().await;
    let part = |text: &str| json!({"data": format!(r#"{{"candidates":[{{"content":{{"role":"model","parts":[{{"text":"{text}"}}]}},"index":0}}]}}"#)});
    mock.script("lone", &json!([{"sse": [part(r"a\ud83d"), part("b")]}])).expect("script");
    let client = client(&mock, "lone");
    let mut stream = client.gemini().stream_generate_content("gemini-2.5-flash", &GenerateContentRequest::text("Hi")).await.expect("stream");
    let mut texts = Vec::new();
    while let Some(chunk) = stream.next().await {
        texts.push(chunk.expect("a chunk with a lone half reads").text().unwrap_or_default());
    }
    assert_eq!(texts, ["a\u{FFFD}", "b"]);
    assert_eq!(stream.final_response().await.expect("final").text().as_deref(), Some("a\u{FFFD}b"));
}
