//! Attempt lines go through the `log` facade (target `tokenhot`), so a Rust app's own
//! logger sees them: one record per attempt, credentials redacted, bodies never.

use std::sync::Mutex;

use tokenhot::api::chat::{ChatCompletionRequest, ChatMessage};
use tokenhot::{Client, RequestOptions};
use tokenhot_mock::MockServer;

static RECORDS: Mutex<Vec<(log::Level, String, String)>> = Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }
    fn log(&self, record: &log::Record) {
        RECORDS.lock().unwrap().push((record.level(), record.target().to_string(), record.args().to_string()));
    }
    fn flush(&self) {}
}

#[tokio::test]
async fn every_attempt_is_one_record_without_the_key_or_the_body() {
    log::set_logger(&Capture).unwrap();
    log::set_max_level(log::LevelFilter::Debug);
    let mock = MockServer::start().await;
    let session = "logs";
    mock.script(session, &serde_json::json!([
        {"status": 503, "json": {"error": {"message": "busy", "type": "server_error"}}},
        {"json": {"id": "c", "object": "chat.completion", "created": 1, "model": "m",
                  "choices": [{"index": 0, "message": {"role": "assistant", "content": "the answer"}, "finish_reason": "stop"}]}}
    ]))
    .unwrap();
    let client = Client::builder()
        .api_key("sk-canary-rust-logs")
        .base_url(mock.url())
        .default_header("x-mock-session", session)
        .build()
        .unwrap();
    let request = ChatCompletionRequest::new("gpt-5.2", vec![ChatMessage::user("a secret prompt")]);
    client.chat().completions().create_with(&request, &RequestOptions { max_retries: Some(1), ..Default::default() }).await.unwrap();
    let records = RECORDS.lock().unwrap().clone();
    let ours: Vec<_> = records.iter().filter(|(_, target, _)| target == "tokenhot").collect();
    assert_eq!(ours.len(), 2, "{records:?}");
    assert!(ours[0].2.contains("POST") && ours[0].2.contains("/v1/chat/completions") && ours[0].2.contains("attempt 1"), "{:?}", ours[0]);
    assert!(ours[1].2.contains("attempt 2"), "{:?}", ours[1]);
    for (level, _, line) in ours {
        assert_eq!(*level, log::Level::Debug);
        assert!(line.contains("<redacted>"), "{line}");
        assert!(!line.contains("sk-canary-rust-logs") && !line.contains("a secret prompt") && !line.contains("the answer"), "{line}");
    }
}
