//! Runs every conformance vector in tests/vectors/ through the public Rust API against
//! the mock gateway (format: tests/vectors/README.md). Its own harness, so it can print
//! the closing line `vectors: N passed, N failed`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine;
use serde_json::{json, Map, Value};
use tokenhot::api::media::FileInput;
use tokenhot::{Client, Error, RequestOptions};
use tokenhot_mock::MockServer;

#[path = "vector_ops/videos.rs"]
mod videos;

fn main() {
    // A vector that expects "no key at all" must not find one in the environment.
    std::env::remove_var("TOKENHOT_API_KEY");
    std::env::remove_var("TOKENHOT_BASE_URL");
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let (passed, failed) = runtime.block_on(run_all(filter));
    println!("vectors: {passed} passed, {failed} failed");
    if failed > 0 || passed == 0 {
        std::process::exit(1);
    }
}

async fn run_all(filter: Option<String>) -> (usize, usize) {
    let mock = std::sync::Arc::new(MockServer::start().await);
    let mut cases = Vec::new();
    collect_cases(&repo_root().join("tests/vectors"), &mut cases);
    cases.sort();
    let mut tasks = Vec::new();
    // Bounded: all 350-odd cases at once on one mock made connects and first bytes wait
    // a second or more, and the cases that time a call (a 1 s per-attempt timeout) failed.
    let gate = std::sync::Arc::new(tokio::sync::Semaphore::new(32));
    for path in cases {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read vector"))
            .unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()));
        let name = case["name"].as_str().unwrap_or("?").to_string();
        if filter.as_ref().is_some_and(|f| !name.contains(f.as_str())) {
            continue;
        }
        let url = mock.url();
        let mock_handle = mock.clone();
        let gate = gate.clone();
        tasks.push(tokio::spawn(async move {
            let _turn = gate.acquire_owned().await.expect("vector gate");
            let outcome = run_case(&case, &url, &mock_handle).await;
            (name, outcome)
        }));
    }
    let (mut passed, mut failed) = (0, 0);
    for task in tasks {
        let (name, outcome) = task.await.expect("vector task");
        match outcome {
            Ok(()) => passed += 1,
            Err(why) => {
                failed += 1;
                println!("FAILED {name}: {why}");
            }
        }
    }
    (passed, failed)
}

