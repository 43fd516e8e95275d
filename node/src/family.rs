//! What differs between the streamed families as they cross to JS: whether each
//! result carries helpers beside it (Gemini's `text`, `thoughtText`,
//! `functionCalls`, Messages' final `text`, computed here by core), and so how a batch of events and the
//! final result become the JSON text JS parses.

use serde_json::Value;
use tokenhot::stream::Accumulate;
use tokenhot::api::chat::accumulate::ChatAccumulator;
use tokenhot::api::gemini::accumulate::GeminiAccumulator;
use tokenhot::api::messages::MessagesAccumulator;
use tokenhot::api::images::ImagesAccumulator;
use tokenhot::api::responses::ResponsesAccumulator;
use tokenhot::json::lone_surrogates::from_str_lossy;
use tokenhot::StreamEvent;

use crate::gemini_helpers::helpers_json;

/// A family whose stream `NativeStream` can carry.
pub(crate) trait Family: Accumulate + 'static {
    /// Appends `,` and the helpers of the JSON text `data` to a JSON array text that
    /// just got `data` itself; nothing for a family without helpers. The JS face
    /// decodes the array accordingly (`lib/stream.js`).
    fn push_helpers(data: &str, out: &mut String);
    /// The same for the final result; by default what every event gets.
    fn push_final_helpers(data: &str, out: &mut String) {
        Self::push_helpers(data, out)
    }
}

impl Family for ChatAccumulator {
    fn push_helpers(_: &str, _: &mut String) {}
}

impl Family for ImagesAccumulator {
    fn push_helpers(_: &str, _: &mut String) {}
}

impl Family for GeminiAccumulator {
    fn push_helpers(data: &str, out: &mut String) {
        // Core checked `data` is JSON; helpers are built from its value (a lone
        // surrogate escape, half an emoji, is U+FFFD in them; the event keeps it).
        let value = from_str_lossy::<Value>(data).unwrap_or(Value::Null);
        out.push(',');
        out.push_str(&helpers_json(&value));
    }
}

/// Messages events go to JS as sent; only the final message carries its `text`.
impl Family for MessagesAccumulator {
    fn push_helpers(_: &str, _: &mut String) {}
    fn push_final_helpers(data: &str, out: &mut String) {
        let value = from_str_lossy::<Value>(data).unwrap_or(Value::Null);
        out.push(',');
        out.push_str(&crate::messages::text_json(&value));
    }
}

/// Responses events go to JS as sent; only the final response carries `output_text`.
impl Family for ResponsesAccumulator {
    fn push_helpers(_: &str, _: &mut String) {}
    fn push_final_helpers(data: &str, out: &mut String) {
        let value = from_str_lossy::<Value>(data).unwrap_or(Value::Null);
        out.push(',');
        out.push_str(&crate::responses::helpers_json(&value));
    }
}

/// A batch of events as the JSON array text JS parses: each event's data, followed by
/// its helpers for a family with helpers.
pub(crate) fn batch_text(events: &[StreamEvent], push_helpers: fn(&str, &mut String)) -> String {
    array_text(events.iter().map(|event| event.data.as_str()), push_helpers)
}

/// The final result as the JSON array text of a batch of one: `[final]`, or
/// `[final,helpers]` for a family with helpers (the final result is read once per
/// stream, so its helpers may parse its text again).
pub(crate) fn final_text(value: &Value, push_helpers: fn(&str, &mut String)) -> String {
    array_text(std::iter::once(value.to_string().as_str()), push_helpers)
}

fn array_text<'a>(items: impl Iterator<Item = &'a str> + Clone, push_helpers: fn(&str, &mut String)) -> String {
    let mut text = String::with_capacity(items.clone().map(|item| item.len() + 1).sum::<usize>() + 2);
    text.push('[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(item);
        push_helpers(item, &mut text);
    }
    text.push(']');
    text
}
