//! The README's Rust quick start: a chat call, a streamed chat printed as it arrives,
//! an error being handled, Gemini (text, streamed, an image in), Claude over Anthropic
//! Messages (plain, streamed text, a tool call, thinking), images, a video task and
//! Responses (plain, streamed text, a function call).
//! `cargo run --release -p tokenhot --example quickstart` with TOKENHOT_API_KEY set
//! (scripts/demo.sh runs it against the mock gateway).

use tokenhot::api::chat::{ChatCompletionRequest, ChatMessage};
use futures_util::StreamExt;
use serde_json::json;
use tokenhot::api::gemini::{Content, GenerateContentRequest, Part};
use tokenhot::api::messages::{ContentBlock, MessageCreateRequest, MessageParam, Thinking};
use tokenhot::api::images::{ImageEditRequest, ImageGenerateRequest};
use tokenhot::api::media::FileInput;
use tokenhot::{Client, ErrorKind, RequestOptions};
use tokenhot::api::videos::WaitOptions;
use tokenhot::api::responses::{ResponseRequest, ResponseTool};

const PIXEL_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
    0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41,
    0x54, 0x78, 0xDA, 0x63, 0x64, 0x60, 0xF8, 0x5F, 0x0F, 0x00, 0x02, 0x87, 0x01, 0x80, 0xEB, 0x47, 0xBA, 0x92, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