fn collect_cases(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("tests/vectors") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            collect_cases(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("repo root").to_path_buf()
}

/// The recorded streams `sse_fixture` names (tests/fixtures/README.md).
fn streams_dir() -> PathBuf {
    repo_root().join("tests/fixtures/streams")
}

async fn run_case(case: &Value, mock_url: &str, mock: &MockServer) -> Result<(), String> {
    let session = format!("rust-{}-{}", case["name"].as_str().unwrap_or("case"), fastrand::u64(..));
    let script = resolve_script(case.get("script").cloned().unwrap_or(json!([])), mock_url)?;
    mock.script(&session, &script)?;
    let client = build_client(case.get("client"), mock_url, &session)?;
    let call = &case["call"];
    let options = request_options(call.get("options"))?;
    let args = call.get("args").cloned().unwrap_or(json!({}));
    let expect = &case["expect"];
    let completions = client.chat().completions();
    let gemini = client.gemini();
    let model = args.get("model").and_then(Value::as_str).unwrap_or("").to_string();
    let without_model = |mut body: Value| {
        if let Some(map) = body.as_object_mut() {
            map.remove("model");
        }
        body
    };
    match call["op"].as_str() {
        Some("chat.completions.create") => {
            let result = completions.create_raw(args, &options).await;
            check_plain(expect, result.map(|r| (r.request_id().map(str::to_string), r.into_inner())))?;
        }
        Some("models.list") => {
            let result = client.models().list(&options).await;
            check_plain(expect, result.map(|r| (r.request_id().map(str::to_string), r.into_inner())))?;
        }
        Some("gemini.generate_content") => {
            let result = gemini.generate_content_raw(&model, without_model(args), &options).await;
            let value = result.as_ref().ok().map(|r| (**r).clone());
            check_plain(expect, result.map(|r| (r.request_id().map(str::to_string), r.into_inner())))?;
            if let (Some(want), Some(value)) = (expect.get("helpers"), value) {
                matches(want, &gemini_helpers(&value)?, "helpers")?;
            }
        }
        Some("chat.completions.stream") => match completions.stream_raw(args, &options).await {
            Err(e) => expect_error(expect, &e)?,
            Ok(mut stream) => run_stream(expect, &mut stream).await?,
        },
        Some("gemini.stream_generate_content") => {
            match gemini.stream_generate_content_raw(&model, without_model(args), &options).await {
                Err(e) => expect_error(expect, &e)?,
                Ok(mut stream) => run_stream(expect, &mut stream).await?,
            }
        }
        Some("messages.create") => {
            let result = client.messages().create_raw(args, &options).await;
            let value = result.as_ref().ok().map(|r| (**r).clone());
            check_plain(expect, result.map(|r| (r.request_id().map(str::to_string), r.into_inner())))?;
            if let (Some(want), Some(value)) = (expect.get("helpers"), value) {
                matches(want, &messages_helpers(&value), "helpers")?;
            }
        }
        Some("messages.count_tokens") => {
            let result = client.messages().count_tokens_raw(args, &options).await;
            check_plain(expect, result.map(|r| (r.request_id().map(str::to_string), r.into_inner())))?;
        }
        Some("messages.stream") => match client.messages().stream_raw(args, &options).await {
            Err(e) => expect_error(expect, &e)?,
            Ok(mut stream) => run_stream(expect, &mut stream).await?,
        },
        Some("images.generate") => {
            let result = client.images().generate_raw(args, &options).await;
            check_plain(expect, result.map(|r| (r.request_id().map(str::to_string), r.into_inner())))?;
        }
        Some("images.generate_stream") => match client.images().generate_stream_raw(args, &options).await {
            Err(e) => expect_error(expect, &e)?,
            Ok(mut stream) => run_stream(expect, &mut stream).await?,
        },
        Some(op @ ("images.edit" | "images.edit_stream")) => {
            let edit = match edit_args(args) {
                Ok(edit) => edit,
                Err(e) => {
                    expect_error(expect, &e)?;
                    return check_requests(expect, mock, &session);
                }
            };
            let (fields, image, mask) = edit;
            if op == "images.edit" {
                let result = client.images().edit_raw(fields, image, mask, &options).await;
                check_plain(expect, result.map(|r| (r.request_id().map(str::to_string), r.into_inner())))?;
            } else {
                match client.images().edit_stream_raw(fields, image, mask, &options).await {
                    Err(e) => expect_error(expect, &e)?,
                    Ok(mut stream) => run_stream(expect, &mut stream).await?,
                }
            }
        }
        Some(op @ ("images.save" | "images.fetch")) => {
            let generated = client.images().generate_raw(args, &options).await.map_err(|e| format!("generate failed: {e}"))?.into_inner();
            let save = call.get("save").cloned().unwrap_or(json!({}));
            let target = match save.get("item").and_then(Value::as_u64) {
                Some(i) => generated["data"][i as usize].clone(),
                None => generated,
            };
            if op == "images.fetch" {
                match client.images().fetch_raw(&target, None, &options).await {
                    Ok((bytes, mime)) => {
                        let want = expect.get("fetched").ok_or_else(|| format!("fetched {mime}, the vector expects an error"))?;
                        let (width, height) = png_size(&bytes);
                        matches(want, &json!({"mime_type": mime, "size": bytes.len(), "width": width, "height": height}), "fetched")?;
                    }
                    Err(e) => expect_error(expect, &e)?,
                }
            } else {
                let dir = std::env::temp_dir().join(format!("tokenhot-vector-{}", fastrand::u64(..)));
                std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
                let path = dir.join(save["path"].as_str().unwrap_or("out"));
                match client.images().save_raw(&target, &path, &options).await {
                    Ok(paths) => {
                        let want = expect.get("saved").ok_or_else(|| format!("saved {paths:?}, the vector expects an error"))?;
                        let saved: Vec<Value> = paths
                            .iter()
                            .map(|p| {
                                let (width, height) = png_size(&std::fs::read(p).unwrap_or_default());
                                json!({"path": relative(&dir, p), "width": width, "height": height})
                            })
                            .collect();
                        matches(want, &Value::Array(saved), "saved")?;
                    }
                    Err(e) => expect_error(expect, &e)?,
                }
                if let Some(want) = expect.get("files") {
                    let mut files = Vec::new();
                    list_files(&dir, &dir, &mut files);
                    files.sort();
                    matches(want, &json!(files), "files")?;
                }
                let _ = std::fs::remove_dir_all(&dir);
            }
        }
        Some(op) if videos::OPS.contains(&op) => videos::run(&client, op, &args, &options, expect, matches, expect_error).await?,
        Some("responses.create") => {
            let result = client.responses().create_raw(args, &options).await;
            let value = result.as_ref().ok().map(|r| (**r).clone());
            check_plain(expect, result.map(|r| (r.request_id().map(str::to_string), r.into_inner())))?;
            if let (Some(want), Some(value)) = (expect.get("helpers"), value) {
                matches(want, &responses_helpers(&value), "helpers")?;
            }
        }
        Some("responses.stream") => match client.responses().stream_raw(args, &options).await {
            Err(e) => expect_error(expect, &e)?,
            Ok(mut stream) => run_stream(expect, &mut stream).await?,
        },
        Some(op @ ("responses.retrieve" | "responses.cancel" | "responses.delete")) => {
            let id = args.get("id").and_then(Value::as_str).unwrap_or("").to_string();
            let responses = client.responses();
            let result = match op {
                "responses.retrieve" => responses.retrieve_raw(&id, &options).await,
                "responses.cancel" => responses.cancel_raw(&id, &options).await,
                _ => responses.delete_raw(&id, &options).await,
            };
            // `delete` returns nothing in every language.
            let nothing = op == "responses.delete";
            check_plain(expect, result.map(|r| (r.request_id().map(str::to_string), if nothing { Value::Null } else { r.into_inner() })))?;
        }
        other => return Err(format!("unknown op {other:?}")),
    }
    check_requests(expect, mock, &session)
}

fn check_requests(expect: &Value, mock: &MockServer, session: &str) -> Result<(), String> {
    if let Some(want) = expect.get("requests") {
        let got = received(mock.requests(session));
        matches(want, &got, "requests")?;
    }
    Ok(())
}

/// The files the images vectors upload (tests/vectors/images/files/).
fn image_files_dir() -> PathBuf {
    repo_root().join("tests/vectors/images/files")
}

/// An edit's arguments: text fields, and `image` / `mask` as file specs
/// (tests/vectors/README.md, Images).
type EditArgs = (Map<String, Value>, Vec<FileInput>, Option<FileInput>);

fn edit_args(args: Value) -> Result<EditArgs, Error> {
    let mut fields = args.as_object().cloned().unwrap_or_default();
    let files = |spec: Option<Value>| -> Vec<FileInput> {
        match spec {
            None => vec![],
            Some(Value::Array(list)) => list.iter().map(file_input).collect(),
            Some(one) => vec![file_input(&one)],
        }
    };
    let image = files(fields.shift_remove("image"));
    let mask = tokenhot::api::images::one_mask(files(fields.shift_remove("mask")))?;
    Ok((fields, image, mask))
}

fn file_input(spec: &Value) -> FileInput {
    let dir = image_files_dir();
    let read = |name: &Value| std::fs::read(dir.join(name.as_str().unwrap_or(""))).expect("vector file");
    if let Some(name) = spec.get("$file") {
        FileInput::path(dir.join(name.as_str().unwrap_or("")))
    } else if let Some(name) = spec.get("$bytes") {
        FileInput::bytes(read(name))
    } else if spec.get("$directory").is_some() {
        FileInput::path(dir)
    } else if let Some(Value::Array(named)) = spec.get("$named") {
        let data = read(&named[1]["$bytes"]);
        let input = FileInput::named(named[0].as_str().unwrap_or(""), data);
        match named.get(2).and_then(Value::as_str) {
            Some(mime) => input.with_mime_type(mime),
            None => input,
        }
    } else {
        panic!("not a file spec: {spec}")
    }
}

/// A PNG's width and height, or nulls for anything else.
fn png_size(bytes: &[u8]) -> (Value, Value) {
    if bytes.len() >= 24 && bytes.starts_with(b"\x89PNG") {
        let side = |at: usize| json!(u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]));
        return (side(16), side(20));
    }
    (Value::Null, Value::Null)
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn list_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            list_files(root, &path, out);
        } else {
            out.push(relative(root, &path));
        }
    }
}

