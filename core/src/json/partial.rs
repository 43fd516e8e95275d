//! Reading JSON that was cut short (a tool input when the message stopped at
//! `max_tokens`), with jiter's partial mode rather than a parser of our own: it gives
//! the longest complete prefix with open strings, arrays and objects closed and an
//! unfinished trailing string dropped, which is what the official Anthropic SDK's
//! partial parse gives (it uses jiter too).

use jiter::{JsonValue, PartialMode};
use serde_json::{Map, Number, Value};

/// `text` read as far as it goes; `None` when nothing of it can be read.
pub fn parse_partial(text: &str) -> Option<Value> {
    let value = JsonValue::parse_with_config(text.as_bytes(), false, PartialMode::On).ok()?;
    Some(to_serde(value))
}

fn to_serde(value: JsonValue<'_>) -> Value {
    match value {
        JsonValue::Null => Value::Null,
        JsonValue::Bool(b) => Value::Bool(b),
        JsonValue::Int(i) => Value::Number(i.into()),
        // Beyond i64 (an id, say): a u64 as serde_json reads it, else the nearest f64,
        // rather than failing the whole input (the SDK's jiter reads these too).
        JsonValue::BigInt(big) => match u64::try_from(&big) {
            Ok(n) => Value::Number(n.into()),
            Err(_) => big.to_string().parse::<f64>().ok().and_then(Number::from_f64).map_or(Value::Null, Value::Number),
        },
        JsonValue::Float(f) => Number::from_f64(f).map_or(Value::Null, Value::Number),
        JsonValue::Str(s) => Value::String(s.into_owned()),
        JsonValue::Array(items) => Value::Array(items.iter().cloned().map(to_serde).collect()),
        JsonValue::Object(members) => {
            // A repeated key keeps its last value, as serde_json and JSON.parse do.
            let mut map = Map::with_capacity(members.len());
            for (key, value) in members.iter().cloned() {
                map.insert(key.into_owned(), to_serde(value));
            }
            Value::Object(map)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn closes_what_is_open_and_drops_an_unfinished_string() {
        assert_eq!(parse_partial(r#"{"a": [1, 2"#), Some(json!({"a": [1, 2]})));
        assert_eq!(parse_partial(r#"{"a": "x", "b": ["y", "unfini"#), Some(json!({"a": "x", "b": ["y"]})));
        assert_eq!(parse_partial(r#"{"a": 1, "b"#), Some(json!({"a": 1})));
        assert_eq!(parse_partial(r#"{"a": {"b": 1.5}, "c": true}"#), Some(json!({"a": {"b": 1.5}, "c": true})));
        assert_eq!(parse_partial("}"), None);
        // Found by the partial_json fuzz target: a big integer failed the whole input.
        assert_eq!(parse_partial(r#"{"id": 18446744073709551615, "n": 3"#), Some(json!({"id": 18446744073709551615u64, "n": 3})));
        assert_eq!(parse_partial("33333333333333333333333333"), Some(json!(3.3333333333333333e25)));
    }
}
