//! `tokenhot models`: the model ids the key can use, one per line.

use std::io::Write;

use clap::Args;
use serde_json::Value;

use crate::connect::ConnectArgs;
use crate::fail::Failure;
use crate::Ctx;

/// List the model ids the key can use, one per line
#[derive(Args, Debug)]
pub(crate) struct ModelsArgs {
    /// Print the gateway's answer as JSON instead
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub connect: ConnectArgs,
}

pub(crate) async fn run(args: ModelsArgs, ctx: &Ctx) -> Result<(), Failure> {
    let client = args.connect.client()?;
    let answer = client.models().list(&args.connect.options(&ctx.cancel)).await?.into_inner();
    let mut stdout = std::io::stdout().lock();
    if args.json {
        writeln!(stdout, "{answer}").map_err(Failure::output)?;
    } else {
        let models = answer.get("data").and_then(Value::as_array).into_iter().flatten();
        for id in models.filter_map(|m| m.get("id").and_then(Value::as_str)) {
            writeln!(stdout, "{id}").map_err(Failure::output)?;
        }
    }
    stdout.flush().map_err(Failure::output)
}
