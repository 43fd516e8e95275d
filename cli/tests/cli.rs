//! The `tokenhot` binary as a user runs it: a real process against the mock gateway on
//! loopback, stdout and stderr piped (so output must be plain), exit statuses checked.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokenhot_mock::{MockConfig, MockServer};

const KEY: &str = "sk-cli-test-key-0123456789";

fn tokenhot() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tokenhot"));
    command
        .env_remove("TOKENHOT_API_KEY")
        .env_remove("TOKENHOT_BASE_URL")
        // These tests read stderr line by line; CI's TOKENHOT_LOG=debug would add attempt lines.
        .env_remove("TOKENHOT_LOG")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost")
        .stdin(Stdio::null());
    command
}

fn connect<'a>(command: &'a mut Command, mock: &MockServer) -> &'a mut Command {
    command.args(["--base-url", &mock.url(), "--api-key", KEY])
}

fn run(command: &mut Command) -> Output {
    command.output().expect("run tokenhot")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("utf-8 output")
}

/// Piped output carries no escape codes and never the key.
fn assert_plain(output: &Output) {
    for stream in [&output.stdout, &output.stderr] {
        let s = String::from_utf8_lossy(stream);
        assert!(!s.contains('\x1b'), "escape codes in piped output: {s:?}");
        assert!(!s.contains(KEY), "the key in the output: {s:?}");
    }
}

fn sigint(child: &Child) {
    let status = Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill");
    assert!(status.success());
}

fn wait_with_deadline(child: &mut Child) -> i32 {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status.code().expect("exited, not killed by a signal");
        }
        assert!(Instant::now() < deadline, "tokenhot did not exit");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn chat_prints_the_streamed_text() {
    let mock = MockServer::start_blocking();
    let output = run(connect(tokenhot().args(["chat", "-m", "gpt-5", "Say hello"]), &mock));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), "chunk0 chunk1 chunk2\n");
    assert_eq!(text(&output.stderr), "");
    assert_plain(&output);
    let log = mock.requests("");
    assert_eq!(log[0]["path"], "/v1/chat/completions");
    assert_eq!(log[0]["body"]["stream"], true);
    assert_eq!(log[0]["body"]["messages"], json!([{"role": "user", "content": "Say hello"}]));
}

#[test]
fn chat_text_reaches_stdout_while_the_stream_is_still_open() {
    let mock = MockServer::start_blocking();
    let chunk = |text: &str| json!({"data": {"choices": [{"index": 0, "delta": {"content": text}}]}});
    let mut held = chunk(" world");
    held["delay_ms"] = json!(3000);
    mock.script("", &json!([{"sse": [chunk("Hello"), held, {"data": "[DONE]"}]}])).unwrap();
    let mut child = connect(tokenhot().args(["chat", "-m", "gpt-5", "hi"]), &mock)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut seen = [0u8; 5];
    stdout.read_exact(&mut seen).unwrap();
    assert_eq!(&seen, b"Hello");
    // The mock is still holding the rest back: the text was printed as it arrived.
    assert_eq!(mock.requests("")[0]["outcome"], "pending");
    sigint(&child);
    assert_eq!(wait_with_deadline(&mut child), 130);
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert!(!stderr.contains("Error"), "Ctrl-C is not an error: {stderr}");
}

#[test]
fn chat_json_prints_one_event_per_line_as_received() {
    let mock = MockServer::start_blocking();
    let frames = json!([
        {"data": "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}],\"x\":1}"},
        {"data": "{\"choices\":[{\"index\":0,\n\"delta\":{\"content\":\"b\"},\"finish_reason\":\"stop\"}]}"},
        {"data": "[DONE]"}
    ]);
    mock.script("", &json!([{"sse": frames}])).unwrap();
    let output = run(connect(tokenhot().args(["chat", "-m", "gpt-5", "--json", "hi"]), &mock));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    // The first as sent, byte for byte; the one sent over two data lines, compacted.
    assert_eq!(lines[0], r#"{"choices":[{"index":0,"delta":{"content":"a"}}],"x":1}"#);
    let second: Value = serde_json::from_str(lines[1]).unwrap();
    assert_eq!(second["choices"][0]["delta"]["content"], "b");
}

#[test]
fn chat_reads_the_prompt_from_stdin_and_sends_system_and_max_tokens() {
    let mock = MockServer::start_blocking();
    for prompt_arg in [None, Some("-")] {
        mock.reset("");
        let mut command = tokenhot();
        connect(command.args(["chat", "-m", "gpt-5", "--system", "Be brief", "--max-tokens", "7"]), &mock);
        command.args(prompt_arg).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = command.spawn().unwrap();
        child.stdin.take().unwrap().write_all(b"from stdin\n").unwrap();
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        let body = &mock.requests("")[0]["body"];
        assert_eq!(
            body["messages"],
            json!([{"role": "system", "content": "Be brief"}, {"role": "user", "content": "from stdin\n"}])
        );
        assert_eq!(body["max_tokens"], 7);
    }
}

#[test]
fn chat_through_gemini() {
    let mock = MockServer::start_blocking();
    let output = run(connect(
        tokenhot().args(["chat", "--api", "gemini", "-m", "gemini-2.5-flash", "--system", "S", "--max-tokens", "9", "hi"]),
        &mock,
    ));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), "chunk0 chunk1 chunk2\n");
    let log = mock.requests("");
    assert_eq!(log[0]["path"], "/v1beta/models/gemini-2.5-flash:streamGenerateContent");
    assert_eq!(log[0]["body"]["systemInstruction"], json!({"parts": [{"text": "S"}]}));
    assert_eq!(log[0]["body"]["generationConfig"]["maxOutputTokens"], 9);
}