fn check_plain(expect: &Value, result: Result<(Option<String>, Value), Error>) -> Result<(), String> {
    match result {
        Ok((request_id, value)) => {
            if expect.get("error").is_some() {
                return Err(format!("succeeded with {value}, but the vector expects an error"));
            }
            if let Some(want) = expect.get("result") {
                matches(want, &value, "result")?;
            }
            if let Some(id) = expect.get("request_id") {
                matches(id, &json!(request_id), "request_id")?;
            }
            Ok(())
        }
        Err(e) => expect_error(expect, &e),
    }
}

async fn run_stream<A: tokenhot::stream::Accumulate>(
    expect: &Value,
    stream: &mut tokenhot::AccumulatingStream<A>,
) -> Result<(), String> {
    let want = expect.get("stream").ok_or_else(|| "the stream opened, but the vector expects no stream".to_string())?;
    let mut chunks = Vec::new();
    let mut iteration_error = None;
    loop {
        match stream.next_batch().await {
            Ok(Some(batch)) => {
                for event in batch {
                    chunks.push(event.json().map_err(|e| e.to_string())?);
                }
            }
            Ok(None) => break,
            Err(e) => {
                iteration_error = Some(e);
                break;
            }
        }
    }
    if let Some(expected) = want.get("chunks") {
        matches(expected, &Value::Array(chunks.clone()), "chunks")?;
    }
    if let Some(count) = want.get("chunk_count") {
        matches(count, &json!(chunks.len()), "chunk_count")?;
    }
    match (want.get("error"), iteration_error) {
        (Some(expected), Some(e)) => matches(expected, &canonical_error(&e), "stream error")?,
        (Some(_), None) => return Err("the stream ended without the expected error".into()),
        (None, Some(e)) => return Err(format!("the stream failed: {e}")),
        (None, None) => {}
    }
    if want.get("final").is_some() || want.get("helpers").is_some() {
        let done = stream.final_raw().await.map_err(|e| format!("the final result failed: {e}"))?;
        if let Some(expected) = want.get("final") {
            matches(expected, &done, "final")?;
        }
        if let Some(expected) = want.get("helpers") {
            // Only Responses results have `output_text`; the others are Gemini's.
            let helpers = if A::FINAL == "Message" { messages_helpers(&done) } else if expected.get("output_text").is_some() { responses_helpers(&done) } else { gemini_helpers(&done)? };
            matches(expected, &helpers, "helpers")?;
        }
    }
    if let Some(expected) = want.get("final_error") {
        match stream.final_raw().await {
            Ok(v) => return Err(format!("the final result succeeded with {v}, expected an error")),
            Err(e) => matches(expected, &canonical_error(&e), "final_error")?,
        }
    }
    Ok(())
}

