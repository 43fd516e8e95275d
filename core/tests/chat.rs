//! Chat completions through the typed Rust API, over real loopback sockets against the
//! mock gateway. The shared conformance vectors (tests/vectors.rs) cover the wire
//! details; this file covers what only Rust has: typed models, futures and streams
//! that are dropped, cancellation tokens, and client sharing.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokenhot::api::chat::{ChatCompletionRequest, ChatMessage, ContentPart, FinishReason, Tool};
use tokenhot::{CancellationToken, Client, ErrorKind, RequestOptions};
use tokenhot_mock::MockServer;

mod common;
use common::wait_for_outcome;

fn client(mock: &MockServer, session: &str) -> Client {
    Client::builder()
        .api_key("sk-test-secret-key")
        .base_url(mock.url())
        .default_header("x-mock-session", session)
        .build()
        .expect("client")
}

fn hello() -> ChatCompletionRequest {
    ChatCompletionRequest::new("gpt-5.2", vec![ChatMessage::system("Be brief."), ChatMessage::user("Hello")])
}

#[tokio::test]
async fn typed_create_against_the_builtin_route() {
    let mock = MockServer::start().await;
    let client = client(&mock, "typed");
    let mut request = hello();
    request.temperature = Some(0.2);
    request.messages.push(ChatMessage::user(vec![
        ContentPart::text("and this"),
        ContentPart::image_url("data:image/png;base64,iVBORw0KGgo="),
    ]));
    request.tools = Some(vec![Tool::function("f", "does f", json!({"type": "object"}))]);
    let answer = client
        .chat()
        .completions()
        .create_with(&request, &RequestOptions::new().header("x-mock-chunks", "4"))
        .await
        .expect("create");
    assert_eq!(answer.text(), Some("chunk0 chunk1 chunk2 chunk3"));
    assert_eq!(answer.choices[0].finish_reason, Some(FinishReason::Stop));
    assert!(answer.request_id().is_some_and(|id| id.starts_with("mock-req-")));
    let usage = answer.usage.as_ref().expect("usage");
    assert_eq!(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
    let sent = &mock.requests("typed")[0]["body"];
    assert_eq!(sent["temperature"], 0.2);
    assert_eq!(sent["messages"][2]["content"][1]["image_url"]["url"], "data:image/png;base64,iVBORw0KGgo=");
    assert_eq!(sent["tools"][0]["function"]["name"], "f");
    assert!(sent.get("max_tokens").is_none(), "unset options are not sent");
}

#[tokio::test]
async fn typed_stream_yields_chunks_and_accumulates() {
    let mock = MockServer::start().await;
    let client = client(&mock, "typed-stream");
    let mut request = hello();
    request.stream_options = Some(json!({"include_usage": true}));
    let options = RequestOptions::new().header("x-mock-chunks", "5");
    let mut stream = client.chat().completions().stream_with(&request, &options).await.expect("stream");
    let mut text = String::new();
    let mut chunks = 0;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.expect("chunk");
        chunks += 1;
        for choice in &chunk.choices {
            text.push_str(choice.delta.content.as_deref().unwrap_or(""));
        }
    }
    assert_eq!(text, "chunk0 chunk1 chunk2 chunk3 chunk4");
    assert!(chunks >= 7, "role + 5 words + finish + usage, got {chunks}");
    let done = stream.final_completion().await.expect("final");
    assert_eq!(done.text(), Some(text.as_str()));
    assert_eq!(done.choices[0].finish_reason, Some(FinishReason::Stop));
    assert!(done.usage.is_some());
    assert_eq!(mock.requests("typed-stream")[0]["body"]["stream"], true);
}

#[tokio::test]
async fn into_stream_is_a_futures_stream() {
    use futures_util::StreamExt;
    let mock = MockServer::start().await;
    let client = client(&mock, "futures");
    let stream = client.chat().completions().stream(&hello()).await.expect("stream");
    let chunks: Vec<_> = stream.into_stream().collect().await;
    assert!(chunks.iter().all(Result::is_ok));
    assert!(chunks.len() >= 5);
}

