mod common;

use common::{chat_body, requests, script, send, AUTH};
use serde_json::{json, Value};
use tokenhot_mock::MockServer;

const CHAT: &str = "/v1/chat/completions";

#[tokio::test]
async fn scripted_answers_are_served_first_in_first_out_then_the_builtin() {
    let mock = MockServer::start().await;
    let queued = script(
        mock.addr(),
        "",
        json!([
            {"json": {"first": true}},
            {"status": 503, "text": "second"},
            {"status": 429, "headers": {"retry-after": "2", "x-request-id": "gw-1"}, "json": {"error": {"message": "slow down"}}},
        ]),
    )
    .await;
    assert_eq!(queued.status, 200);
    assert_eq!(queued.json(), json!({"queued": 3}));

    let first = send(mock.addr(), "POST", CHAT, &[AUTH], &chat_body(false)).await;
    assert_eq!((first.status, first.json()), (200, json!({"first": true})));
    assert_eq!(first.header("content-type"), Some("application/json"));

    let second = send(mock.addr(), "GET", "/v1/anything", &[AUTH], b"").await;
    assert_eq!((second.status, second.text().as_str()), (503, "second"));
    assert_eq!(second.header("content-type"), Some("text/plain"));

    let third = send(mock.addr(), "POST", CHAT, &[AUTH], &chat_body(false)).await;
    assert_eq!(third.status, 429);
    assert_eq!(third.header("retry-after"), Some("2"));
    assert_eq!(
        third.header("x-request-id"),
        Some("gw-1"),
        "a scripted request id wins"
    );

    let builtin = send(mock.addr(), "POST", CHAT, &[AUTH], &chat_body(false)).await;
    assert_eq!(builtin.json()["object"], "chat.completion");
}

#[tokio::test]
async fn sse_frames_are_written_one_per_chunk() {
    let mock = MockServer::start().await;
    script(
        mock.addr(),
        "",
        json!([{"sse": [
            {"data": "one"},
            {"event": "ping", "id": "7", "data": "two\nlines", "delay_ms": 20},
            {"data": {"as": "json"}},
            {"raw": ": comment\n\n"},
        ]}]),
    )
    .await;
    let response = send(mock.addr(), "POST", CHAT, &[AUTH], b"{}").await;
    assert_eq!(response.header("content-type"), Some("text/event-stream"));
    let chunks: Vec<String> = response
        .chunks
        .unwrap()
        .into_iter()
        .map(|c| String::from_utf8(c).unwrap())
        .collect();
    assert_eq!(
        chunks,
        [
            "data: one\n\n",
            "event: ping\nid: 7\ndata: two\ndata: lines\n\n",
            "data: {\"as\":\"json\"}\n\n",
            ": comment\n\n"
        ]
    );
}