/// What the Messages helpers say about a message: `text`.
fn messages_helpers(message: &Value) -> Value {
    json!({ "text": tokenhot::api::messages::message_text(message) })
}

/// What the Responses helper says about a response.
fn responses_helpers(response: &Value) -> Value {
    json!({ "output_text": tokenhot::api::responses::output_text(response) })
}

/// What the Gemini helpers say about a response, in the vectors' canonical spelling.
fn gemini_helpers(response: &Value) -> Result<Value, String> {
    use tokenhot::api::gemini::helpers as h;
    let images = h::images(response).map_err(|e| format!("images(): {e}"))?;
    Ok(json!({
        "text": h::text(response),
        "thought_text": h::thought_text(response),
        "function_calls": h::function_calls(response),
        "images": images.iter().map(|(bytes, mime)| json!({"mime_type": mime, "size": bytes.len()})).collect::<Vec<_>>(),
    }))
}

fn expect_error(expect: &Value, e: &Error) -> Result<(), String> {
    let want = expect.get("error").ok_or_else(|| format!("failed with {e}, but the vector expects success"))?;
    matches(want, &canonical_error(e), "error")
}

/// The error in the vectors' canonical spelling.
fn canonical_error(e: &Error) -> Value {
    json!({
        "class": e.kind().class_name(),
        "status": e.status(),
        "code": e.code(),
        "type": e.error_type(),
        "param": e.param(),
        "request_id": e.request_id(),
        "attempts": e.attempts(),
        "message_contains": e.message(),
        "body": e.body(),
        "task": e.task().map(videos::task_view),
    })
}