#[tokio::test]
async fn connection_refused_is_a_connection_error_after_retries() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    }; // closed again: nothing listens there now
    let client = Client::builder()
        .api_key("sk-x")
        .base_url(format!("http://127.0.0.1:{port}"))
        .max_retries(1)
        .build()
        .expect("client");
    let e = client.chat().completions().create(&hello()).await.expect_err("refused");
    assert_eq!(e.kind(), ErrorKind::Connection, "{e}");
    assert_eq!(e.status(), None);
    assert_eq!(e.attempts(), 2);
    assert!(std::error::Error::source(&e).is_some(), "the transport cause is kept");
}

#[tokio::test]
async fn connect_timeout_covers_the_tls_handshake() {
    // A server that accepts TCP but never answers the TLS hello.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let held = tokio::spawn(async move {
        let mut sockets = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            sockets.push(socket);
        }
    });
    let client = Client::builder()
        .api_key("sk-x")
        .base_url(format!("https://127.0.0.1:{port}"))
        .connect_timeout(Duration::from_millis(200))
        .timeout(Duration::from_secs(30))
        .max_retries(0)
        .build()
        .expect("client");
    let started = Instant::now();
    let e = client.chat().completions().create(&hello()).await.expect_err("timeout");
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert!(e.to_string().contains("0.200s") || e.to_string().contains("0.2s"), "{e}");
    assert!(started.elapsed() < Duration::from_secs(10), "the connect timeout did not bound the handshake");
    held.abort();
}

#[tokio::test]
async fn missing_key_fails_at_the_first_call_not_at_build() {
    let client = Client::builder().base_url("http://127.0.0.1:9").build();
    let Ok(client) = client else { panic!("building without a key must work") };
    if client.config().has_api_key() {
        return; // TOKENHOT_API_KEY is set in this environment; the vectors cover it
    }
    let e = client.chat().completions().create(&hello()).await.expect_err("no key");
    assert_eq!(e.kind(), ErrorKind::Authentication);
    assert_eq!(e.status(), None);
    assert!(e.message().contains("TOKENHOT_API_KEY"));
    assert_eq!(e.attempts(), 0);
}

#[tokio::test]
async fn cancel_before_the_head_closes_the_connection() {
    let mock = MockServer::start().await;
    mock.script("cancel-head", &json!([{"delay_ms": 5000, "json": {}}])).expect("script");
    let client = client(&mock, "cancel-head");
    let token = CancellationToken::new();
    let options = RequestOptions::new().cancel_token(token.clone());
    let call = tokio::spawn(async move { client.chat().completions().create_with(&hello(), &options).await });
    wait_for_outcome(&mock, "cancel-head", "pending").await;
    token.cancel();
    let e = call.await.expect("task").expect_err("cancelled");
    assert_eq!(e.kind(), ErrorKind::Cancelled);
    wait_for_outcome(&mock, "cancel-head", "client_closed").await;
}

#[tokio::test]
async fn cancel_during_retry_backoff_returns_at_once() {
    let mock = MockServer::start().await;
    mock.script("cancel-backoff", &json!([{"status": 503, "headers": {"retry-after": "30"}, "text": "busy"}]))
        .expect("script");
    let client = client(&mock, "cancel-backoff");
    let token = CancellationToken::new();
    let options = RequestOptions::new().cancel_token(token.clone());
    let call = tokio::spawn(async move { client.chat().completions().create_with(&hello(), &options).await });
    wait_for_outcome(&mock, "cancel-backoff", "complete").await; // the 503 was answered
    let started = Instant::now();
    token.cancel();
    let e = call.await.expect("task").expect_err("cancelled");
    assert_eq!(e.kind(), ErrorKind::Cancelled);
    assert_eq!(e.attempts(), 1);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(mock.requests("cancel-backoff").as_array().map(Vec::len), Some(1), "no second try");
}

#[tokio::test]
async fn dropping_a_stream_mid_body_closes_the_connection() {
    let mock = MockServer::start().await;
    let frames = json!([
        {"data": "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}"},
        {"data": "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"}}]}", "delay_ms": 5000},
        {"data": "[DONE]"}
    ]);
    mock.script("drop-stream", &json!([{"sse": frames}])).expect("script");
    let client = client(&mock, "drop-stream");
    let mut stream = client.chat().completions().stream(&hello()).await.expect("stream");
    let first = stream.next().await.expect("a chunk").expect("ok");
    assert_eq!(first.choices[0].delta.content.as_deref(), Some("a"));
    drop(stream);
    wait_for_outcome(&mock, "drop-stream", "client_closed").await;
}

