//! Progress bars on stderr for waits that take minutes (a video task, a download).
//! Drawn only when stderr is a terminal, coloured only without `NO_COLOR`; otherwise
//! hidden, so piped output and logs stay plain. The `image` and `video` subcommands
//! use these; nothing else draws on the terminal.

// Until `image` and `video` arrive with their families, nothing calls these.
#![allow(dead_code)]

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::term::Term;

const TICK: Duration = Duration::from_millis(120);

pub(crate) struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A task's progress: its status, a percent bar when the server gives one, elapsed.
    pub fn task(term: &Term, label: &str) -> Progress {
        let template = if term.stderr_color {
            "{spinner:.cyan} {prefix} {msg:12} [{bar:30.cyan/blue}] {pos:>3}% {elapsed}"
        } else {
            "{spinner} {prefix} {msg:12} [{bar:30}] {pos:>3}% {elapsed}"
        };
        let progress = Progress::new(term, 100, template);
        progress.bar.set_prefix(label.to_string());
        progress.bar.enable_steady_tick(TICK);
        progress
    }

    /// Bytes of a download, against the total when the server says it.
    pub fn bytes(term: &Term, total: Option<u64>) -> Progress {
        let template = match (total.is_some(), term.stderr_color) {
            (true, true) => "[{bar:30.green/blue}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
            (true, false) => "[{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
            (false, _) => "{spinner} {bytes} {bytes_per_sec} {elapsed}",
        };
        Progress::new(term, total.unwrap_or(0), template)
    }

    fn new(term: &Term, length: u64, template: &str) -> Progress {
        let target = if term.stderr_tty { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() };
        let bar = ProgressBar::with_draw_target(Some(length), target);
        // The templates are constants; a bad one falls back to indicatif's default.
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        Progress { bar }
    }

    /// A task's new status and percent (0 to 100) as the server reported them.
    pub fn set_status(&self, status: &str, percent: Option<u64>) {
        self.bar.set_message(status.to_string());
        if let Some(percent) = percent {
            self.bar.set_position(percent.min(100));
        }
    }

    pub fn advance(&self, bytes: u64) {
        self.bar.inc(bytes);
    }

    /// Whether anything is drawn (for tests: never when stderr is not a terminal).
    pub fn is_drawn(&self) -> bool {
        !self.bar.is_hidden()
    }

    /// Leaves the final state on the terminal.
    pub fn finish(&self) {
        self.bar.finish();
    }

    /// Removes the bar, so a message that follows starts on a clean line.
    pub fn clear(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_drawn_when_stderr_is_not_a_terminal() {
        let piped = Term::new(false, false);
        assert!(!Progress::task(&piped, "task_1").is_drawn());
        assert!(!Progress::bytes(&piped, Some(10)).is_drawn());
        let progress = Progress::bytes(&piped, None);
        progress.advance(5);
        progress.finish();
    }
}
