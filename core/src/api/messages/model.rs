//! The Messages request and response models. Every struct keeps unknown fields in
//! `extra`; `stop_reason` and content block kinds are open (DESIGN.md, Models).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::json::open_enum::open_enum;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MessageCreateRequest {
    pub model: String,
    /// Required by the API.
    pub max_tokens: u32,
    pub messages: Vec<MessageParam>,
    /// A string, or a list of text blocks (with `cache_control`, say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<Value>,
    /// Tools as their wire JSON (`name`, `description`, `input_schema`; server tools).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_choice: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thinking: Option<Thinking>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_sequences: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_k: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_p: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    /// Set by the operation (`stream` / `create`), not needed here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl MessageCreateRequest {
    pub fn new(model: impl Into<String>, max_tokens: u32, messages: Vec<MessageParam>) -> Self {
        MessageCreateRequest { model: model.into(), max_tokens, messages, ..Default::default() }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CountTokensRequest {
    pub model: String,
    pub messages: Vec<MessageParam>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thinking: Option<Thinking>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One turn: `content` is a string or a list of blocks (text, image, tool_use,
/// tool_result, thinking... as their wire JSON).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MessageParam {
    pub role: String,
    pub content: Value,
}

impl MessageParam {
    pub fn user(content: impl Into<Value>) -> Self {
        MessageParam { role: "user".into(), content: content.into() }
    }
    pub fn assistant(content: impl Into<Value>) -> Self {
        MessageParam { role: "assistant".into(), content: content.into() }
    }
}

/// `thinking`: `{"type": "enabled", "budget_tokens": N}`, `{"type": "adaptive"}` or
/// `{"type": "disabled"}`; another form is passed through as given.
#[derive(Debug, Clone, PartialEq)]
pub enum Thinking {
    Enabled { budget_tokens: u32 },
    Adaptive,
    Disabled,
    Other(Value),
}

impl Serialize for Thinking {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let value = match self {
            Thinking::Enabled { budget_tokens } => serde_json::json!({"type": "enabled", "budget_tokens": budget_tokens}),
            Thinking::Adaptive => serde_json::json!({"type": "adaptive"}),
            Thinking::Disabled => serde_json::json!({"type": "disabled"}),
            Thinking::Other(v) => v.clone(),
        };
        value.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Thinking {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        let budget = value.get("budget_tokens").and_then(Value::as_u64).and_then(|b| u32::try_from(b).ok());
        Ok(match (value.get("type").and_then(Value::as_str), budget) {
            (Some("enabled"), Some(budget_tokens)) if value.as_object().is_some_and(|m| m.len() == 2) => Thinking::Enabled { budget_tokens },
            (Some("adaptive"), _) if value.as_object().is_some_and(|m| m.len() == 1) => Thinking::Adaptive,
            (Some("disabled"), _) if value.as_object().is_some_and(|m| m.len() == 1) => Thinking::Disabled,
            _ => Thinking::Other(value),
        })
    }
}

open_enum!(
    /// Why the message stopped.
    StopReason {
        EndTurn => "end_turn",
        MaxTokens => "max_tokens",
        StopSequence => "stop_sequence",
        ToolUse => "tool_use",
        PauseTurn => "pause_turn",
        Refusal => "refusal",
    }
);

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Message {
    #[serde(default)]
    pub id: String,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub content: Vec<ContentBlock>,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub stop_reason: Option<StopReason>,
    #[serde(default)]
    pub stop_sequence: Option<String>,
    #[serde(default)]
    pub usage: Option<Usage>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Message {
    /// The `text` of every `text` block joined with `""` (CONTRACT.md, Messages).
    pub fn text(&self) -> String {
        self.content
            .iter()
            .filter_map(|b| match b {
                ContentBlock::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }
}

/// `message_text` for a wire value: the bindings' `text` helper.
pub fn message_text(message: &Value) -> String {
    let blocks = message.get("content").and_then(Value::as_array);
    blocks
        .into_iter()
        .flatten()
        .filter(|b| b.get("type").and_then(Value::as_str) == Some("text"))
        .filter_map(|b| b.get("text").and_then(Value::as_str))
        .collect()
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Usage {
    #[serde(default)]
    pub input_tokens: u64,
    #[serde(default)]
    pub output_tokens: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_creation_input_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_read_input_tokens: Option<u64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MessageTokensCount {
    pub input_tokens: u64,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A content block, by its `type`; a kind this version does not know is kept whole in
/// `Other`, and every known kind keeps its unknown fields in `extra`.
#[derive(Debug, Clone, PartialEq)]
pub enum ContentBlock {
    Text { text: String, citations: Option<Vec<Value>>, extra: Map<String, Value> },
    Thinking { thinking: String, signature: String, extra: Map<String, Value> },
    RedactedThinking { data: String, extra: Map<String, Value> },
    ToolUse { id: String, name: String, input: Value, extra: Map<String, Value> },
    ServerToolUse { id: String, name: String, input: Value, extra: Map<String, Value> },
    Other(Value),
}

impl ContentBlock {
    pub fn kind(&self) -> &str {
        match self {
            ContentBlock::Text { .. } => "text",
            ContentBlock::Thinking { .. } => "thinking",
            ContentBlock::RedactedThinking { .. } => "redacted_thinking",
            ContentBlock::ToolUse { .. } => "tool_use",
            ContentBlock::ServerToolUse { .. } => "server_tool_use",
            ContentBlock::Other(v) => v.get("type").and_then(Value::as_str).unwrap_or(""),
        }
    }

    fn from_value(value: Value) -> ContentBlock {
        let Value::Object(map) = value else { return ContentBlock::Other(value) };
        let take_str = |map: &mut Map<String, Value>, key: &str| match map.remove(key) {
            Some(Value::String(s)) => Ok(s),
            None | Some(Value::Null) => Ok(String::new()),
            Some(other) => Err(other),
        };
        let kind = map.get("type").and_then(Value::as_str).unwrap_or("").to_string();
        let original = map.clone();
        let block = (|| -> Result<ContentBlock, Value> {
            let mut extra = map.clone();
            extra.remove("type");
            Ok(match kind.as_str() {
                "text" => {
                    let text = take_str(&mut extra, "text")?;
                    let citations = match extra.remove("citations") {
                        None | Some(Value::Null) => None,
                        Some(Value::Array(c)) => Some(c),
                        Some(other) => return Err(other),
                    };
                    ContentBlock::Text { text, citations, extra }
                }
                "thinking" => {
                    let thinking = take_str(&mut extra, "thinking")?;
                    let signature = take_str(&mut extra, "signature")?;
                    ContentBlock::Thinking { thinking, signature, extra }
                }
                "redacted_thinking" => ContentBlock::RedactedThinking { data: take_str(&mut extra, "data")?, extra },
                "tool_use" | "server_tool_use" => {
                    let id = take_str(&mut extra, "id")?;
                    let name = take_str(&mut extra, "name")?;
                    let input = extra.remove("input").unwrap_or(Value::Object(Map::new()));
                    if kind == "tool_use" {
                        ContentBlock::ToolUse { id, name, input, extra }
                    } else {
                        ContentBlock::ServerToolUse { id, name, input, extra }
                    }
                }
                _ => return Err(Value::Null),
            })
        })();
        block.unwrap_or(ContentBlock::Other(Value::Object(original)))
    }

    fn to_value(&self) -> Value {
        let mut out = Map::new();
        let with = |out: &mut Map<String, Value>, extra: &Map<String, Value>| {
            for (k, v) in extra {
                out.insert(k.clone(), v.clone());
            }
        };
        match self {
            ContentBlock::Other(v) => return v.clone(),
            ContentBlock::Text { text, citations, extra } => {
                out.insert("type".into(), "text".into());
                out.insert("text".into(), text.clone().into());
                if let Some(c) = citations {
                    out.insert("citations".into(), Value::Array(c.clone()));
                }
                with(&mut out, extra);
            }
            ContentBlock::Thinking { thinking, signature, extra } => {
                out.insert("type".into(), "thinking".into());
                out.insert("thinking".into(), thinking.clone().into());
                out.insert("signature".into(), signature.clone().into());
                with(&mut out, extra);
            }
            ContentBlock::RedactedThinking { data, extra } => {
                out.insert("type".into(), "redacted_thinking".into());
                out.insert("data".into(), data.clone().into());
                with(&mut out, extra);
            }
            ContentBlock::ToolUse { id, name, input, extra } | ContentBlock::ServerToolUse { id, name, input, extra } => {
                out.insert("type".into(), self.kind().into());
                out.insert("id".into(), id.clone().into());
                out.insert("name".into(), name.clone().into());
                out.insert("input".into(), input.clone());
                with(&mut out, extra);
            }
        }
        Value::Object(out)
    }
}

impl Serialize for ContentBlock {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(s)
    }
}

impl<'de> Deserialize<'de> for ContentBlock {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(ContentBlock::from_value(Value::deserialize(d)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn blocks_are_open_and_round_trip() {
        let wire = json!([
            {"type": "text", "text": "a", "citations": [{"type": "char_location"}]},
            {"type": "thinking", "thinking": "hm", "signature": "sig"},
            {"type": "redacted_thinking", "data": "xx"},
            {"type": "tool_use", "id": "t1", "name": "f", "input": {"a": 1}, "caller": {"type": "direct"}},
            {"type": "server_tool_use", "id": "s1", "name": "web_search", "input": {}},
            {"type": "fallback", "from": {"model": "a"}}
        ]);
        let blocks: Vec<ContentBlock> = serde_json::from_value(wire.clone()).unwrap();
        assert!(matches!(blocks[3], ContentBlock::ToolUse { .. }));
        assert!(matches!(blocks[5], ContentBlock::Other(_)));
        assert_eq!(serde_json::to_value(&blocks).unwrap(), wire);
        let m: Message = serde_json::from_value(json!({"id": "m", "content": wire, "stop_reason": "new_reason"})).unwrap();
        assert_eq!(m.text(), "a");
        assert_eq!(m.stop_reason, Some(StopReason::Other("new_reason".into())));
    }

    #[test]
    fn thinking_forms() {
        let t = |v: Value| serde_json::from_value::<Thinking>(v).unwrap();
        assert_eq!(t(json!({"type": "enabled", "budget_tokens": 1024})), Thinking::Enabled { budget_tokens: 1024 });
        assert_eq!(t(json!({"type": "adaptive"})), Thinking::Adaptive);
        assert_eq!(serde_json::to_value(Thinking::Disabled).unwrap(), json!({"type": "disabled"}));
    }
}