#[tokio::test]
async fn cancel_mid_stream_and_close_end_the_stream() {
    let mock = MockServer::start().await;
    let frame = |text: &str, delay: u64| {
        json!({"data": format!("{{\"id\":\"c\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{text}\"}}}}]}}"), "delay_ms": delay})
    };
    mock.script("cancel-stream", &json!([{"sse": [frame("a", 0), frame("b", 5000)]}, {"sse": [frame("a", 0), frame("b", 5000)]}]))
        .expect("script");
    let client = client(&mock, "cancel-stream");
    let token = CancellationToken::new();
    let options = RequestOptions::new().cancel_token(token.clone());
    let mut stream = client.chat().completions().stream_with(&hello(), &options).await.expect("stream");
    assert!(stream.next_batch().await.expect("batch").is_some());
    token.cancel();
    let e = stream.next_batch().await.expect_err("cancelled");
    assert_eq!(e.kind(), ErrorKind::Cancelled);
    wait_for_outcome(&mock, "cancel-stream", "client_closed").await;

    let mut stream = client.chat().completions().stream(&hello()).await.expect("stream");
    assert!(stream.next_batch().await.expect("batch").is_some());
    stream.close();
    assert!(stream.next_batch().await.expect("closed").is_none());
    let e = stream.final_completion().await.expect_err("closed early");
    assert!(e.message().contains("closed before it ended"), "{e}");
    wait_for_outcome(&mock, "cancel-stream", "client_closed").await;
}

#[tokio::test]
async fn one_client_shared_by_many_tasks() {
    let mock = MockServer::start().await;
    let client = client(&mock, "shared");
    let calls = (0..32).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.chat().completions().create(&hello()).await })
    });
    for call in calls {
        assert!(call.await.expect("task").is_ok());
    }
    assert_eq!(mock.requests("shared").as_array().map(Vec::len), Some(32));
}

#[tokio::test]
async fn errors_and_debug_never_show_the_key() {
    let mock = MockServer::start_with(tokenhot_mock::MockConfig { api_key: Some("sk-the-right-one".into()) }).await;
    let client = client(&mock, "secret");
    let e = client.chat().completions().create(&hello()).await.expect_err("401");
    assert_eq!(e.kind(), ErrorKind::Authentication);
    assert_eq!(e.status(), Some(401));
    let shown = format!("{e} {e:?} {client:?} {:?}", client.config());
    assert!(!shown.contains("sk-test-secret-key"), "{shown}");
}

#[tokio::test]
async fn base_url_prefix_is_kept() {
    let client = Client::builder().api_key("k").base_url("https://proxy.example/gw/v1/").build().expect("client");
    assert_eq!(client.config().base_url(), "https://proxy.example/gw");
    let bad = Client::builder().base_url("ftp://example.com").build().expect_err("not http");
    assert_eq!(bad.kind(), ErrorKind::InvalidArgument);
}

#[tokio::test]
async fn create_text_sends_and_returns_json_text_untouched() {
    let mock = MockServer::start().await;
    let client = client(&mock, "text");
    let answer_text = r#"{"id":"c-1","object":"chat.completion","created":1,"model":"m","choices":[],"zeta":1,"alpha":{"b":2,"a":1}}"#;
    mock.script("text", &json!([{"text": answer_text}])).expect("script");
    let body = r#"{"model":"gpt-5.2","messages":[{"role":"user","content":"hi"}],"z":1,"a":2}"#;
    let answer = client.chat().completions().create_text(body, &RequestOptions::new()).await.expect("create_text");
    // Key order and unknown keys survive both ways: nothing was re-encoded.
    assert_eq!(&answer[..], answer_text.as_bytes());
    let sent = mock.requests("text");
    assert_eq!(sent[0]["body_text"], body);
    // An answer that is not JSON is an error, as from create_raw.
    mock.script("text", &json!([{"text": "<html>busy</html>"}])).expect("script");
    let error = client.chat().completions().create_text(body, &RequestOptions::new()).await.expect_err("not JSON");
    assert_eq!(error.kind(), ErrorKind::Api);
    assert!(error.to_string().contains("is not valid JSON"), "{error}");
}