#[test]
fn a_rejected_key_is_one_line_and_exit_1() {
    let mock = MockServer::start_blocking_with(MockConfig { api_key: Some("sk-the-only-good-key".into()) });
    for args in [&["chat", "-m", "gpt-5", "hi"][..], &["models"][..]] {
        let output = run(connect(tokenhot().args(args), &mock));
        assert_eq!(output.status.code(), Some(1));
        assert_eq!(text(&output.stdout), "");
        let stderr = text(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with("tokenhot: AuthenticationError 401 (request id mock-req-"), "{stderr}");
        assert!(stderr.contains("Invalid token"), "{stderr}");
        assert_plain(&output);
    }
}

#[test]
fn a_key_echoed_by_the_server_is_redacted() {
    let mock = MockServer::start_blocking();
    let body = json!({"error": {"message": format!("key {KEY} is over quota"), "type": "x", "code": "quota"}});
    mock.script("", &json!([{"status": 402, "json": body}])).unwrap();
    // The key from the environment this time.
    let output = run(tokenhot().args(["models", "--base-url", &mock.url()]).env("TOKENHOT_API_KEY", KEY));
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.starts_with("tokenhot: PermissionDeniedError 402"), "{stderr}");
    assert!(stderr.contains("key [redacted] is over quota"), "{stderr}");
    assert_plain(&output);
}

#[test]
fn an_error_frame_mid_stream_ends_the_text_line_then_exit_1() {
    let mock = MockServer::start_blocking();
    let frames = json!([
        {"data": {"choices": [{"index": 0, "delta": {"content": "partial"}}]}},
        {"data": {"error": {"message": "upstream overloaded", "type": "server_error", "code": "overloaded"}}}
    ]);
    mock.script("", &json!([{"sse": frames}])).unwrap();
    let output = run(connect(tokenhot().args(["chat", "-m", "gpt-5", "hi"]), &mock));
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(text(&output.stdout), "partial\n");
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("tokenhot: StreamError"), "{stderr}");
    assert!(stderr.contains("upstream overloaded"), "{stderr}");
}

#[test]
fn connection_errors_and_timeouts_exit_3() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let refused = format!("http://127.0.0.1:{port}");
    let output = run(tokenhot().args(["models", "--max-retries", "0", "--api-key", KEY, "--base-url", &refused]));
    assert_eq!(output.status.code(), Some(3));
    assert!(text(&output.stderr).starts_with("tokenhot: APIConnectionError"), "{}", text(&output.stderr));

    let mock = MockServer::start_blocking();
    mock.script("", &json!([{"delay_ms": 5000, "json": {}}])).unwrap();
    let output = run(connect(tokenhot().args(["models", "--max-retries", "0", "--timeout", "0.2"]), &mock));
    assert_eq!(output.status.code(), Some(3));
    assert!(text(&output.stderr).starts_with("tokenhot: APITimeoutError"), "{}", text(&output.stderr));
    assert_plain(&output);
}