fn build_client(spec: Option<&Value>, mock_url: &str, session: &str) -> Result<Client, String> {
    let empty = json!({});
    let spec = spec.unwrap_or(&empty);
    let suffix = spec.get("base_url_suffix").and_then(Value::as_str).unwrap_or("");
    let mut builder = Client::builder().base_url(format!("{mock_url}{suffix}")).default_header("x-mock-session", session);
    match spec.get("api_key") {
        Some(Value::Null) => {}
        Some(Value::String(key)) => builder = builder.api_key(key),
        _ => builder = builder.api_key("sk-vector-key"),
    }
    if let Some(n) = spec.get("max_retries").and_then(Value::as_u64) {
        builder = builder.max_retries(n as u32);
    }
    if let Some(d) = millis(spec, "timeout_ms") {
        builder = builder.timeout(d);
    }
    if let Some(d) = millis(spec, "connect_timeout_ms") {
        builder = builder.connect_timeout(d);
    }
    if let Some(d) = millis(spec, "stream_idle_timeout_ms") {
        builder = builder.stream_idle_timeout(d);
    }
    for (k, v) in string_pairs(spec.get("default_headers")) {
        builder = builder.default_header(k, v);
    }
    builder.build().map_err(|e| format!("client: {e}"))
}

fn request_options(spec: Option<&Value>) -> Result<RequestOptions, String> {
    let Some(spec) = spec else { return Ok(RequestOptions::default()) };
    Ok(RequestOptions {
        timeout: millis(spec, "timeout_ms"),
        connect_timeout: millis(spec, "connect_timeout_ms"),
        stream_idle_timeout: millis(spec, "stream_idle_timeout_ms"),
        max_retries: spec.get("max_retries").and_then(Value::as_u64).map(|n| n as u32),
        extra_headers: string_pairs(spec.get("extra_headers")),
        extra_query: string_pairs(spec.get("extra_query")),
        extra_body: spec.get("extra_body").and_then(Value::as_object).cloned(),
        cancel: None,
    })
}

fn millis(spec: &Value, key: &str) -> Option<Duration> {
    spec.get(key).and_then(Value::as_u64).map(Duration::from_millis)
}

fn string_pairs(v: Option<&Value>) -> Vec<(String, String)> {
    v.and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string())).collect())
        .unwrap_or_default()
}

/// Replaces `sse_fixture` with the recorded bytes, as the vectors README says.
fn resolve_script(script: Value, mock_url: &str) -> Result<Value, String> {
    let script = resolve_placeholders(script, mock_url);
    let Value::Array(answers) = script else { return Err("script must be a list".into()) };
    let mut out = Vec::new();
    for mut answer in answers {
        if let Some(fixture) = answer.get("sse_fixture").and_then(Value::as_str).map(str::to_string) {
            let path = streams_dir().join(&fixture);
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let map = answer.as_object_mut().ok_or("answer must be an object")?;
            map.remove("sse_fixture");
            map.insert("raw_base64".into(), json!(base64::engine::general_purpose::STANDARD.encode(bytes)));
            let headers = map.entry("headers").or_insert_with(|| json!({}));
            headers["content-type"] = json!("text/event-stream");
        }
        out.push(answer);
    }
    Ok(Value::Array(out))
}

