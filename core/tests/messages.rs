//! Anthropic Messages through the typed Rust API against the mock's built-in route:
//! the version header, the stream folding to what a plain call returns, the text of
//! a stream, and checks made before any request. Wire details are in the vectors.

use serde_json::{json, Value};
use tokenhot::api::messages::{
    ContentBlock, CountTokensRequest, MessageCreateRequest, MessageParam, MessagesAccumulator, StopReason, Thinking,
};
use tokenhot::stream::Accumulate;
use tokenhot::{Client, ErrorKind, RequestOptions};
use tokenhot_mock::MockServer;

fn client(mock: &MockServer, session: &str) -> Client {
    Client::builder()
        .api_key("sk-messages-test")
        .base_url(mock.url())
        .default_header("x-mock-session", session)
        .build()
        .expect("client")
}

fn tool_and_thinking_request() -> MessageCreateRequest {
    let mut request = MessageCreateRequest::new("claude-sonnet-4-5", 256, vec![MessageParam::user("Find chunks")]);
    request.system = Some(json!("Be brief"));
    request.thinking = Some(Thinking::Enabled { budget_tokens: 1024 });
    request.tools = Some(vec![json!({"name": "search", "description": "Search", "input_schema": {"type": "object"}})]);
    request
}

#[tokio::test]
async fn create_sends_the_version_and_reads_every_block() {
    let mock = MockServer::start().await;
    let client = client(&mock, "m1");
    let options = RequestOptions::new().header("x-mock-chunks", "4");
    let r = client.messages().create_with(&tool_and_thinking_request(), &options).await.expect("call");
    assert_eq!(r.text(), "chunk0 chunk1 chunk2 chunk3");
    let kinds: Vec<&str> = r.content.iter().map(ContentBlock::kind).collect();
    assert_eq!(kinds, ["thinking", "text", "tool_use"]);
    assert!(matches!(&r.content[0], ContentBlock::Thinking { signature, .. } if !signature.is_empty()));
    assert!(matches!(&r.content[2], ContentBlock::ToolUse { input, .. } if input["limit"] == 3));
    assert_eq!(r.stop_reason, Some(StopReason::ToolUse));
    let sent = &mock.requests("m1")[0];
    assert_eq!(sent["path"], "/v1/messages");
    assert_eq!(sent["headers"]["anthropic-version"], "2023-06-01");
    assert_eq!(sent["headers"]["authorization"], "Bearer sk-messages-test");
    assert_eq!(sent["body"]["thinking"], json!({"type": "enabled", "budget_tokens": 1024}));
    assert_eq!(sent["body"]["max_tokens"], 256);
    assert!(sent["body"].get("stream").is_none());
}

#[tokio::test]
async fn a_callers_version_header_wins() {
    let mock = MockServer::start().await;
    let client = client(&mock, "m2");
    let options = RequestOptions::new().header("anthropic-version", "2099-01-01");
    client.messages().create_with(&tool_and_thinking_request(), &options).await.expect("call");
    assert_eq!(mock.requests("m2")[0]["headers"]["anthropic-version"], "2099-01-01");
}

#[tokio::test]
async fn the_stream_folds_to_the_plain_answer_and_its_text_is_the_text_deltas() {
    let mock = MockServer::start().await;
    let client = client(&mock, "m3");
    let options = RequestOptions::new().header("x-mock-chunks", "5");
    let whole = client.messages().create_raw(serde_json::to_value(tool_and_thinking_request()).unwrap(), &options).await.expect("call");
    let mut stream = client.messages().stream_with(&tool_and_thinking_request(), &options).await.expect("stream");
    let (mut text, mut types) = (String::new(), Vec::new());
    while let Some(batch) = stream.next_batch().await.expect("events") {
        for event in batch {
            types.push(event.json().unwrap()["type"].as_str().unwrap_or("").to_string());
            text.push_str(&MessagesAccumulator::text_delta(&event.data).unwrap_or_default());
        }
    }
    assert!(!types.iter().any(|t| t == "ping"), "ping is never yielded: {types:?}");
    assert_eq!(types.first().map(String::as_str), Some("message_start"));
    assert_eq!(types.last().map(String::as_str), Some("message_stop"));
    assert_eq!(text, "chunk0 chunk1 chunk2 chunk3 chunk4");
    let done = stream.final_message_raw().await.expect("final");
    assert_eq!(done["content"], whole["content"]);
    assert_eq!(done["stop_reason"], whole["stop_reason"]);
    assert_eq!(done["usage"], whole["usage"]);
    assert_eq!(mock.requests("m3")[1]["body"]["stream"], true);
}

#[tokio::test]
async fn count_tokens_is_typed() {
    let mock = MockServer::start().await;
    let client = client(&mock, "m4");
    let request = CountTokensRequest {
        model: "claude-opus-4-6".into(),
        messages: vec![MessageParam::user("a"), MessageParam::assistant("b")],
        system: Some(json!([{"type": "text", "text": "sys"}])),
        ..Default::default()
    };
    let r = client.messages().count_tokens(&request, &RequestOptions::default()).await.expect("count");
    assert_eq!(r.input_tokens, 24);
    let sent = &mock.requests("m4")[0];
    assert_eq!(sent["path"], "/v1/messages/count_tokens");
    assert_eq!(sent["headers"]["anthropic-version"], "2023-06-01");
}

#[tokio::test]
async fn bad_bodies_fail_before_any_request() {
    let mock = MockServer::start().await;
    let client = client(&mock, "m5");
    let options = RequestOptions::default();
    let bodies: [(Value, &str); 4] = [
        (json!({"model": "claude-sonnet-4-5", "messages": []}), "max_tokens"),
        (json!({"model": "claude-sonnet-4-5", "max_tokens": "9", "messages": []}), "max_tokens"),
        (json!({"max_tokens": 9, "messages": []}), "model"),
        (json!({"model": "claude-sonnet-4-5", "max_tokens": 9}), "messages"),
    ];
    for (body, names) in bodies {
        let e = client.messages().create_raw(body.clone(), &options).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{body}");
        assert!(e.message().contains(names), "{e}");
        let e = client.messages().stream_raw(body, &options).await.err().expect("stream rejected");
        assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    }
    assert_eq!(mock.requests("m5").as_array().map(Vec::len), Some(0));
}
