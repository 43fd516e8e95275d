//! The `tokenhot` binary: Ctrl-C handling, then the library does everything.

fn main() {
    let cancel = tokenhot_cli::CancellationToken::new();
    on_ctrl_c(cancel.clone());
    let code = tokenhot_cli::run_with_cancel(std::env::args_os(), cancel);
    std::process::exit(code);
}

/// The first Ctrl-C cancels (the command closes its connection, says what it must, and
/// exits 130); a second one exits at once.
#[cfg(unix)]
fn on_ctrl_c(cancel: tokenhot_cli::CancellationToken) {
    use signal_hook::consts::SIGINT;
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT]) else {
        return; // Without a handler the default action still ends the process.
    };
    let _ = std::thread::Builder::new().name("tokenhot-ctrl-c".into()).spawn(move || {
        for _ in signals.forever() {
            if cancel.is_cancelled() {
                std::process::exit(tokenhot_cli::exit::INTERRUPTED);
            }
            cancel.cancel();
        }
    });
}

#[cfg(not(unix))]
fn on_ctrl_c(_cancel: tokenhot_cli::CancellationToken) {}