/// `$MOCK_URL` (the mock's URL) and `$FILE_BASE64:NAME` (a file of
/// tests/vectors/images/files in base64) inside script strings.
fn resolve_placeholders(value: Value, mock_url: &str) -> Value {
    match value {
        Value::String(s) => match s.strip_prefix("$FILE_BASE64:") {
            Some(name) => json!(base64::engine::general_purpose::STANDARD.encode(std::fs::read(image_files_dir().join(name)).expect("vector file"))),
            None => Value::String(s.replace("$MOCK_URL", mock_url)),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(|v| resolve_placeholders(v, mock_url)).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, resolve_placeholders(v, mock_url))).collect()),
        other => other,
    }
}

/// The mock's log in the shape the vectors match against (query parsed).
fn received(log: Value) -> Value {
    let entries = log.as_array().cloned().unwrap_or_default();
    Value::Array(
        entries
            .into_iter()
            .map(|r| {
                let query: Map<String, Value> = url::form_urlencoded::parse(r["query"].as_str().unwrap_or("").as_bytes())
                    .map(|(k, v)| (k.into_owned(), json!(v)))
                    .collect();
                let mut view = json!({"method": r["method"], "path": r["path"], "query": query, "headers": r["headers"], "body": r["body"]});
                if let Some(parts) = r.get("multipart") {
                    view["multipart"] = parts.clone();
                }
                view
            })
            .collect(),
    )
}

/// Subset matching with the README's `$` matchers.
fn matches(want: &Value, got: &Value, at: &str) -> Result<(), String> {
    if let Some(matcher) = want.as_object().filter(|m| m.len() == 1 && m.keys().all(|k| k.starts_with('$'))) {
        let (key, arg) = matcher.iter().next().expect("one key");
        let text = got.as_str();
        let ok = match key.as_str() {
            "$any" => !got.is_null(),
            "$prefix" => text.zip(arg.as_str()).is_some_and(|(t, p)| t.starts_with(p)),
            "$contains" => text.zip(arg.as_str()).is_some_and(|(t, p)| t.contains(p)),
            "$user_agent" => text.is_some_and(|t| t == format!("tokenhot-rust/{}", env!("CARGO_PKG_VERSION"))),
            "$absent" => return Err(format!("{at}: $absent used outside an object")),
            other => return Err(format!("{at}: unknown matcher {other}")),
        };
        return if ok { Ok(()) } else { Err(format!("{at}: {got} does not satisfy {want}")) };
    }
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (key, wv) in w {
                let absent = wv.as_object().is_some_and(|m| m.len() == 1 && m.contains_key("$absent"));
                // Header names compare case-insensitively.
                let gv = g.get(key).or_else(|| g.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v));
                match (absent, gv) {
                    (true, None) => {}
                    (true, Some(v)) => return Err(format!("{at}.{key}: expected absent, got {v}")),
                    (false, None) => return Err(format!("{at}.{key}: missing (have {})", Value::Object(g.clone()))),
                    (false, Some(v)) => matches(wv, v, &format!("{at}.{key}"))?,
                }
            }
            Ok(())
        }
        (Value::Array(w), Value::Array(g)) => {
            if w.len() != g.len() {
                return Err(format!("{at}: expected {} items, got {}: {}", w.len(), g.len(), got));
            }
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                matches(wv, gv, &format!("{at}[{i}]"))?;
            }
            Ok(())
        }
        (Value::Number(w), Value::Number(g)) if w.as_f64() == g.as_f64() => Ok(()),
        // message_contains: a substring of the message.
        (Value::String(w), Value::String(g)) if at.ends_with("message_contains") && g.contains(w.as_str()) => Ok(()),
        _ if want == got => Ok(()),
        _ => Err(format!("{at}: expected {want}, got {got}")),
    }
}
