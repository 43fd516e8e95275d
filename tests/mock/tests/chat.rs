mod common;

use std::time::{Duration, Instant};

use common::{chat_body, send, AUTH};
use serde_json::{json, Value};
use tokenhot_mock::MockServer;

const CHAT: &str = "/v1/chat/completions";

#[tokio::test]
async fn non_streamed_completion_looks_like_the_real_thing() {
    let mock = MockServer::start().await;
    let response = send(mock.addr(), "POST", CHAT, &[AUTH], &chat_body(false)).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert!(
        response.header("content-length").is_some(),
        "a whole answer has a length"
    );
    let body = response.json();
    assert!(body["id"].as_str().unwrap().starts_with("chatcmpl-"));
    assert_eq!(body["object"], "chat.completion");
    assert!(body["created"].is_u64());
    assert_eq!(body["model"], "gpt-4o-mini");
    assert!(body["system_fingerprint"].is_string());
    assert_eq!(
        body["choices"],
        json!([{
            "index": 0,
            "message": {"role": "assistant", "content": "chunk0 chunk1 chunk2", "refusal": null},
            "logprobs": null,
            "finish_reason": "stop",
        }])
    );
    assert_eq!(
        body["usage"],
        json!({"prompt_tokens": 8, "completion_tokens": 3, "total_tokens": 11})
    );
}

#[tokio::test]
async fn the_chunks_header_sets_the_word_count() {
    let mock = MockServer::start().await;
    let five = send(
        mock.addr(),
        "POST",
        CHAT,
        &[AUTH, ("x-mock-chunks", "5")],
        &chat_body(false),
    )
    .await;
    assert_eq!(
        five.json()["choices"][0]["message"]["content"],
        "chunk0 chunk1 chunk2 chunk3 chunk4"
    );
    let none = send(
        mock.addr(),
        "POST",
        CHAT,
        &[AUTH, ("x-mock-chunks", "0")],
        &chat_body(false),
    )
    .await;
    assert_eq!(none.json()["choices"][0]["message"]["content"], "");
    let bad = send(
        mock.addr(),
        "POST",
        CHAT,
        &[AUTH, ("x-mock-chunks", "many")],
        &chat_body(false),
    )
    .await;
    assert_eq!(bad.status, 400);
}

/// Parses SSE events out of a body; each is its `data:` payload.
fn events(chunks: &[Vec<u8>]) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in chunks {
        let text = std::str::from_utf8(chunk).unwrap();
        // Each write of the stream is exactly one event.
        assert!(
            text.ends_with("\n\n") && text.matches("\n\n").count() == 1,
            "chunk is not one event: {text:?}"
        );
        let data = text.trim_end().strip_prefix("data: ").expect("data line");
        out.push(data.to_owned());
    }
    out
}

#[tokio::test]
async fn streamed_completion_sends_role_words_stop_usage_and_done() {
    let mock = MockServer::start().await;
    let response = send(
        mock.addr(),
        "POST",
        CHAT,
        &[AUTH, ("x-mock-chunks", "4")],
        &chat_body(true),
    )
    .await;
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("text/event-stream"));
    let events = events(response.chunks.as_ref().expect("a chunked body"));
    assert_eq!(events.len(), 1 + 4 + 1 + 1 + 1, "{events:#?}");
    assert_eq!(events.last().unwrap(), "[DONE]");
    let chunks: Vec<Value> = events[..events.len() - 1]
        .iter()
        .map(|e| serde_json::from_str(e).unwrap())
        .collect();
    for chunk in &chunks {
        assert_eq!(chunk["object"], "chat.completion.chunk");
        assert!(chunk["id"].as_str().unwrap().starts_with("chatcmpl-"));
        assert_eq!(chunk["model"], "gpt-4o-mini");
    }
    assert_eq!(chunks[0]["choices"][0]["delta"]["role"], "assistant");
    let text: String = chunks[1..5]
        .iter()
        .map(|c| c["choices"][0]["delta"]["content"].as_str().unwrap())
        .collect();
    assert_eq!(text, "chunk0 chunk1 chunk2 chunk3");
    assert_eq!(chunks[5]["choices"][0]["finish_reason"], "stop");
    assert_eq!(chunks[6]["choices"], json!([]));
    assert_eq!(
        chunks[6]["usage"],
        json!({"prompt_tokens": 8, "completion_tokens": 4, "total_tokens": 12})
    );
}

#[tokio::test]
async fn no_usage_chunk_unless_asked() {
    let mock = MockServer::start().await;
    let body = json!({"model": "m", "messages": [], "stream": true}).to_string();
    let response = send(mock.addr(), "POST", CHAT, &[AUTH], body.as_bytes()).await;
    let events = events(response.chunks.as_ref().unwrap());
    assert_eq!(events.len(), 1 + 3 + 1 + 1);
    assert!(!events.iter().any(|e| e.contains("usage")));
}

#[tokio::test]
async fn bad_requests_are_400_naming_the_field() {
    let mock = MockServer::start().await;
    let cases: [(&[u8], Value); 5] = [
        (br#"{"messages":[]}"#, json!("model")),
        (br#"{"model":7,"messages":[]}"#, json!("model")),
        (br#"{"model":"m"}"#, json!("messages")),
        (br#"{"model":"m","messages":{}}"#, json!("messages")),
        (b"{not json", Value::Null),
    ];
    for (body, param) in cases {
        let response = send(mock.addr(), "POST", CHAT, &[AUTH], body).await;
        assert_eq!(response.status, 400, "{}", String::from_utf8_lossy(body));
        let error = &response.json()["error"];
        assert_eq!(error["type"], "invalid_request_error");
        assert_eq!(error["param"], param);
        assert_eq!(error["code"], Value::Null);
        assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
}

#[tokio::test]
async fn delay_header_delays_the_head() {
    let mock = MockServer::start().await;
    let start = Instant::now();
    let response = send(
        mock.addr(),
        "POST",
        CHAT,
        &[AUTH, ("x-mock-delay-ms", "150")],
        &chat_body(false),
    )
    .await;
    assert_eq!(response.status, 200);
    assert!(start.elapsed() >= Duration::from_millis(150));
}

#[tokio::test]
async fn models_list_and_unknown_routes() {
    let mock = MockServer::start().await;
    let models = send(mock.addr(), "GET", "/v1/models", &[AUTH], b"")
        .await
        .json();
    assert_eq!(models["object"], "list");
    let data = models["data"].as_array().unwrap();
    assert!(!data.is_empty());
    for model in data {
        assert!(model["id"].is_string() && model["owned_by"].is_string());
        assert_eq!(model["object"], "model");
    }
    let missing = send(mock.addr(), "POST", "/v1/nope", &[AUTH], b"{}").await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["error"]["type"], "invalid_request_error");
}
