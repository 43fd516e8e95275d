//! `tokenhot chat -m MODEL [PROMPT]`: one prompt, the answer printed as it streams.
//! Each wire format (`--api`) is one file here that builds its request body and says
//! where the text is in one event; reading, printing and `--json` are shared.

mod completions;
mod gemini;

use std::io::{IsTerminal, Read, Write};

use clap::{Args, ValueEnum};
use serde_json::Value;
use tokenhot::stream::{Accumulate, AccumulatingStream};

use crate::connect::ConnectArgs;
use crate::fail::Failure;
use crate::{interrupt, Ctx};

/// Send one prompt and print the answer as it streams
#[derive(Args, Debug)]
#[command(after_help = "The prompt is read from stdin when absent or `-`.")]
pub(crate) struct ChatArgs {
    /// Model id
    #[arg(short, long)]
    pub model: String,
    /// The prompt [default: stdin]
    pub prompt: Option<String>,
    /// Which wire format to call the model through
    #[arg(long, value_enum, default_value_t = ChatApi::Chat)]
    pub api: ChatApi,
    /// System instruction
    #[arg(long, value_name = "TEXT")]
    pub system: Option<String>,
    /// Most tokens to generate
    #[arg(long, value_name = "N")]
    pub max_tokens: Option<u64>,
    /// Print each event as received, one JSON object per line, instead of the text
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub connect: ConnectArgs,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ChatApi {
    /// POST /v1/chat/completions
    Chat,
    /// POST /v1/responses
    Responses,
    /// POST /v1/messages
    Messages,
    /// POST /v1beta/models/{model}:streamGenerateContent
    Gemini,
}

/// What one request needs, whatever its wire format.
pub(crate) struct Ask<'a> {
    pub model: &'a str,
    pub prompt: &'a str,
    pub system: Option<&'a str>,
    pub max_tokens: Option<u64>,
}

pub(crate) async fn run(args: ChatArgs, ctx: &Ctx) -> Result<(), Failure> {
    let client = args.connect.client()?;
    let options = args.connect.options(&ctx.cancel);
    let prompt = prompt(args.prompt.as_deref(), ctx).await?;
    let ask = Ask { model: &args.model, prompt: &prompt, system: args.system.as_deref(), max_tokens: args.max_tokens };
    match args.api {
        ChatApi::Chat => print(completions::open(&client, &ask, &options).await?, args.json, completions::text).await,
        ChatApi::Gemini => print(gemini::open(&client, &ask, &options).await?, args.json, gemini::text).await,
        ChatApi::Responses | ChatApi::Messages => Err(Failure::Usage(format!(
            "--api {}: this build of tokenhot does not have that family yet",
            args.api.to_possible_value().map(|v| v.get_name().to_string()).unwrap_or_default()
        ))),
    }
}

/// The prompt argument, or stdin when it is absent or `-`.
async fn prompt(given: Option<&str>, ctx: &Ctx) -> Result<String, Failure> {
    let prompt = match given {
        Some(text) if text != "-" => text.to_string(),
        _ => {
            if std::io::stdin().is_terminal() {
                if let Some(hint) = ctx.term.hint("reading the prompt from stdin (end it with Ctrl-D)") {
                    eprintln!("{hint}");
                }
            }
            let read = interrupt::blocking(&ctx.cancel, || {
                let mut text = String::new();
                std::io::stdin().read_to_string(&mut text).map(|_| text)
            });
            read.await?.map_err(|e| Failure::Other(format!("cannot read the prompt from stdin: {e}")))?
        }
    };
    if prompt.trim().is_empty() {
        return Err(Failure::Usage("the prompt is empty".into()));
    }
    Ok(prompt)
}

/// Prints a stream: the text of each event as it arrives (then a line break), or with
/// `json` each event's data on its own line. Flushed after every network read, so a
/// pipe sees the answer as it comes.
async fn print<A: Accumulate>(
    mut stream: AccumulatingStream<A>,
    json: bool,
    text_of: fn(&Value, &mut String),
) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    let mut ends_with_newline = true;
    let mut piece = String::new();
    loop {
        let batch = match stream.next_batch().await {
            Ok(Some(batch)) => batch,
            Ok(None) => break,
            Err(e) => {
                // The error line must not run on from half a sentence.
                if !ends_with_newline {
                    let _ = writeln!(stdout);
                    let _ = stdout.flush();
                }
                return Err(e.into());
            }
        };
        for event in &batch {
            if json {
                writeln!(stdout, "{}", one_line_json(&event.data)).map_err(Failure::output)?;
                continue;
            }
            piece.clear();
            text_of(&event.json()?, &mut piece);
            if !piece.is_empty() {
                stdout.write_all(piece.as_bytes()).map_err(Failure::output)?;
                ends_with_newline = piece.ends_with('\n');
            }
        }
        stdout.flush().map_err(Failure::output)?;
    }
    if !ends_with_newline {
        writeln!(stdout).map_err(Failure::output)?;
    }
    stdout.flush().map_err(Failure::output)
}

/// The data as received, unless it spanned several `data:` lines: then compacted, so
/// that one line is always one event.
fn one_line_json(data: &str) -> std::borrow::Cow<'_, str> {
    if !data.contains(['\n', '\r']) {
        return data.into();
    }
    match serde_json::from_str::<Value>(data) {
        Ok(value) => value.to_string().into(),
        Err(_) => data.replace(['\n', '\r'], " ").into(),
    }
}
