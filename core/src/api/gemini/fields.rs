//! Spelling of Gemini request bodies (CONTRACT.md, Gemini helpers).
//!
//! Users write both `system_instruction` and `systemInstruction` (the seed's own
//! sample uses snake_case); the wire gets camelCase. Only keys this module knows, at
//! the places it knows them, are renamed: user data (JSON schemas, function arguments,
//! function responses, anything unknown) passes through untouched. Plain strings are
//! accepted for `contents`, for a content in the list, for a part, and for
//! `system_instruction`.

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// What a key's value is, so the walk knows how to treat what is inside.
#[derive(Clone, Copy)]
enum Node {
    /// Leave the value as it is (user data, or nothing to rename inside).
    Opaque,
    Contents,
    Content,
    Part,
    Blob,
    FileData,
    FunctionCall,
    FunctionResponse,
    GenerationConfig,
    ThinkingConfig,
    ImageConfig,
    Tool,
    FunctionDeclaration,
    ToolConfig,
    FunctionCallingConfig,
    List(&'static Node),
}

/// Each known key as `(snake_case, camelCase, what its value is)` for one node.
fn fields(node: Node) -> &'static [(&'static str, &'static str, Node)] {
    use Node::*;
    match node {
        Opaque | Contents | List(_) => &[],
        Content => &[("role", "role", Opaque), ("parts", "parts", List(&Part))],
        Part => &[
            ("text", "text", Opaque),
            ("thought", "thought", Opaque),
            ("thought_signature", "thoughtSignature", Opaque),
            ("inline_data", "inlineData", Blob),
            ("file_data", "fileData", FileData),
            ("function_call", "functionCall", FunctionCall),
            ("function_response", "functionResponse", FunctionResponse),
            ("executable_code", "executableCode", Opaque),
            ("code_execution_result", "codeExecutionResult", Opaque),
            ("video_metadata", "videoMetadata", Opaque),
        ],
        Blob => &[("mime_type", "mimeType", Opaque), ("data", "data", Opaque)],
        FileData => &[("mime_type", "mimeType", Opaque), ("file_uri", "fileUri", Opaque)],
        FunctionCall => &[("name", "name", Opaque), ("args", "args", Opaque), ("id", "id", Opaque)],
        FunctionResponse => &[("name", "name", Opaque), ("response", "response", Opaque), ("id", "id", Opaque)],
        GenerationConfig => &[
            ("temperature", "temperature", Opaque),
            ("top_p", "topP", Opaque),
            ("top_k", "topK", Opaque),
            ("candidate_count", "candidateCount", Opaque),
            ("max_output_tokens", "maxOutputTokens", Opaque),
            ("stop_sequences", "stopSequences", Opaque),
            ("presence_penalty", "presencePenalty", Opaque),
            ("frequency_penalty", "frequencyPenalty", Opaque),
            ("seed", "seed", Opaque),
            ("response_mime_type", "responseMimeType", Opaque),
            ("response_schema", "responseSchema", Opaque),
            ("response_json_schema", "responseJsonSchema", Opaque),
            ("response_modalities", "responseModalities", Opaque),
            ("response_logprobs", "responseLogprobs", Opaque),
            ("logprobs", "logprobs", Opaque),
            ("thinking_config", "thinkingConfig", ThinkingConfig),
            ("image_config", "imageConfig", ImageConfig),
            ("speech_config", "speechConfig", Opaque),
            ("media_resolution", "mediaResolution", Opaque),
        ],
        ThinkingConfig => &[
            ("thinking_level", "thinkingLevel", Opaque),
            ("thinking_budget", "thinkingBudget", Opaque),
            ("include_thoughts", "includeThoughts", Opaque),
        ],
        ImageConfig => &[("aspect_ratio", "aspectRatio", Opaque), ("image_size", "imageSize", Opaque)],
        Tool => &[
            ("function_declarations", "functionDeclarations", List(&FunctionDeclaration)),
            ("google_search", "googleSearch", Opaque),
            ("google_search_retrieval", "googleSearchRetrieval", Opaque),
            ("code_execution", "codeExecution", Opaque),
            ("url_context", "urlContext", Opaque),
        ],
        FunctionDeclaration => &[
            ("name", "name", Opaque),
            ("description", "description", Opaque),
            ("parameters", "parameters", Opaque),
            ("parameters_json_schema", "parametersJsonSchema", Opaque),
            ("response", "response", Opaque),
            ("response_json_schema", "responseJsonSchema", Opaque),
        ],
        ToolConfig => &[("function_calling_config", "functionCallingConfig", FunctionCallingConfig)],
        FunctionCallingConfig => &[
            ("mode", "mode", Opaque),
            ("allowed_function_names", "allowedFunctionNames", Opaque),
        ],
    }
}

const TOP_LEVEL: &[(&str, &str, Node)] = &[
    ("contents", "contents", Node::Contents),
    ("system_instruction", "systemInstruction", Node::Content),
    ("generation_config", "generationConfig", Node::GenerationConfig),
    ("safety_settings", "safetySettings", Node::Opaque),
    ("tools", "tools", Node::List(&Node::Tool)),
    ("tool_config", "toolConfig", Node::ToolConfig),
    ("cached_content", "cachedContent", Node::Opaque),
    ("labels", "labels", Node::Opaque),
];

