//! Terminal or pipe. Colour (and, later, progress bars) only when the stream is a
//! terminal and `NO_COLOR` is unset or empty (https://no-color.org); piped output stays
//! plain so it can be parsed.

use std::io::IsTerminal;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Term {
    pub stderr_tty: bool,
    /// Whether escape codes may be written to stderr.
    pub stderr_color: bool,
}

impl Term {
    pub fn detect() -> Term {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Term::new(std::io::stderr().is_terminal(), no_color)
    }

    pub fn new(stderr_tty: bool, no_color: bool) -> Term {
        Term { stderr_tty, stderr_color: stderr_tty && !no_color }
    }

    /// An error line, bold red on a colour terminal.
    pub fn error_style(&self, line: &str) -> String {
        if self.stderr_color {
            format!("\x1b[1;31m{line}\x1b[0m")
        } else {
            line.to_string()
        }
    }

    /// A hint for people (dim on a colour terminal); `None` when stderr is not a
    /// terminal, where nobody reads hints and a parser would trip on them.
    pub fn hint(&self, text: &str) -> Option<String> {
        match (self.stderr_tty, self.stderr_color) {
            (false, _) => None,
            (true, true) => Some(format!("\x1b[2m{text}\x1b[0m")),
            (true, false) => Some(text.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_needs_a_terminal_and_no_no_color() {
        assert!(Term::new(true, false).error_style("x").contains('\x1b'));
        assert_eq!(Term::new(true, true).error_style("x"), "x");
        assert_eq!(Term::new(false, false).error_style("x"), "x");
        assert_eq!(Term::new(false, false).hint("x"), None);
        assert_eq!(Term::new(true, true).hint("x").as_deref(), Some("x"));
    }
}
