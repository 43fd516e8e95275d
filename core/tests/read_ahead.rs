//! `tokenhot::read_ahead`, the event pump both bindings read streams through, against
//! the mock gateway over real sockets.

use std::time::Duration;

use serde_json::{json, Value};
use tokenhot::read_ahead::{self, Events, ReadAhead};
use tokenhot::{ChatStream, Client, ErrorKind, RequestOptions};
use tokenhot_mock::MockServer;

mod common;
use common::wait_for_outcome;

fn client(mock: &MockServer, session: &str) -> Client {
    Client::builder()
        .api_key("sk-test")
        .base_url(mock.url())
        .default_header("x-mock-session", session)
        .max_retries(0)
        .build()
        .expect("client")
}

async fn open(client: &Client, chunks: usize) -> ChatStream {
    let body = json!({"model": "gpt-5.2", "messages": [{"role": "user", "content": "hi"}], "stream": true});
    let options = RequestOptions::new().header("x-mock-chunks", chunks.to_string());
    client.chat().completions().stream_raw(body, &options).await.expect("stream")
}

/// Every event the read-ahead hands out, until its end (or error).
async fn drain(reader: &ReadAhead) -> (Vec<Value>, tokenhot::Result<()>) {
    let mut events = Vec::new();
    loop {
        match reader.next_batch().await {
            Ok(Some(Events { events: batch, .. })) => events.extend(batch.iter().map(|e| e.json().expect("JSON"))),
            Ok(None) => return (events, Ok(())),
            Err(e) => return (events, Err(e)),
        }
    }
}

/// Reading ahead a stream that sends one event, then nothing for a minute.
async fn one_event_then_a_minute(mock: &MockServer, session: &str) -> ReadAhead {
    let event = |text: &str| json!({"data": {"id": "c", "choices": [{"index": 0, "delta": {"content": text}}]}});
    let late = json!({"delay_ms": 60000, "data": event("b")["data"]});
    mock.script(session, &json!([{"sse": [event("a"), late]}])).expect("script");
    read_ahead::start(open(&client(mock, session), 1).await)
}

fn content(events: &[Value]) -> String {
    events.iter().filter_map(|e| e["choices"][0]["delta"]["content"].as_str()).collect()
}

#[tokio::test]
async fn what_arrived_while_nobody_read_is_taken_at_once_in_one_batch() {
    let mock = MockServer::start().await;
    let client = client(&mock, "one-batch");
    let reader = read_ahead::start(open(&client, 40).await);
    // The pump stops at the end of the stream, with nobody reading meanwhile.
    reader.finished().await;
    let Some(Ok(Some(batch))) = reader.try_take() else { panic!("a ready batch") };
    assert_eq!(batch.events.len(), 42, "the role chunk, 40 words and the finish chunk");
    assert!(matches!(reader.try_take(), Some(Ok(None))), "then the end, at once");
    assert!(matches!(reader.try_take(), Some(Ok(None))), "and again");
    let events: Vec<Value> = batch.events.iter().map(|e| e.json().expect("JSON")).collect();
    let words: Vec<String> = (0..40).map(|i| format!("chunk{i}")).collect();
    assert_eq!(content(&events), words.join(" "));
    let done = reader.final_raw().await.expect("final");
    assert_eq!(done["choices"][0]["message"]["content"], words.join(" "));
    assert_eq!(reader.final_raw().await.expect("final, again"), done);
    assert!(reader.head().request_id.as_deref().is_some_and(|id| id.starts_with("mock-req-")));
}

#[tokio::test]
async fn a_read_with_nothing_buffered_waits_and_close_ends_it_cleanly() {
    let mock = MockServer::start().await;
    let reader = one_event_then_a_minute(&mock, "slow").await;
    let first = reader.next_batch().await.expect("batch").expect("events");
    assert_eq!(first.events.len(), 1);
    assert!(reader.try_take().is_none(), "nothing buffered: a read must wait");
    let waiting = tokio::spawn({
        let reader = reader.clone();
        async move { reader.next_batch().await }
    });
    reader.close();
    assert!(reader.is_closed());
    let answer = tokio::time::timeout(Duration::from_secs(10), waiting).await.expect("woken").expect("task");
    assert!(matches!(answer, Ok(None)), "a read cut short by close() is a clean end");
    wait_for_outcome(&mock, "slow", "client_closed").await;
    // The pump stopped and closed the stream, so its final result is refused.
    let refused = reader.final_raw().await.expect_err("closed early");
    assert_eq!(refused.kind(), ErrorKind::Stream);
    assert!(refused.to_string().contains("closed before it ended"), "{refused}");
}