#[test]
fn bad_arguments_exit_2() {
    let cases: &[&[&str]] = &[
        &["chat", "--bogus"],
        &["chat", "hi"],                              // no -m
        &["chat", "-m", "x", "--api", "nope", "hi"], // unknown format
        &["chat", "-m", "x", "--max-tokens", "many", "hi"],
        &["mock", "--port", "70000"],
        &["frobnicate"],
        &[],
    ];
    for args in cases {
        let output = run(tokenhot().args(*args));
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", text(&output.stderr));
        assert!(!output.stderr.is_empty(), "{args:?}");
        assert_plain(&output);
    }
    let output = run(tokenhot().args(["chat", "-m", "x", "--api-key", KEY, "-H", "no-colon", "hi"]));
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("--header"), "{}", text(&output.stderr));
    let output = run(tokenhot().args(["chat", "-m", "x", "--api-key", KEY, ""]));
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn help_on_every_subcommand() {
    for args in [&["--help"][..], &["chat", "--help"], &["models", "--help"], &["mock", "--help"], &["help", "chat"]] {
        let output = run(tokenhot().args(args));
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert!(text(&output.stdout).contains("Usage: tokenhot"), "{args:?}");
        assert_plain(&output);
    }
}

#[test]
fn models_lists_ids_one_per_line() {
    let mock = MockServer::start_blocking();
    let output = run(connect(tokenhot().arg("models"), &mock));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let ids: Vec<&str> = stdout.lines().collect();
    assert_eq!(ids[..2], ["gpt-4o-mini", "gpt-5"]);
    assert!(ids.contains(&"sora-2"));
    let output = run(connect(tokenhot().args(["models", "--json"]), &mock));
    let answer: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answer["object"], "list");
}

/// `tokenhot mock` prints its URL first, serves a chat to `tokenhot chat`, accepts only
/// its key, and stops on Ctrl-C with 130.
#[test]
fn mock_serves_until_ctrl_c() {
    let mut mock = tokenhot()
        .args(["mock", "--port", "0", "--api-key", KEY])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(mock.stdout.take().unwrap()).read_line(&mut first).unwrap();
    let url = first.trim_end().to_string();
    assert!(url.starts_with("http://127.0.0.1:") && !url.ends_with('/'), "{first:?}");

    let output = run(tokenhot().args(["chat", "-m", "gpt-5", "--base-url", &url, "--api-key", KEY, "hi"]));
    assert_eq!(text(&output.stdout), "chunk0 chunk1 chunk2\n");
    let output = run(tokenhot().args(["chat", "-m", "gpt-5", "--base-url", &url, "--api-key", "sk-some-other-key", "hi"]));
    assert_eq!(output.status.code(), Some(1));
    assert!(!text(&output.stderr).contains("sk-some-other-key"));

    sigint(&mock);
    assert_eq!(wait_with_deadline(&mut mock), 130);
    let mut stderr = String::new();
    mock.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert!(!stderr.contains(KEY));
}

#[test]
fn mock_exits_0_when_stdin_closes() {
    let mut mock = tokenhot()
        .args(["mock", "--exit-on-stdin-eof"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(mock.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.starts_with("http://127.0.0.1:"));
    drop(mock.stdin.take());
    assert_eq!(wait_with_deadline(&mut mock), 0);
}

#[test]
fn a_family_not_in_this_build_is_a_bad_argument() {
    let mock = MockServer::start_blocking();
    let output = run(connect(tokenhot().args(["chat", "--api", "responses", "-m", "gpt-5", "hi"]), &mock));
    assert_eq!(output.status.code(), Some(2));
    assert!(mock.requests("").as_array().unwrap().is_empty(), "nothing was sent");
}

/// Under a pseudo-terminal (util-linux `script`) the error line is coloured, unless
/// `NO_COLOR` is set; the status and the key rules hold there too.
#[test]
fn colour_on_a_terminal_unless_no_color() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let line = format!(
        "{} models --max-retries 0 --api-key {KEY} --base-url http://127.0.0.1:{port}",
        env!("CARGO_BIN_EXE_tokenhot")
    );
    for no_color in [None, Some("1")] {
        let mut command = Command::new("script");
        command.args(["-q", "-e", "-c", &line, "/dev/null"]).env_remove("TOKENHOT_API_KEY").env_remove("TOKENHOT_LOG").stdin(Stdio::null());
        match no_color {
            Some(value) => command.env("NO_COLOR", value),
            None => command.env_remove("NO_COLOR"),
        };
        let output = command.output().unwrap();
        let seen = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(3), "{seen}");
        assert!(seen.contains("APIConnectionError"), "{seen}");
        assert!(!seen.contains(KEY), "{seen}");
        assert_eq!(seen.contains("\x1b[1;31m"), no_color.is_none(), "NO_COLOR={no_color:?}: {seen:?}");
    }
}
