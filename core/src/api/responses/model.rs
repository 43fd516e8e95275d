//! The Responses request and response models. Typed fields for what users set and read
//! most; everything else rides in `extra`, so nothing is lost either way.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::json::open_enum::open_enum;

/// The body of `POST /v1/responses`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ResponseRequest {
    pub model: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<Input>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<ResponseTool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_choice: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning: Option<Reasoning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<TextConfig>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_response_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub background: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_output_tokens: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
    /// Set by the operation (`create` false, `stream` true), whatever is given here.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream: Option<bool>,
    /// Any other field, sent as is.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ResponseRequest {
    pub fn new(model: impl Into<String>, input: impl Into<Input>) -> Self {
        ResponseRequest { model: model.into(), input: Some(input.into()), ..Default::default() }
    }
}

/// `input`: a string, or a list of input items (messages, function call outputs, ...)
/// kept as their wire JSON.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Input {
    Text(String),
    Items(Vec<Value>),
}

impl From<&str> for Input {
    fn from(s: &str) -> Self {
        Input::Text(s.to_string())
    }
}
impl From<String> for Input {
    fn from(s: String) -> Self {
        Input::Text(s)
    }
}
impl From<Vec<Value>> for Input {
    fn from(items: Vec<Value>) -> Self {
        Input::Items(items)
    }
}

/// A tool: `function` (name, parameters, strict), `custom` (name, format), or any
/// other kind (web search, ...) with its fields in `extra`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResponseTool {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strict: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ResponseTool {
    pub fn function(name: impl Into<String>, description: impl Into<String>, parameters: Value) -> Self {
        ResponseTool {
            kind: "function".into(),
            name: Some(name.into()),
            description: Some(description.into()),
            parameters: Some(parameters),
            strict: None,
            format: None,
            extra: Map::new(),
        }
    }
    pub fn custom(name: impl Into<String>, description: impl Into<String>) -> Self {
        ResponseTool {
            kind: "custom".into(),
            name: Some(name.into()),
            description: Some(description.into()),
            parameters: None,
            strict: None,
            format: None,
            extra: Map::new(),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Reasoning {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TextConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verbosity: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

open_enum!(
    /// A response's (or an item's) status.
    ResponseStatus {
        Completed => "completed",
        Failed => "failed",
        InProgress => "in_progress",
        Cancelled => "cancelled",
        Queued => "queued",
        Incomplete => "incomplete",
    }
);

open_enum!(
    /// An output item's `type`.
    OutputItemType {
        Message => "message",
        Reasoning => "reasoning",
        FunctionCall => "function_call",
        CustomToolCall => "custom_tool_call",
    }
);

/// The Responses result (Python `tokenhot.types.Response`; named so here because
/// `tokenhot::Response` is the answer wrapper that carries the request id).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResponseObject {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub object: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ResponseStatus>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub output: Vec<OutputItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<ResponseUsage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incomplete_details: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ResponseObject {
    /// The `text` of every `output_text` part of every `message` item, joined.
    pub fn output_text(&self) -> String {
        let mut text = String::new();
        for item in self.output.iter().filter(|i| i.kind == OutputItemType::Message) {
            for part in item.content.iter().flatten() {
                if part.kind == "output_text" {
                    text.push_str(part.text.as_deref().unwrap_or_default());
                }
            }
        }
        text
    }
}

/// One output item. Kinds this model does not name are kept whole: their fields stay
/// in `extra`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OutputItem {
    #[serde(rename = "type")]
    pub kind: OutputItemType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ResponseStatus>,
    /// `message`: `role` and the `output_text` / `refusal` parts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<ContentPart>>,
    /// `reasoning`: the summary parts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Vec<ContentPart>>,
    /// `function_call` and `custom_tool_call`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `function_call`: JSON text as the model wrote it (it may not parse).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments: Option<String>,
    /// `custom_tool_call`: free-form input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A part of a message's content or a reasoning summary: `output_text` (`text`,
/// `annotations`), `refusal` (`refusal`), `summary_text` (`text`), or another kind.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ContentPart {
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ResponseUsage {
    #[serde(default)]
    pub input_tokens: u64,
    #[serde(default)]
    pub output_tokens: u64,
    #[serde(default)]
    pub total_tokens: u64,
    /// `{cached_tokens}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_tokens_details: Option<Map<String, Value>>,
    /// `{reasoning_tokens}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_tokens_details: Option<Map<String, Value>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One streamed event as the wire has it: `type`, `sequence_number`, and the rest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResponseStreamEvent {
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn null_as_empty<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}
