//! OpenAI Responses through the typed Rust API against the mock's built-in route and
//! scripted streams; text streams (`stream.text()`) for chat, Gemini and Responses.
//! Wire details are in the shared vectors (tests/vectors/responses).

use futures_util::StreamExt;
use serde_json::{json, Value};
use tokenhot::api::chat::{ChatCompletionRequest, ChatMessage};
use tokenhot::api::gemini::GenerateContentRequest;
use tokenhot::api::responses::{OutputItemType, Reasoning, ResponseRequest, ResponseStatus, ResponseTool};
use tokenhot::{Client, ErrorKind, RequestOptions};
use tokenhot_mock::MockServer;

fn client(mock: &MockServer, session: &str) -> Client {
    Client::builder()
        .api_key("sk-responses-test")
        .base_url(mock.url())
        .default_header("x-mock-session", session)
        .max_retries(1)
        .build()
        .expect("client")
}

fn full_request() -> ResponseRequest {
    let mut request = ResponseRequest::new("gpt-5.2", "What is the weather in Paris?");
    request.reasoning = Some(Reasoning { effort: Some("low".into()), summary: Some("auto".into()), ..Default::default() });
    request.tools = Some(vec![ResponseTool::function("get_weather", "weather by city", json!({"type": "object"}))]);
    request
}

#[tokio::test]
async fn create_reads_items_of_every_kind() {
    let mock = MockServer::start().await;
    let client = client(&mock, "r1");
    let r = client.responses().create(&full_request()).await.expect("create");
    assert_eq!(r.status, Some(ResponseStatus::Completed));
    let kinds: Vec<_> = r.output.iter().map(|i| i.kind.clone()).collect();
    assert_eq!(kinds, [OutputItemType::Reasoning, OutputItemType::Message, OutputItemType::FunctionCall]);
    assert_eq!(r.output_text(), "chunk0 chunk1 chunk2");
    assert_eq!(r.output[2].arguments.as_deref(), Some("{\"location\":\"Paris\"}"));
    assert!(r.usage.as_ref().is_some_and(|u| u.output_tokens_details.is_some()));
    let sent = &mock.requests("r1")[0];
    assert_eq!(sent["path"], "/v1/responses");
    assert_eq!(sent["body"]["reasoning"], json!({"effort": "low", "summary": "auto"}));
    assert!(sent["body"].get("stream").is_none());
}

#[tokio::test]
async fn the_stream_accumulates_to_the_plain_answer_and_its_text() {
    let mock = MockServer::start().await;
    let client = client(&mock, "r2");
    let options = RequestOptions::new().header("x-mock-chunks", "5");
    let whole = client.responses().create_raw(serde_json::to_value(full_request()).unwrap(), &options).await.expect("create");
    let mut stream = client.responses().stream_with(&full_request(), &options).await.expect("stream");
    let text: Vec<String> = stream.text().map(|t| t.expect("text")).collect().await;
    assert_eq!(text.concat(), "chunk0 chunk1 chunk2 chunk3 chunk4");
    assert_eq!(text.len(), 5);
    let last = stream.final_response_raw().await.expect("final");
    assert_eq!(last, *whole);
    assert_eq!(mock.requests("r2")[1]["body"]["stream"], true);
}

/// The official SDK's own snapshot stream, served whole: events pass through, `[DONE]`
/// ends them, and the terminal event's response is the result.
#[tokio::test]
async fn a_recorded_stream() {
    let mock = MockServer::start().await;
    let client = client(&mock, "r3");
    let body = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/streams/openai-responses/reasoning_works_1.sse")).unwrap();
    let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &body);
    mock.script("r3", &json!([{"headers": {"content-type": "text/event-stream"}, "raw_base64": b64, "chunk_size": 7}])).unwrap();
    let mut stream = client.responses().stream(&ResponseRequest::new("gpt-5.2", "hi")).await.expect("stream");
    let mut kinds = Vec::new();
    while let Some(event) = stream.next().await {
        kinds.push(event.expect("event").kind);
    }
    assert_eq!(kinds.first().map(String::as_str), Some("response.created"));
    assert_eq!(kinds.last().map(String::as_str), Some("response.completed"));
    let r = stream.final_response().await.expect("final");
    assert_eq!(r.output[0].kind, OutputItemType::Reasoning);
    assert!(!r.output_text().is_empty());
}

