//! Video tasks against the mock's built-in video routes: both routes through their
//! states, wait (progress, failure, deadline, hints, flaky polls, cancellation) and
//! download (streamed, fallback to the vendor's host without the key, cuts, refusal).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use tokenhot::api::videos::{Route, TaskStatus, WaitOptions};
use tokenhot::{CancellationToken, Client, ErrorKind, RequestOptions};
use tokenhot_mock::MockServer;

fn client(mock: &MockServer, session: &str) -> Client {
    Client::builder().api_key("sk-video-test").base_url(mock.url()).default_header("x-mock-session", session).build().expect("client")
}

fn fast() -> WaitOptions {
    WaitOptions { deadline: Duration::from_secs(10), poll_interval: Duration::from_millis(1) }
}

fn pattern_ok(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().all(|(i, b)| *b == (i % 251) as u8)
}

#[tokio::test]
async fn sora_task_create_wait_download() {
    let mock = MockServer::start().await;
    let client = client(&mock, "v1");
    let created = client.videos().create(json!({"model": "sora-2", "prompt": "a cat", "seconds": 8, "size": "1280x720"}), &RequestOptions::new()).await.expect("create");
    assert_eq!((created.route, &created.status), (Route::Videos, &TaskStatus::Queued));
    assert_eq!(mock.requests("v1")[0]["body"]["seconds"], json!("8"));
    assert_eq!(mock.requests("v1")[0]["path"], json!("/v1/videos"));

    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let task = client
        .videos()
        .wait(created.into_inner(), &fast(), move |t| Ok(log.lock().unwrap().push((t.status.as_str().to_string(), t.progress))), &RequestOptions::new())
        .await
        .expect("wait");
    assert_eq!(task.status, TaskStatus::Completed);
    assert!(task.video_url.as_deref().is_some_and(|u| u.contains("/vendor/")), "{:?}", task.video_url);
    let seen = seen.lock().unwrap().clone();
    let want: Vec<(String, Option<u8>)> =
        [("unknown", 0), ("queued", 0), ("in_progress", 30), ("in_progress", 60), ("completed", 100)].iter().map(|(s, p)| (s.to_string(), Some(*p))).collect();
    assert_eq!(seen, want);
    assert!(mock.requests("v1").as_array().unwrap().iter().skip(1).all(|r| r["path"].as_str().unwrap().starts_with("/v1/videos/")));

    let dir = tempdir("sora");
    let path = client.videos().download(&task, &dir, None, &RequestOptions::new()).await.expect("download");
    assert_eq!(path, dir.join(format!("{}.mp4", task.id)));
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(bytes.len(), 4096);
    assert!(pattern_ok(&bytes));
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "no temporary file left");
}

#[tokio::test]
async fn seedance_envelope_progress_strings_and_url() {
    let mock = MockServer::start().await;
    let client = client(&mock, "v2");
    let body = json!({"model": "doubao-seedance-2-0-260128", "content": [{"type": "text", "text": "waves"}], "ratio": "16:9", "duration": 5});
    let created = client.videos().create(body.clone(), &RequestOptions::new()).await.expect("create");
    assert_eq!(created.route, Route::Generations);
    let sent = &mock.requests("v2")[0];
    assert_eq!((&sent["path"], &sent["body"]), (&json!("/v1/video/generations"), &body));
    let options = RequestOptions::new();
    let first = client.videos().retrieve(created.id.as_str(), None, &options).await.expect("poll");
    assert_eq!((first.status.clone(), first.progress), (TaskStatus::Queued, Some(0)));
    assert_eq!(first.raw["data"]["status"], json!("NOT_START"));
    let _ = client.videos().retrieve(created.id.as_str(), None, &options).await.expect("poll");
    let third = client.videos().retrieve(created.id.as_str(), None, &options).await.expect("poll");
    assert_eq!((third.status.clone(), third.progress, third.raw["data"]["progress"].clone()), (TaskStatus::InProgress, Some(30), json!("30%")));
    let done = client.videos().wait(created.id.as_str(), &fast(), |_| Ok(()), &options).await.expect("wait");
    assert_eq!(done.video_url, done.raw["data"]["result_url"].as_str().map(str::to_string));
}

#[tokio::test]
async fn missing_task_is_not_found() {
    let mock = MockServer::start().await;
    let client = client(&mock, "v3");
    let e = client.videos().retrieve("task_nope", None, &RequestOptions::new()).await.unwrap_err();
    assert_eq!((e.kind(), e.status()), (ErrorKind::NotFound, Some(400)));
}