#[tokio::test]
async fn create_text_checks_the_body_like_create_raw() {
    let mock = MockServer::start().await;
    let client = client(&mock, "text-check");
    let completions = client.chat().completions();
    let none = RequestOptions::new();
    for (body, message) in [
        (r#"{"messages":[]}"#, "model is required"),
        (r#"{"model":"","messages":[]}"#, "model must not be empty"),
        (r#"{"model":"m","messages":{}}"#, "messages must be a list of messages"),
        (r#"[1]"#, "the chat completion request must be a JSON object"),
        (r#"{"model":"m","#, "the request body is not valid JSON"),
    ] {
        let error = completions.create_text(body, &none).await.expect_err(body);
        assert_eq!(error.kind(), ErrorKind::InvalidArgument, "{body}");
        assert!(error.to_string().contains(message), "{body}: {error}");
    }
    // `stream` is dropped as create_raw drops it, and extra_body still merges.
    let with_extra = RequestOptions::new().body_field("seed", json!(7));
    completions
        .create_text(r#"{"model":"m","messages":[],"stream":false}"#, &none)
        .await
        .expect("stream key");
    completions.create_text(r#"{"model":"m","messages":[]}"#, &with_extra).await.expect("extra body");
    let sent = mock.requests("text-check");
    let bodies: Vec<Value> = sent.as_array().unwrap().iter().map(|r| serde_json::from_str(r["body_text"].as_str().unwrap()).unwrap()).collect();
    assert_eq!(bodies[0], json!({"model": "m", "messages": []}));
    assert_eq!(bodies[1], json!({"model": "m", "messages": [], "seed": 7}));
}

/// A server may split an emoji's UTF-16 pair between two chunks (`"\ud83d"`, then
/// `"\ude00"`): JSON allows a lone surrogate escape, Rust strings do not. Nothing is
/// lost for it: a chunk reads with U+FFFD for its half, the final completion joins the
/// pair again (tool-call arguments too), and a plain answer reads like a chunk.
#[tokio::test]
async fn an_emoji_split_between_chunks_is_whole_in_the_final_completion() {
    let mock = MockServer::start().await;
    let chunk = |delta: Value| json!({"data": json!({"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": delta}]}).to_string().replace("\\\\u", "\\u")});
    let frames = json!([
        chunk(json!({"content": "a\\ud83d", "tool_calls": [{"index": 0, "function": {"name": "f", "arguments": "{\"x\":\"\\ud83d"}}]})),
        chunk(json!({"content": "\\ude00b", "tool_calls": [{"index": 0, "function": {"arguments": "\\ude00\"}"}}]})),
        {"data": "[DONE]"}
    ]);
    mock.script("split-pair", &json!([{"sse": frames}, {"text": "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"a\\ud83db\"},\"finish_reason\":\"stop\"}]}"}])).expect("script");
    let client = client(&mock, "split-pair");
    let mut stream = client.chat().completions().stream(&hello()).await.expect("stream");
    let mut pieces = Vec::new();
    while let Some(chunk) = stream.next().await {
        pieces.push(chunk.expect("a chunk with a lone half reads").choices[0].delta.content.clone().unwrap_or_default());
    }
    assert_eq!(pieces, ["a\u{FFFD}", "\u{FFFD}b"]);
    let done = stream.final_completion().await.expect("final");
    assert_eq!(done.text(), Some("a\u{1F600}b"));
    let calls = done.choices[0].message.tool_calls.as_ref().expect("tool calls");
    assert_eq!(serde_json::to_value(&calls[0]).unwrap()["function"]["arguments"], "{\"x\":\"\u{1F600}\"}");
    let plain = client.chat().completions().create(&hello()).await.expect("a plain answer with a lone half reads");
    assert_eq!(plain.text(), Some("a\u{FFFD}b"));
}