#[tokio::test]
async fn raw_base64_whole_or_in_chunks_of_a_given_size() {
    let mock = MockServer::start().await;
    // "hello, world" in base64
    script(
        mock.addr(),
        "",
        json!([
            {"raw_base64": "aGVsbG8sIHdvcmxk", "headers": {"content-type": "application/octet-stream"}},
            {"raw_base64": "aGVsbG8sIHdvcmxk", "chunk_size": 5},
        ]),
    )
    .await;
    let whole = send(mock.addr(), "GET", "/v1/videos/x/content", &[AUTH], b"").await;
    assert_eq!(whole.body, b"hello, world");
    assert_eq!(
        whole.header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(whole.header("content-length"), Some("12"));
    let chunked = send(mock.addr(), "GET", "/v1/videos/x/content", &[AUTH], b"").await;
    assert_eq!(
        chunked.chunks.unwrap(),
        [b"hello".to_vec(), b", wor".to_vec(), b"ld".to_vec()]
    );
}

#[tokio::test]
async fn sessions_never_see_each_other() {
    let mock = MockServer::start().await;
    script(mock.addr(), "a", json!([{"status": 500, "json": {}}])).await;
    let b = send(
        mock.addr(),
        "POST",
        CHAT,
        &[AUTH, ("x-mock-session", "b")],
        &chat_body(false),
    )
    .await;
    assert_eq!(b.status, 200, "session b has no script");
    let default = send(mock.addr(), "POST", CHAT, &[AUTH], &chat_body(false)).await;
    assert_eq!(default.status, 200, "the default session has no script");
    let a = send(
        mock.addr(),
        "POST",
        CHAT,
        &[AUTH, ("x-mock-session", "a")],
        &chat_body(false),
    )
    .await;
    assert_eq!(a.status, 500);
    assert_eq!(requests(mock.addr(), "a").await.len(), 1);
    assert_eq!(requests(mock.addr(), "b").await.len(), 1);
    assert_eq!(requests(mock.addr(), "").await.len(), 1);
}

#[tokio::test]
async fn the_request_log_records_what_the_client_sent() {
    let mock = MockServer::start().await;
    let session = ("x-mock-session", "log");
    send(
        mock.addr(),
        "POST",
        "/v1/chat/completions?trace=1&x=y",
        &[AUTH, session, ("X-Custom", "Value")],
        &chat_body(false),
    )
    .await;
    send(mock.addr(), "GET", "/v1/models", &[AUTH, session], b"").await;
    send(
        mock.addr(),
        "POST",
        "/v1/images/edits",
        &[AUTH, session],
        b"not json \xff",
    )
    .await;
    let log = requests(mock.addr(), "log").await;
    assert_eq!(log.len(), 3);
    let first = &log[0];
    assert_eq!(first["method"], "POST");
    assert_eq!(first["path"], "/v1/chat/completions");
    assert_eq!(first["query"], "trace=1&x=y");
    assert_eq!(first["headers"]["x-custom"], "Value");
    assert_eq!(first["headers"]["authorization"], "Bearer sk-test");
    assert_eq!(first["body"]["model"], "gpt-4o-mini");
    assert_eq!(
        first["body_text"],
        String::from_utf8(chat_body(false)).unwrap()
    );
    assert_eq!(first["outcome"], "complete");
    assert!(first["request_id"]
        .as_str()
        .unwrap()
        .starts_with("mock-req-"));
    assert_eq!(log[1]["query"], "");
    assert_eq!(log[1]["body"], Value::Null);
    assert_eq!(log[1]["body_text"], "");
    assert_eq!(log[2]["body"], Value::Null);
    assert_eq!(log[2]["body_text"], "not json \u{fffd}");
}

#[tokio::test]
async fn reset_empties_queue_and_log_of_that_session_only() {
    let mock = MockServer::start().await;
    script(mock.addr(), "x", json!([{"status": 500}, {"status": 501}])).await;
    script(mock.addr(), "y", json!([{"status": 502}])).await;
    send(
        mock.addr(),
        "GET",
        "/v1/models",
        &[AUTH, ("x-mock-session", "x")],
        b"",
    )
    .await;
    let reset = send(
        mock.addr(),
        "POST",
        "/__mock/reset",
        &[("x-mock-session", "x")],
        b"",
    )
    .await;
    assert_eq!(reset.status, 200);
    assert!(requests(mock.addr(), "x").await.is_empty());
    let after = send(
        mock.addr(),
        "GET",
        "/v1/models",
        &[AUTH, ("x-mock-session", "x")],
        b"",
    )
    .await;
    assert_eq!(after.status, 200, "the queued 501 is gone");
    let y = send(
        mock.addr(),
        "GET",
        "/v1/models",
        &[AUTH, ("x-mock-session", "y")],
        b"",
    )
    .await;
    assert_eq!(y.status, 502, "session y kept its script");
}

#[tokio::test]
async fn a_malformed_script_is_400_naming_the_field_and_queues_nothing() {
    let mock = MockServer::start().await;
    let cases = [
        (json!({"status": 200}), "answers"),
        (json!([{"status": "200"}]), "answers[0].status"),
        (json!([{}, {"status": 42}]), "answers[1].status"),
        (json!([{"statsu": 200}]), "answers[0].statsu"),
        (json!([{"headers": {"x": 1}}]), "answers[0].headers.x"),
        (
            json!([{"headers": {"bad header": "v"}}]),
            "answers[0].headers.bad header",
        ),
        (json!([{"delay_ms": -1}]), "answers[0].delay_ms"),
        (json!([{"json": {}, "text": "x"}]), "answers[0].text"),
        (json!([{"text": 5}]), "answers[0].text"),
        (json!([{"sse": [{"data": "a"}, {}]}]), "answers[0].sse[1]"),
        (
            json!([{"sse": [{"data": "a", "event": "a\nb"}]}]),
            "answers[0].sse[0].event",
        ),
        (
            json!([{"sse": [{"raw": "a", "delay_ms": "1"}]}]),
            "answers[0].sse[0].delay_ms",
        ),
        (json!([{"raw_base64": "!!"}]), "answers[0].raw_base64"),
        (
            json!([{"raw_base64": "aGk=", "chunk_size": 0}]),
            "answers[0].chunk_size",
        ),
        (json!([{"drop": "sometimes"}]), "answers[0].drop"),
        (
            json!([{"drop": "after_bytes"}]),
            "answers[0].drop_after_bytes",
        ),
        (
            json!([{"drop_after_bytes": 3}]),
            "answers[0].drop_after_bytes",
        ),
    ];
    for (body, field) in cases {
        let response = script(mock.addr(), "", body.clone()).await;
        assert_eq!(response.status, 400, "{body}");
        let error = &response.json()["error"];
        assert_eq!(error["param"], field, "{body}");
        assert!(
            error["message"].as_str().unwrap().starts_with(field),
            "{error}"
        );
    }
    let garbage = send(mock.addr(), "POST", "/__mock/script", &[], b"[{").await;
    assert_eq!(garbage.status, 400);
    let builtin = send(mock.addr(), "GET", "/v1/models", &[AUTH], b"").await;
    assert_eq!(
        builtin.status, 200,
        "no answer of a rejected script was queued"
    );
}

#[tokio::test]
async fn the_library_api_scripts_reads_and_resets_without_http() {
    let mock = MockServer::start().await;
    assert_eq!(mock.script("lib", &json!([{"status": 418}])), Ok(1));
    assert!(mock
        .script("lib", &json!([{"status": "x"}]))
        .unwrap_err()
        .contains("answers[0].status"));
    let response = send(
        mock.addr(),
        "GET",
        "/v1/models",
        &[AUTH, ("x-mock-session", "lib")],
        b"",
    )
    .await;
    assert_eq!(response.status, 418);
    assert_eq!(mock.requests("lib").as_array().unwrap().len(), 1);
    mock.reset("lib");
    assert_eq!(mock.requests("lib"), json!([]));
    assert!(mock.url().starts_with("http://127.0.0.1:"));
}