#[tokio::test]
async fn failed_task_raises_with_the_task() {
    let mock = MockServer::start().await;
    let client = client(&mock, "v4");
    let options = RequestOptions::new().header("x-mock-video-fail", "1");
    let created = client.videos().create(json!({"model": "sora-2", "prompt": "x"}), &options).await.expect("create");
    let e = client.videos().wait(created.into_inner(), &fast(), |_| Ok(()), &RequestOptions::new()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TaskFailed);
    assert_eq!(e.code(), Some(&json!("content_policy_violation")));
    let task = e.task().expect("task");
    assert_eq!(task.status, TaskStatus::Failed);
    assert_eq!(task.error.as_ref().and_then(|e| e.message.as_deref()), Some("the prompt was refused by the vendor"));
}

#[tokio::test]
async fn deadline_gives_a_timeout_with_the_last_task_and_hints_are_honoured() {
    let mock = MockServer::start().await;
    let client = client(&mock, "v5");
    let options = RequestOptions::new().header("x-mock-video-poll-after-ms", "1500");
    let created = client.videos().create(json!({"model": "sora-2", "prompt": "x"}), &options).await.expect("create");
    let wait = WaitOptions { deadline: Duration::from_millis(800), poll_interval: Duration::from_millis(1) };
    let e = client.videos().wait(created.id.as_str(), &wait, |_| Ok(()), &RequestOptions::new()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout);
    assert_eq!(e.task().map(|t| t.status.as_str()), Some("queued"));
    // The hint (1.5 s) won over the 1 ms interval: one poll only within the deadline.
    assert_eq!(mock.requests("v5").as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_flaky_poll_is_ridden_out_and_a_callback_error_ends_the_wait() {
    let mock = MockServer::start().await;
    let client = client(&mock, "v6");
    let created = client.videos().create(json!({"model": "sora-2", "prompt": "x"}), &RequestOptions::new()).await.expect("create");
    mock.script("v6", &json!([{"status": 503, "json": {"error": {"message": "busy"}}}])).unwrap();
    let no_retries = RequestOptions::new().max_retries(0);
    let task = client.videos().wait(created.id.as_str(), &fast(), |_| Ok(()), &no_retries).await.expect("wait");
    assert_eq!(task.status, TaskStatus::Completed);
    let created = client.videos().create(json!({"model": "sora-2", "prompt": "x"}), &RequestOptions::new()).await.expect("create");
    mock.script("v6", &json!([{"status": 401, "json": {"error": {"message": "no"}}}])).unwrap();
    let e = client.videos().wait(created.id.as_str(), &fast(), |_| Ok(()), &no_retries).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Authentication);
    let e = client.videos().wait(created.id.as_str(), &fast(), |_| Err(tokenhot::Error::internal("stop")), &no_retries).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Internal);
}

#[tokio::test]
async fn cancelling_stops_a_wait_between_polls() {
    let mock = MockServer::start().await;
    let client = client(&mock, "v7");
    let created = client.videos().create(json!({"model": "sora-2", "prompt": "x"}), &RequestOptions::new()).await.expect("create");
    let token = CancellationToken::new();
    let options = RequestOptions::new().cancel_token(token.clone());
    let slow = WaitOptions { deadline: Duration::from_secs(60), poll_interval: Duration::from_secs(30) };
    let started = std::time::Instant::now();
    let cancel = async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        token.cancel();
    };
    let videos = client.videos();
    let (result, ()) = tokio::join!(videos.wait(created.id.as_str(), &slow, |_| Ok(()), &options), cancel);
    assert_eq!(result.unwrap_err().kind(), ErrorKind::Cancelled);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn download_falls_back_to_the_vendor_without_the_key() {
    let mock = MockServer::start().await;
    let client = client(&mock, "v8");
    for (header, value) in [("x-mock-video-content-status", "502"), ("x-mock-video-cut-after", "100000")] {
        let options = RequestOptions::new().header(header, value).header("x-mock-video-bytes", "300000");
        let created = client.videos().create(json!({"model": "sora-2", "prompt": "x"}), &options).await.expect("create");
        let task = client.videos().wait(created.into_inner(), &fast(), |_| Ok(()), &RequestOptions::new()).await.expect("wait");
        let dir = tempdir(&format!("fallback-{value}"));
        let progress = Arc::new(Mutex::new(Vec::new()));
        let sink = progress.clone();
        let report: tokenhot::api::videos::ProgressFn = Box::new(move |done, total| sink.lock().unwrap().push((done, total)));
        let path = client.videos().download(&task, dir.join("out.mp4"), Some(report), &RequestOptions::new().max_retries(0)).await.expect("download");
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(bytes.len(), 300_000);
        assert!(pattern_ok(&bytes));
        assert_eq!(progress.lock().unwrap().last(), Some(&(300_000, Some(300_000))));
    }
}

