//! JSON strings with a lone surrogate escape (`"\ud83d"`): JSON allows one, Unicode
//! text does not, and serde refuses it. Servers send them when they split an emoji's
//! UTF-16 pair between two stream chunks. Core reads such a string with the half
//! replaced by U+FFFD (`from_str_lossy`), so the answer or chunk is not lost for it;
//! the chat accumulator also remembers a half at either end of a piece of text, so
//! the pair is joined again across chunks (`SplitPairs`).

use serde::de::DeserializeOwned;

/// The inside of a JSON string (checked to be JSON already), unescaped, with every
/// lone surrogate escape replaced by U+FFFD.
pub(crate) fn unescape_lossy(quoted: &str) -> Unescaped {
    let mut out = Unescaped { text: String::with_capacity(quoted.len()), halves: Halves::default() };
    let mut rest = quoted;
    while let Some(at) = rest.find('\\') {
        out.text.push_str(&rest[..at]);
        let escape = &rest[at + 1..];
        let Some(kind) = escape.chars().next() else {
            rest = ""; // a backslash that ends the text: JSON never has one
            break;
        };
        rest = &escape[kind.len_utf8()..];
        let simple = match kind {
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => {
                let (decoded, after) = unicode_escape(rest);
                rest = after;
                let starts_the_string = out.text.is_empty() && at == 0;
                match decoded {
                    Decoded::Char(c) => out.text.push(c),
                    // Not hex: JSON never has one (the text was checked).
                    Decoded::Invalid => out.text.push('\u{FFFD}'),
                    Decoded::Lone(unit) => {
                        if (0xDC00..0xE000).contains(&unit) && starts_the_string {
                            out.halves.low_first = Some(unit);
                        }
                        out.text.push('\u{FFFD}');
                        if (0xD800..0xDC00).contains(&unit) && rest.is_empty() {
                            out.halves.high_last = Some(unit);
                        }
                    }
                }
                continue;
            }
            other => other, // `"`, `\\`, `/`
        };
        out.text.push(simple);
    }
    out.text.push_str(rest);
    out
}

/// `json` read as a value, a lone surrogate escape as U+FFFD. Still an error for what
/// is not JSON. The bindings use it where they build values from answers.
pub fn from_str_lossy<T: DeserializeOwned>(json: &str) -> serde_json::Result<T> {
    serde_json::from_str(json).or_else(|error| {
        let fixed = replace_lone_surrogates(json);
        if fixed == json {
            return Err(error);
        }
        serde_json::from_str(&fixed)
    })
}

/// `from_str_lossy` for bytes.
pub fn from_slice_lossy<T: DeserializeOwned>(json: &[u8]) -> serde_json::Result<T> {
    serde_json::from_slice(json).or_else(|error| match std::str::from_utf8(json) {
        Ok(text) => from_str_lossy(text),
        Err(_) => Err(error),
    })
}

/// `json` with every lone surrogate escape written as `\ufffd`, so serde reads it.
pub(crate) fn replace_lone_surrogates(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut rest = json;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let escape = &rest[at + 1..];
        if let Some(after_u) = escape.strip_prefix('u') {
            let (decoded, after) = unicode_escape(after_u);
            match decoded {
                Decoded::Lone(_) => out.push_str("\\ufffd"),
                // Kept as it is: serde then refuses what is not JSON, as it should.
                Decoded::Char(_) | Decoded::Invalid => out.push_str(&rest[at..rest.len() - after.len()]),
            }
            rest = after;
        } else {
            // Any other escape is two characters: keep it (an escaped `\` included).
            let len = 1 + escape.chars().next().map_or(0, char::len_utf8);
            out.push_str(&rest[at..at + len]);
            rest = &rest[at + len..];
        }
    }
    out.push_str(rest);
    out
}

/// A lone surrogate at either end of a string: the halves a neighbour may complete.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Halves {
    /// The string began with a lone low surrogate (the U+FFFD its text begins with).
    pub(crate) low_first: Option<u16>,
    /// The string ended with a lone high surrogate (the U+FFFD its text ends with).
    pub(crate) high_last: Option<u16>,
}

#[derive(Debug)]
pub(crate) struct Unescaped {
    pub(crate) text: String,
    pub(crate) halves: Halves,
}

enum Decoded {
    Char(char),
    /// A surrogate without its other half.
    Lone(u16),
    /// `\u` without four hex digits: not JSON.
    Invalid,
}

/// The `\uXXXX` escape whose hex digits start `after_u` (with its low half if it is a
/// pair), and what follows it.
fn unicode_escape(after_u: &str) -> (Decoded, &str) {
    let Some(unit) = hex4(after_u) else { return (Decoded::Invalid, after_u) };
    let rest = &after_u[4..];
    if (0xD800..0xDC00).contains(&unit) {
        if let Some(low) = rest.strip_prefix("\\u").and_then(hex4).filter(|low| (0xDC00..0xE000).contains(low)) {
            let pair = 0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
            return (char::from_u32(pair).map_or(Decoded::Lone(unit), Decoded::Char), &rest[6..]);
        }
    }
    match char::from_u32(u32::from(unit)) {
        Some(c) => (Decoded::Char(c), rest),
        None => (Decoded::Lone(unit), rest),
    }
}