#[tokio::main]
async fn main() -> tokenhot::Result<()> {
    // The key and base URL come from TOKENHOT_API_KEY / TOKENHOT_BASE_URL.
    let client = Client::from_env()?;
    let model = std::env::var("TOKENHOT_CHAT_MODEL").unwrap_or_else(|_| "gpt-5.2".into());

    // 1. A chat call.
    let request = ChatCompletionRequest::new(&model, vec![ChatMessage::user("Say hello in five words.")]);
    let completion = client.chat().completions().create(&request).await?;
    println!("chat: {}", completion.text().unwrap_or_default());

    // 2. A streamed chat, printed as it arrives.
    let mut stream = client.chat().completions().stream(&request).await?;
    print!("stream: ");
    while let Some(chunk) = stream.next().await {
        for choice in chunk?.choices {
            print!("{}", choice.delta.content.unwrap_or_default());
        }
    }
    println!();

    // 3. An error, handled: a wrong key is an Authentication error with a status.
    let wrong = Client::builder().api_key("sk-wrong-key").base_url(client.config().base_url()).build()?;
    match wrong.chat().completions().create(&request).await {
        Err(e) if e.kind() == ErrorKind::Authentication => {
            println!("error handled: {} (status {:?}, request id {:?})", e.kind().class_name(), e.status(), e.request_id())
        }
        other => println!("unexpected: {other:?}"),
    }

    // 4. Gemini: text, streamed, and an image in.
    let gemini_model = std::env::var("TOKENHOT_GEMINI_MODEL").unwrap_or_else(|_| "gemini-3.1-pro-preview".into());
    let answer = client.gemini().generate_content(&gemini_model, &GenerateContentRequest::text("Write a haiku about Rust.")).await?;
    println!("gemini: {}", answer.text().unwrap_or_default());
    let mut stream = client.gemini().stream_generate_content(&gemini_model, &GenerateContentRequest::text("Count to five.")).await?;
    print!("gemini stream: ");
    while let Some(chunk) = stream.next().await {
        print!("{}", chunk?.text().unwrap_or_default());
    }
    println!();
    let with_image = GenerateContentRequest {
        contents: vec![Content::user(vec![Part::text("What is in this picture?"), Part::image(PIXEL_PNG, None)?])],
        ..Default::default()
    };
    let answer = client.gemini().generate_content(&gemini_model, &with_image).await?;
    println!("gemini image in: {}", answer.text().unwrap_or_default());

    // 5. Claude over Anthropic Messages: plain, streamed text, a tool call, thinking.
    let claude_model = std::env::var("TOKENHOT_CLAUDE_MODEL").unwrap_or_else(|_| "claude-sonnet-4-5".into());
    let ask = MessageCreateRequest::new(&claude_model, 256, vec![MessageParam::user("Say hello in five words.")]);
    println!("claude: {}", client.messages().create(&ask).await?.text());
    let mut events = client.messages().stream(&ask).await?;
    print!("claude stream: ");
    while let Some(event) = events.next().await {
        let event = event?;
        if event["delta"]["type"] == "text_delta" {
            print!("{}", event["delta"]["text"].as_str().unwrap_or_default());
        }
    }
    println!(" (stop_reason {:?})", events.final_message().await?.stop_reason);
    let mut tool_call = MessageCreateRequest::new(&claude_model, 256, vec![MessageParam::user("Weather in Paris?")]);
    tool_call.tools = Some(vec![json!({
        "name": "get_weather",
        "description": "The weather in a city",
        "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    })]);
    for block in client.messages().create(&tool_call).await?.into_inner().content {
        if let ContentBlock::ToolUse { name, input, .. } = block {
            println!("claude tool call: {name}({input})");
        }
    }
    let mut think = MessageCreateRequest::new(&claude_model, 2048, vec![MessageParam::user("Say hello in five words.")]);
    think.thinking = Some(Thinking::Enabled { budget_tokens: 1024 });
    let thought = client.messages().create(&think).await?;
    for block in &thought.content {
        if let ContentBlock::Thinking { thinking, .. } = block {
            println!("claude thinking: {thinking}");
        }
    }
    println!("claude answer: {}", thought.text());
    // 6. Images: generate and save, then edit with two images and a mask.
    let out = std::env::temp_dir().join(format!("tokenhot-demo-{}", std::process::id()));
    let mut generate = ImageGenerateRequest::new("gpt-image-1.5", "A red fox in snow");
    generate.size = Some("64x64".into());
    let images = client.images();
    let generated = images.generate(&generate, &RequestOptions::new()).await?;
    let saved = images.save(&generated, &out, &RequestOptions::new()).await?;
    println!("image saved: {}", saved[0].display());
    let mut edit = ImageEditRequest::new("gpt-image-1.5", "Two foxes", vec![FileInput::path(&saved[0]), FileInput::bytes(std::fs::read(&saved[0]).unwrap_or_default())]);
    edit.mask = Some(FileInput::path(&saved[0]));
    let edited = images.edit(edit, &RequestOptions::new()).await?;
    println!("image edited: {:?}", images.save(&edited, &out.join("edited.png"), &RequestOptions::new()).await?);
    // 7. A video task: create, wait with a progress print, download.
    let videos = client.videos();
    let options = tokenhot::RequestOptions::new();
    let model = std::env::var("TOKENHOT_VIDEO_MODEL").unwrap_or_else(|_| "sora-2".into());
    let poll: f64 = std::env::var("TOKENHOT_VIDEO_POLL_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(5.0);
    let task = videos.create(serde_json::json!({"model": model, "prompt": "a cat on a skateboard", "seconds": 4}), &options).await?;
    let wait = WaitOptions { poll_interval: std::time::Duration::from_secs_f64(poll), ..WaitOptions::default() };
    let done = videos.wait(task.into_inner(), &wait, |t| Ok(println!("video: {} {:?}", t.status.as_str(), t.progress)), &options).await?;
    let folder = std::env::temp_dir().join(format!("tokenhot-demo-{}", std::process::id()));
    std::fs::create_dir_all(&folder).map_err(tokenhot::Error::internal)?;
    let path = videos.download(&done, &folder, None, &options).await?;
    println!("video saved: {} ({} bytes)", path.display(), std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0));
    let _ = std::fs::remove_dir_all(&folder);
    // 5. Responses: plain, streamed text, a function call.
    let r = client.responses().create(&ResponseRequest::new("gpt-5.2", "Say hello")).await?;
    println!("responses: {}", r.output_text());
    let mut stream = client.responses().stream(&ResponseRequest::new("gpt-5.2", "Count to five.")).await?;
    print!("responses stream: ");
    let mut text = stream.text();
    while let Some(piece) = text.next().await {
        print!("{}", piece?);
    }
    drop(text);
    println!(" ({:?})", stream.final_response().await?.status);
    let mut with_tool = ResponseRequest::new("gpt-5.2", "Weather in Paris?");
    with_tool.tools = Some(vec![ResponseTool::function("get_weather", "weather by city", serde_json::json!({"type": "object", "properties": {"city": {"type": "string"}}}))]);
    let r = client.responses().create(&with_tool).await?;
    for call in r.output.iter().filter(|item| item.name.is_some()) {
        println!("function call: {}({})", call.name.as_deref().unwrap_or_default(), call.arguments.as_deref().unwrap_or_default());
    }
    Ok(())
}
