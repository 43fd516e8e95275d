//! Reads a chat-completion chunk's text and folds it into a `ChatAccumulator` in the
//! same pass: no list of members is built, and in the common case (`index` before
//! `delta`, which is how servers send it; content without escapes) no part of the text
//! is read twice. Tool calls are still read a level at a time (`crate::json::raw`).
//! A streamed chunk is mostly members that repeat unchanged and one piece of content,
//! so the reading is most of the cost; reading members into lists first and then each
//! delta and string again was about half a microsecond a chunk, a tenth of what a
//! Python stream spends per chunk.
//!
//! Values the fold keeps whole (`usage`, `logprobs`, unknown members) are taken as
//! text (`RawValue`) and built only when kept.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value;

use super::accumulate::{ChatAccumulator, ChoiceState};
use crate::json::lone_surrogates::{from_str_lossy, unescape_lossy, Halves};
use crate::json::raw::{accept_anything_else, is_null, Key};

/// Folds `text` into `acc`: an error if it is not JSON (what came before the error may
/// have been folded already); JSON that is not an object is ignored.
pub(super) fn fold_chunk(acc: &mut ChatAccumulator, text: &str) -> serde_json::Result<()> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    deserializer.deserialize_any(ChunkFold(acc))?;
    deserializer.end()
}

struct ChunkFold<'s>(&'s mut ChatAccumulator);

/// The folds below are their own seeds: each reads any JSON value and folds what it
/// is looking for.
macro_rules! seed_of_itself {
    ($($fold:ident),*) => {$(
        impl<'de> DeserializeSeed<'de> for $fold<'_> {
            type Value = ();

            fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
                deserializer.deserialize_any(self)
            }
        }
    )*};
}

seed_of_itself!(ChoicesFold, ChoiceFold, DeltaFold);

impl<'de> Visitor<'de> for ChunkFold<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let acc = self.0;
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            match key.as_ref() {
                "choices" => map.next_value_seed(ChoicesFold(&mut *acc))?,
                "object" => {
                    map.next_value::<IgnoredAny>()?;
                }
                _ => acc.push_top(&key, map.next_value::<&'de RawValue>()?),
            }
        }
        Ok(())
    }

    accept_anything_else!(seq);
}

/// `choices`: each object in it is a choice; anything else is read through.
struct ChoicesFold<'s>(&'s mut ChatAccumulator);

impl<'de> Visitor<'de> for ChoicesFold<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(ChoiceFold(&mut *self.0))?.is_some() {}
        Ok(())
    }

    accept_anything_else!(map);
}

/// One choice. Its state is found by `index` (0 when missing); members that come
/// before `index` wait, as text, until it is known.
struct ChoiceFold<'s>(&'s mut ChatAccumulator);

impl<'de> Visitor<'de> for ChoiceFold<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let acc = self.0;
        let mut index: Option<u64> = None;
        let mut early: Vec<(Cow<'de, str>, &'de RawValue)> = Vec::new();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            let Some(index) = index else {
                if key == "index" {
                    let found = as_u64(map.next_value::<&'de RawValue>()?).unwrap_or(0);
                    index = Some(found);
                    fold_early(acc.choice(found), &mut early)?;
                } else {
                    early.push((key, map.next_value::<&'de RawValue>()?));
                }
                continue;
            };
            match key.as_ref() {
                "index" => {
                    map.next_value::<IgnoredAny>()?;
                }
                "delta" => map.next_value_seed(DeltaFold(acc.choice(index)))?,
                _ => acc.choice(index).push_member(key, map.next_value::<&'de RawValue>()?),
            }
        }
        if index.is_none() {
            fold_early(acc.choice(0), &mut early)?;
        }
        Ok(())
    }

    accept_anything_else!(seq);
}

/// The members that came before their choice's `index`, read again from their text.
fn fold_early<E: de::Error>(state: &mut ChoiceState, early: &mut Vec<(Cow<'_, str>, &RawValue)>) -> Result<(), E> {
    for (key, value) in early.drain(..) {
        if key == "delta" {
            let mut deserializer = serde_json::Deserializer::from_str(value.get());
            // It was checked to be JSON when it was first read.
            DeltaFold(&mut *state).deserialize(&mut deserializer).map_err(de::Error::custom)?;
        } else {
            state.push_member(key, value);
        }
    }
    Ok(())
}

/// A choice's `delta`: its members go to the message as they are read.
struct DeltaFold<'s>(&'s mut ChoiceState);

impl<'de> Visitor<'de> for DeltaFold<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.0;
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            let value = map.next_value::<&'de RawValue>()?;
            if key == "tool_calls" {
                state.push_tool_calls(value);
            } else if let Some(piece) = piece(value) {
                state.push_delta(&key, piece);
            }
        }
        Ok(())
    }

    accept_anything_else!(seq);
}

/// A delta member's value as the fold uses it: most are a piece of text to append.
pub(super) enum Piece<'a> {
    Null,
    /// The text, and the lone surrogate halves at its ends (`lone_surrogates`).
    Text(Cow<'a, str>, Halves),
    Other(Value),
}