#[tokio::test]
async fn dropping_every_handle_stops_the_pump_and_closes_the_connection() {
    let mock = MockServer::start().await;
    let reader = one_event_then_a_minute(&mock, "dropped").await;
    let copy = reader.clone();
    reader.next_batch().await.expect("batch").expect("events");
    drop(reader);
    drop(copy);
    wait_for_outcome(&mock, "dropped", "client_closed").await;
}

#[tokio::test]
async fn the_head_is_the_answer_that_ended_the_stream_even_without_events() {
    let mock = MockServer::start().await;
    let frame = |kind: &str| json!({"data": json!({"error": {"message": kind, "type": kind, "code": null}}).to_string()});
    mock.script(
        "retried",
        &json!([
            {"headers": {"x-request-id": "req-first"}, "sse": [frame("overloaded_error")]},
            {"headers": {"x-request-id": "req-second"}, "sse": [frame("invalid_request_error")]},
        ]),
    )
    .expect("script");
    let client = Client::builder()
        .api_key("sk-test")
        .base_url(mock.url())
        .default_header("x-mock-session", "retried")
        .max_retries(1)
        .build()
        .expect("client");
    let reader = read_ahead::start(open(&client, 1).await);
    assert_eq!(reader.head().request_id.as_deref(), Some("req-first"));
    let (events, end) = drain(&reader).await;
    assert!(events.is_empty());
    let error = end.expect_err("the second answer's error frame");
    assert_eq!(error.request_id(), Some("req-second"));
    assert_eq!(reader.head().request_id.as_deref(), Some("req-second"), "the retry's head, not the first one's");
}

#[tokio::test]
async fn an_error_comes_after_the_events_before_it() {
    let mock = MockServer::start().await;
    mock.script(
        "cut",
        &json!([{"sse": [
            {"data": {"id": "c", "choices": [{"index": 0, "delta": {"content": "a"}}]}},
            {"data": "not json"},
        ]}]),
    )
    .expect("script");
    let client = client(&mock, "cut");
    let reader = read_ahead::start(open(&client, 1).await);
    let (events, end) = drain(&reader).await;
    assert_eq!(content(&events), "a");
    let error = end.expect_err("the unreadable event fails the stream");
    assert_eq!(error.kind(), ErrorKind::Stream);
    assert!(error.to_string().contains("not valid JSON"), "{error}");
    assert!(matches!(reader.try_take(), Some(Ok(None))), "the error is handed out once");
    assert_eq!(reader.final_raw().await.expect_err("no final result").kind(), ErrorKind::Stream);
}

#[tokio::test]
async fn a_consumer_that_does_not_read_holds_the_pump_back_and_loses_nothing() {
    const CHUNKS: usize = 20_000; // about 4.6 MB of events
    let mock = MockServer::start().await;
    let client = client(&mock, "backpressure");
    let reader = read_ahead::start(open(&client, CHUNKS).await);
    // Without backpressure the pump reads all of it (loopback: well under a second).
    let ran_to_the_end = tokio::time::timeout(Duration::from_secs(2), reader.finished()).await.is_ok();
    assert!(!ran_to_the_end, "the pump waits for the consumer once 1 MiB is buffered");
    let Some(Ok(Some(first))) = reader.try_take() else { panic!("a ready batch") };
    let bytes: usize = first.events.iter().map(|e| e.data.len()).sum();
    // The pump checks for room before each read of the stream, so it may go past the
    // limit by one read's events; far from the whole stream.
    assert!(bytes >= 1 << 20 && first.events.len() < CHUNKS / 2, "about 1 MiB buffered, got {bytes} bytes");
    let mut events: Vec<Value> = first.events.iter().map(|e| e.json().expect("JSON")).collect();
    let (rest, end) = drain(&reader).await;
    end.expect("clean end");
    events.extend(rest);
    assert_eq!(events.len(), CHUNKS + 2, "every event, in order");
    let words: Vec<String> = (0..CHUNKS).map(|i| format!("chunk{i}")).collect();
    assert_eq!(content(&events), words.join(" "));
}

#[tokio::test]
async fn the_final_result_reads_past_a_full_buffer_to_the_end() {
    let mock = MockServer::start().await;
    let client = client(&mock, "final");
    let reader = read_ahead::start(open(&client, 20_000).await);
    // Without taking anything: the final result stops keeping events, so the pump no
    // longer waits for room.
    let done = reader.final_raw().await.expect("final");
    let text = done["choices"][0]["message"]["content"].as_str().expect("content");
    assert!(text.starts_with("chunk0 chunk1 ") && text.ends_with(" chunk19999"));
    assert!(matches!(reader.try_take(), Some(Ok(None))), "no events were kept");
}