/// Rewrites a generateContent body into the wire spelling. `model` is not part of the
/// body (it goes in the path) and must have been taken out by the caller.
pub(crate) fn normalize_request(body: Value) -> Result<Value> {
    let Value::Object(map) = body else {
        return Err(Error::invalid_argument("the generateContent request must be a JSON object"));
    };
    let out = rename_keys(map, TOP_LEVEL, "")?;
    if !out.contains_key("contents") {
        return Err(Error::invalid_argument("contents is required"));
    }
    Ok(Value::Object(out))
}

fn rename_keys(map: Map<String, Value>, known: &[(&str, &str, Node)], at: &str) -> Result<Map<String, Value>> {
    let mut out = Map::with_capacity(map.len());
    for (key, value) in map {
        let found = known.iter().find(|(snake, camel, _)| key == *snake || key == *camel);
        let (name, value) = match found {
            Some((snake, camel, node)) => {
                let path = join(at, snake);
                (camel.to_string(), walk(value, *node, &path)?)
            }
            None => (key, value),
        };
        if out.contains_key(&name) {
            return Err(Error::invalid_argument(format!("{} is given twice (in both spellings)", join(at, &name))));
        }
        out.insert(name, value);
    }
    Ok(out)
}

fn walk(value: Value, node: Node, at: &str) -> Result<Value> {
    match (node, value) {
        (Node::Opaque, v) | (_, v @ Value::Null) => Ok(v),
        (Node::Contents, Value::String(text)) => Ok(Value::Array(vec![user_text(text)])),
        (Node::Contents, Value::Array(items)) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::String(text) => Ok(user_text(text)),
                other => walk(other, Node::Content, &format!("{at}[{i}]")),
            })
            .collect::<Result<Vec<_>>>()
            .map(Value::Array),
        (Node::Contents, Value::Object(map)) => Ok(Value::Array(vec![walk(Value::Object(map), Node::Content, &format!("{at}[0]"))?])),
        (Node::Content, Value::String(text)) => Ok(serde_json::json!({"parts": [{"text": text}]})),
        (Node::Part, Value::String(text)) => Ok(serde_json::json!({"text": text})),
        (Node::List(inner), Value::Array(items)) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| walk(item, *inner, &format!("{at}[{i}]")))
            .collect::<Result<Vec<_>>>()
            .map(Value::Array),
        (Node::List(_), other) => Err(wrong_type(at, "a list", &other)),
        (node, Value::Object(map)) => Ok(Value::Object(rename_keys(map, fields(node), at)?)),
        (_, other) => Err(wrong_type(at, "an object", &other)),
    }
}

fn user_text(text: String) -> Value {
    serde_json::json!({"role": "user", "parts": [{"text": text}]})
}

fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_string()
    } else {
        format!("{at}.{key}")
    }
}

fn wrong_type(at: &str, want: &str, got: &Value) -> Error {
    let kind = match got {
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
        Value::Null => "null",
    };
    Error::invalid_argument(format!("{at} must be {want}, not {kind}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn renames_known_keys_only_and_never_user_data() {
        let body = json!({
            "contents": "Hi",
            "system_instruction": "Be brief",
            "generation_config": {"max_output_tokens": 10, "thinking_config": {"thinking_level": "low"}, "response_schema": {"type": "object", "properties": {"snake_case_field": {"type": "string"}}}},
            "tools": [{"function_declarations": [{"name": "f", "parameters": {"properties": {"city_name": {"type": "string"}}}}]}],
            "vendor_extra": {"keep_me": 1}
        });
        let out = normalize_request(body).unwrap();
        assert_eq!(out["contents"], json!([{"role": "user", "parts": [{"text": "Hi"}]}]));
        assert_eq!(out["systemInstruction"], json!({"parts": [{"text": "Be brief"}]}));
        assert_eq!(out["generationConfig"]["maxOutputTokens"], 10);
        assert_eq!(out["generationConfig"]["thinkingConfig"]["thinkingLevel"], "low");
        assert!(out["generationConfig"]["responseSchema"]["properties"]["snake_case_field"].is_object());
        assert!(out["tools"][0]["functionDeclarations"][0]["parameters"]["properties"]["city_name"].is_object());
        assert_eq!(out["vendor_extra"], json!({"keep_me": 1}));
    }

    #[test]
    fn function_args_and_parts_keep_their_data() {
        let body = json!({"contents": [{"role": "model", "parts": [{"function_call": {"name": "f", "args": {"first_name": "A"}}}, {"inline_data": {"mime_type": "image/png", "data": "AAAA"}}]}]});
        let out = normalize_request(body).unwrap();
        let parts = &out["contents"][0]["parts"];
        assert_eq!(parts[0]["functionCall"]["args"], json!({"first_name": "A"}));
        assert_eq!(parts[1]["inlineData"], json!({"mimeType": "image/png", "data": "AAAA"}));
    }

    #[test]
    fn errors_name_the_place() {
        let e = normalize_request(json!({"contents": [{"parts": 5}]})).unwrap_err();
        assert!(e.message().contains("contents[0].parts"), "{}", e.message());
        let e = normalize_request(json!({"systemInstruction": "a", "system_instruction": "b", "contents": "x"})).unwrap_err();
        assert!(e.message().contains("twice"));
        assert!(normalize_request(json!({"generationConfig": {}})).unwrap_err().message().contains("contents"));
    }
}