#[tokio::test]
async fn a_cut_without_a_vendor_link_fails_and_leaves_no_file() {
    let mock = MockServer::start().await;
    let client = client(&mock, "v9");
    let options = RequestOptions::new().header("x-mock-video-cut-after", "1000").header("x-mock-video-url", "none");
    let created = client.videos().create(json!({"model": "sora-2", "prompt": "x"}), &options).await.expect("create");
    let task = client.videos().wait(created.into_inner(), &fast(), |_| Ok(()), &RequestOptions::new()).await.expect("wait");
    let dir = tempdir("cut");
    let e = client.videos().download(&task, dir.join("out.mp4"), None, &RequestOptions::new()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Connection, "{e}");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
}

#[tokio::test]
async fn an_unfinished_task_is_refused_before_any_download() {
    let mock = MockServer::start().await;
    let client = client(&mock, "v10");
    let created = client.videos().create(json!({"model": "sora-2", "prompt": "x"}), &RequestOptions::new()).await.expect("create");
    let e = client.videos().download(created.into_inner(), tempdir("refuse"), None, &RequestOptions::new()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    assert_eq!(mock.requests("v10").as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_large_download_keeps_memory_bounded() {
    let mock = MockServer::start().await;
    let client = client(&mock, "v11");
    let size: u64 = 256 << 20;
    let options = RequestOptions::new().header("x-mock-video-bytes", size.to_string()).header("x-mock-video-url", "none");
    let created = client.videos().create(json!({"model": "sora-2", "prompt": "x"}), &options).await.expect("create");
    let task = client.videos().wait(created.into_inner(), &fast(), |_| Ok(()), &RequestOptions::new()).await.expect("wait");
    let before = rss_kib();
    let dir = tempdir("large");
    let path = client.videos().download(&task, dir.join("big.mp4"), None, &RequestOptions::new()).await.expect("download");
    let grown_mib = (rss_kib() - before) / 1024;
    assert_eq!(std::fs::metadata(&path).unwrap().len(), size);
    assert!(grown_mib < 64, "RSS grew by {grown_mib} MiB");
    std::fs::remove_file(path).unwrap();
}

fn rss_kib() -> i64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok()).unwrap_or(0)
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tokenhot-videos-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Rust's cancellation is dropping the future: a wait dropped while it sleeps between
/// polls sends nothing more, and a download dropped midway leaves no file behind (not
/// even its temporary one).
#[tokio::test]
async fn dropping_a_wait_or_a_download_stops_it_and_leaves_nothing() {
    let mock = MockServer::start().await;
    let client = client(&mock, "v12");
    let created = client.videos().create(json!({"model": "sora-2", "prompt": "x"}), &RequestOptions::new()).await.expect("create");
    let slow = WaitOptions { deadline: Duration::from_secs(60), poll_interval: Duration::from_secs(30) };
    let first_poll = Arc::new(tokio::sync::Notify::new());
    let seen = first_poll.clone();
    let (videos, plain) = (client.videos(), RequestOptions::new());
    let wait = videos.wait(created.id.as_str(), &slow, move |_| Ok(seen.notify_one()), &plain);
    tokio::select! {
        biased;
        _ = first_poll.notified() => {}
        _ = wait => panic!("the wait ended on its own"),
    }
    // The wait is dropped now; a second wait sees the task where the first left it.
    assert_eq!(mock.requests("v12").as_array().map(Vec::len), Some(2));
    let next = client.videos().retrieve(created.id.as_str(), Some(Route::Videos), &RequestOptions::new()).await.expect("retrieve");
    assert_eq!(next.status, TaskStatus::Queued);

    let options = RequestOptions::new().header("x-mock-video-bytes", "67108864");
    let created = client.videos().create(json!({"model": "sora-2", "prompt": "x"}), &options).await.expect("create");
    let task = client.videos().wait(created.into_inner(), &fast(), |_| Ok(()), &RequestOptions::new()).await.expect("wait");
    let dir = tempdir("dropped");
    let started = Arc::new(tokio::sync::Notify::new());
    let signal = started.clone();
    let report: tokenhot::api::videos::ProgressFn = Box::new(move |_, _| signal.notify_one());
    let download = videos.download(&task, dir.join("out.mp4"), Some(report), &plain);
    tokio::select! {
        biased;
        _ = started.notified() => {}
        _ = download => panic!("a 64 MiB download finished before its first progress report was seen"),
    }
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "a dropped download left a file");
}