#[tokio::test]
async fn an_error_event_before_any_event_is_retried_and_after_one_is_raised() {
    let mock = MockServer::start().await;
    let client = client(&mock, "r4");
    let nested = json!({"event": "error", "data": json!({"type": "error", "sequence_number": 0, "error": {"type": "server_error", "code": "server_error", "message": "try again"}}).to_string()});
    let flat = json!({"data": json!({"type": "error", "code": "rate_limit_exceeded", "message": "slow down", "param": null, "sequence_number": 1}).to_string()});
    let created = json!({"data": json!({"type": "response.created", "sequence_number": 0, "response": {"id": "r", "status": "in_progress", "output": []}}).to_string()});
    mock.script("r4", &json!([{"sse": [nested]}, {"sse": [created, flat]}])).unwrap();
    let mut stream = client.responses().stream(&ResponseRequest::new("gpt-5.2", "hi")).await.expect("stream");
    let first = stream.next().await.expect("an event").expect("created");
    assert_eq!(first.kind, "response.created");
    let e = stream.next().await.expect("an error").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Stream);
    assert_eq!((e.status(), e.code(), e.message()), (Some(429), Some(&json!("rate_limit_exceeded")), "slow down"));
    assert_eq!(e.attempts(), 2);
    assert_eq!(mock.requests("r4").as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn retrieve_cancel_delete() {
    let mock = MockServer::start().await;
    let client = client(&mock, "r5");
    let r = client.responses().retrieve("resp_abc").await.expect("retrieve");
    assert_eq!(r.id, "resp_abc");
    let r = client.responses().cancel("resp_abc").await.expect("cancel");
    assert_eq!(r.status, Some(ResponseStatus::Cancelled));
    client.responses().delete("resp_abc").await.expect("delete");
    let e = client.responses().retrieve("resp_missing").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    let methods: Vec<Value> = mock.requests("r5").as_array().unwrap().iter().map(|r| json!([r["method"], r["path"]])).collect();
    assert_eq!(methods[..3], [json!(["GET", "/v1/responses/resp_abc"]), json!(["POST", "/v1/responses/resp_abc/cancel"]), json!(["DELETE", "/v1/responses/resp_abc"])]);
}

#[tokio::test]
async fn text_streams_of_chat_and_gemini() {
    let mock = MockServer::start().await;
    let client = client(&mock, "r6");
    let options = RequestOptions::new().header("x-mock-chunks", "4");
    let request = ChatCompletionRequest::new("gpt-5.2", vec![ChatMessage::user("hi")]);
    let mut chat = client.chat().completions().stream_with(&request, &options).await.expect("chat");
    let text: Vec<String> = chat.text().map(|t| t.expect("text")).collect().await;
    assert_eq!(text, ["chunk0", " chunk1", " chunk2", " chunk3"]);
    assert_eq!(chat.final_completion().await.expect("final").text(), Some("chunk0 chunk1 chunk2 chunk3"));

    let gemini_client = Client::builder().api_key("k").base_url(mock.url()).default_header("x-mock-session", "r6").build().unwrap();
    let mut request = GenerateContentRequest::text("hi");
    request.generation_config = serde_json::from_value(json!({"thinkingConfig": {"thinkingLevel": "low"}})).unwrap();
    let mut gemini = gemini_client.gemini().stream_generate_content_with("gemini-2.5-flash", &request, &options).await.expect("gemini");
    let text: String = gemini.text().map(|t| t.expect("text")).collect::<Vec<_>>().await.concat();
    // Thought parts are not text.
    assert_eq!(text, "chunk0 chunk1 chunk2 chunk3");
}