fn hex4(text: &str) -> Option<u16> {
    let digits = text.get(..4)?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(digits, 16).ok()
}

/// The high halves that ended a text field's last piece, waiting for the low halves
/// the field's next piece may begin with. The field's text holds U+FFFD for each
/// until then, so a half that is never completed stays U+FFFD.
#[derive(Debug)]
pub(crate) struct SplitPairs<F> {
    waiting: Vec<Waiting<F>>,
}

impl<F> Default for SplitPairs<F> {
    fn default() -> Self {
        SplitPairs { waiting: Vec::new() }
    }
}

#[derive(Debug)]
struct Waiting<F> {
    field: F,
    high: u16,
    /// The field's text length then: a text that changed since is not joined.
    len: usize,
}

impl<F: PartialEq> SplitPairs<F> {
    /// No half is waiting: a piece without halves at its ends is simply appended.
    pub(crate) fn is_idle(&self) -> bool {
        self.waiting.is_empty()
    }

    /// Appends `piece` to `text`, the field `field`'s text so far, joining a pair
    /// split between the two.
    pub(crate) fn append(&mut self, field: F, text: &mut String, piece: &str, halves: Halves) {
        if piece.is_empty() {
            return; // an empty piece (`"content":""` is common) leaves a half waiting
        }
        let mut piece = piece;
        if !self.waiting.is_empty() {
            if let Some(i) = self.waiting.iter().position(|w| w.field == field) {
                let waiting = self.waiting.swap_remove(i);
                if let Some(low) = halves.low_first {
                    if text.len() == waiting.len && text.ends_with('\u{FFFD}') {
                        let pair = 0x10000 + ((u32::from(waiting.high) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                        if let Some(joined) = char::from_u32(pair) {
                            text.truncate(text.len() - '\u{FFFD}'.len_utf8());
                            text.push(joined);
                            piece = &piece['\u{FFFD}'.len_utf8()..];
                        }
                    }
                }
            }
        }
        text.push_str(piece);
        if let Some(high) = halves.high_last {
            self.waiting.push(Waiting { field, high, len: text.len() });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes_and_reports_the_halves_at_the_ends() {
        let read = unescape_lossy(r#"\ude00a\ud83d\ude00 \"q\"\n\t\u00e9\/\\u0041 \ud800x\ud83d"#);
        assert_eq!(read.text, "\u{FFFD}a\u{1F600} \"q\"\n\t\u{e9}/\\u0041 \u{FFFD}x\u{FFFD}");
        assert_eq!(read.halves, Halves { low_first: Some(0xDE00), high_last: Some(0xD83D) });
        assert_eq!(unescape_lossy(r#"a\ude00"#).halves, Halves::default(), "a low half not at the start");
        assert_eq!(unescape_lossy(r#"\ud83da"#).halves, Halves::default(), "a high half not at the end");
        assert_eq!(unescape_lossy("plain").text, "plain");
        assert_eq!(unescape_lossy(r#"é\ud83dé\u00e9"#).text, "é\u{FFFD}éé", "multi-byte text around escapes");
        assert_eq!(unescape_lossy("ab\\").text, "ab", "a trailing backslash (never JSON) is dropped, not repeated");
    }

    #[test]
    fn lone_halves_become_u_fffd_escapes_and_the_rest_is_kept() {
        let json = r#"{"a\ud800":"x\ud83d\ude00\\ud800\"\udc00","b":"\u00e9\n"}"#;
        let fixed = replace_lone_surrogates(json);
        assert_eq!(fixed, r#"{"a\ufffd":"x\ud83d\ude00\\ud800\"\ufffd","b":"\u00e9\n"}"#);
        let value: serde_json::Value = serde_json::from_str(&fixed).expect("JSON");
        assert_eq!(value["a\u{FFFD}"], "x\u{1F600}\\ud800\"\u{FFFD}");
        for not_json in [r#""\uZZZZ""#, r#""\u12""#, r#""\u""#, r#"{"a":"\ud800"#] {
            assert!(from_str_lossy::<serde_json::Value>(not_json).is_err(), "{not_json} is still not JSON");
        }
        assert_eq!(from_str_lossy::<serde_json::Value>(r#""\udc00\ud800""#).unwrap(), "\u{FFFD}\u{FFFD}");
    }

    #[test]
    fn a_pair_split_between_pieces_of_one_field_is_joined() {
        let mut pairs = SplitPairs::default();
        let (mut content, mut other) = (String::new(), String::new());
        let pieces = [(1, r#"a\ud83d"#), (2, r#"\ud83d"#), (1, ""), (1, r#"\ude00b"#), (2, "c"), (1, r#"\ud83d"#)];
        for (field, piece) in pieces {
            let read = unescape_lossy(piece);
            let text = if field == 1 { &mut content } else { &mut other };
            pairs.append(field, text, &read.text, read.halves);
        }
        assert_eq!(content, "a\u{1F600}b\u{FFFD}", "joined across an empty piece; a last half never completed stays U+FFFD");
        assert_eq!(other, "\u{FFFD}c", "a piece without the low half leaves U+FFFD");
    }
}