/// The piece `value` holds. A string without escapes is borrowed as it is; a lone
/// surrogate escape (JSON allows it, Unicode does not) becomes U+FFFD, in a string or
/// inside any other value, rather than failing the stream. `None` for a number JSON allows but `f64` cannot hold (`1e400`):
/// that value is left out, the rest of the chunk still folds.
pub(super) fn piece(value: &RawValue) -> Option<Piece<'_>> {
    let text = value.get();
    if is_null(value) {
        return Some(Piece::Null);
    }
    if let Some(quoted) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        if !quoted.contains('\\') {
            return Some(Piece::Text(Cow::Borrowed(quoted), Halves::default()));
        }
        let read = unescape_lossy(quoted);
        return Some(Piece::Text(Cow::Owned(read.text), read.halves));
    }
    from_str_lossy(text).ok().map(Piece::Other)
}

/// A JSON unsigned integer (what `index` holds).
pub(super) fn as_u64(value: &RawValue) -> Option<u64> {
    if is_null(value) {
        return None;
    }
    value.get().parse().ok()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::accumulate::ChatAccumulator;

    /// Servers send `index` first; a choice whose members come before it, or that has
    /// none, folds the same.
    #[test]
    fn members_before_index_or_without_one_fold_the_same() {
        let mut acc = ChatAccumulator::new();
        for chunk in [
            r#"{"id":"c","choices":[{"delta":{"role":"assistant","content":"He"},"finish_reason":null,"index":1}]}"#,
            r#"{"id":"c","choices":[{"x_extra":[1],"delta":{"content":"llo"},"index":1,"index":0}]}"#,
            r#"{"id":"c","choices":[{"delta":{"content":"zero","n":2.5,"flag":true,"tool_calls":"odd"}}]}"#,
            r#"{"id":"c","choices":[{"logprobs":{"content":[{"token":"z"}]},"finish_reason":"stop"}]}"#,
            r#"{"id":"c","choices":[{"finish_reason":"length","delta":{"content":"!"},"index":1}]}"#,
        ] {
            acc.push_text(chunk).expect("JSON");
        }
        let done = acc.completion();
        let first = &done["choices"][1];
        assert_eq!(first["index"], 1);
        assert_eq!(first["message"]["content"], "Hello!");
        assert_eq!(first["x_extra"], json!([1]), "the first index decides, a later one is skipped");
        assert_eq!(first["finish_reason"], "length");
        let zero = &done["choices"][0];
        assert_eq!(zero["message"]["content"], "zero");
        assert_eq!(zero["message"]["n"], 2.5);
        assert_eq!(zero["message"]["flag"], true);
        assert_eq!(zero["message"]["tool_calls"], "odd", "tool_calls that are not a list are kept as they came");
        assert_eq!(zero["logprobs"]["content"], json!([{"token": "z"}]));
        assert_eq!(zero["finish_reason"], "stop");
        assert!(acc.saw_finish_reason());
    }

    /// JSON that is valid but holds what Rust cannot: the stream goes on, nothing else
    /// in the chunk is lost, and an emoji split between two chunks is whole again.
    #[test]
    fn lone_surrogates_and_huge_numbers_do_not_fail_the_stream() {
        let mut acc = ChatAccumulator::new();
        for chunk in [
            r#"{"id":"c\ud800","choices":[{"index":0,"delta":{"content":"a\ud83d","n":1,"x":"\udc00","o":{"k":"\ud800"}}}]}"#,
            r#"{"choices":[{"index":0,"delta":{"content":"\ude00b \ud83d\ude00 \"q\"\n\t\u00e9\/","n":1e400}}]}"#,
            r#"{"choices":[{"index":0,"delta":{"content":"\ud83d","tool_calls":[{"index":0,"function":{"arguments":"{\"a\":\"\ud83d"}}]}}]}"#,
            r#"{"choices":[{"index":0,"delta":{"content":"c","tool_calls":[{"index":0,"function":{"arguments":"\ude00\"}"}}]}}]}"#,
        ] {
            acc.push_text(chunk).expect("JSON, and folded");
        }
        let done = acc.completion();
        assert_eq!(done["id"], "c\u{FFFD}");
        let message = &done["choices"][0]["message"];
        assert_eq!(message["content"], "a\u{1F600}b \u{1F600} \"q\"\n\t\u{e9}/\u{FFFD}c");
        assert_eq!(message["n"], 1, "a number f64 cannot hold leaves the last value");
        assert_eq!(message["x"], "\u{FFFD}");
        assert_eq!(message["o"], json!({"k": "\u{FFFD}"}), "a half inside an object, too");
        assert_eq!(message["tool_calls"][0]["function"]["arguments"], "{\"a\":\"\u{1F600}\"}");
    }

    #[test]
    fn not_json_anywhere_is_an_error_and_other_json_is_ignored() {
        let mut acc = ChatAccumulator::new();
        for broken in [
            r#"{"choices":[{"delta":{"content":"a"},"index":0,}]}"#,
            r#"{"choices":[{"delta":{"content":"a"}]}"#,
            r#"{"choices":[{"delta":{"content":"a"},"index":0}]} trailing"#,
            r#"{"choices":[{"index":0,"delta":{"content":nul}}]}"#,
        ] {
            assert!(acc.push_text(broken).is_err(), "{broken}");
        }
        let mut clean = ChatAccumulator::new();
        for ignored in ["[1,2]", "\"text\"", "null", r#"{"choices":{"index":0}}"#, r#"{"choices":[7,null]}"#] {
            clean.push_text(ignored).expect("JSON");
        }
        assert_eq!(clean.completion()["choices"], json!([]));
        assert!(!clean.saw_finish_reason());
    }
}
