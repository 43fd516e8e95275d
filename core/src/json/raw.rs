//! Reading JSON text a level at a time: an object's members with their values left as
//! text (`RawValue`, only checked, not built), so that only what is kept is built as
//! a value. The chat accumulator reads tool calls this way (`api::chat::chunk_read` reads the
//! rest of a chunk in one pass).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value;

use super::lone_surrogates::from_str_lossy;

/// An object's members in wire order: the key (unescaped) and the value as text.
pub(crate) type Members<'a> = Vec<(Cow<'a, str>, &'a RawValue)>;

/// The members of `text` if it is a JSON object.
pub(crate) fn members(text: &str) -> Option<Members<'_>> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let members = deserializer.deserialize_map(MembersVisitor).ok()?;
    deserializer.end().ok()?;
    Some(members)
}

/// The elements of `value` if it is a JSON array.
pub(crate) fn elements(value: &RawValue) -> Option<Vec<&RawValue>> {
    serde_json::from_str(value.get()).ok()
}

pub(crate) fn is_null(value: &RawValue) -> bool {
    value.get() == "null"
}

/// `value` as a `serde_json::Value` (it was checked to be JSON when it was read). A
/// lone surrogate escape, which serde refuses, is read as U+FFFD; only a number `f64`
/// cannot hold still makes it null.
pub(crate) fn to_value(value: &RawValue) -> Value {
    from_str_lossy(value.get()).unwrap_or(Value::Null)
}

/// The `visit_*` methods of a visitor that accepts any JSON value and makes
/// `Default::default()` of what it is not looking for (arrays and objects are read
/// through, so the text is still checked).
macro_rules! accept_anything_else {
    ($($skip:ident),*) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        $(accept_anything_else!(@$skip);)*
    };
    (@seq) => {
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<de::IgnoredAny>()?.is_some() {}
            Ok(Default::default())
        }
    };
    (@map) => {
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
            Ok(Default::default())
        }
    };
}
pub(crate) use accept_anything_else;

struct MembersVisitor;

impl<'de> Visitor<'de> for MembersVisitor {
    type Value = Members<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<'de>, A::Error> {
        let mut members = Vec::with_capacity(8);
        while let Some(key) = map.next_key::<Key<'de>>()? {
            members.push((key.0, map.next_value::<&'de RawValue>()?));
        }
        Ok(members)
    }
}

/// A key, borrowed from the text unless it had escapes.
pub(crate) struct Key<'a>(pub Cow<'a, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor).map(Key)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(s))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s.to_string()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_keep_order_escapes_and_raw_values() {
        let text = r#"{"b": [1, {"x": null}], "a\u0062": "t\"x", "n": null}"#;
        let found = members(text).expect("object");
        let keys: Vec<&str> = found.iter().map(|(k, _)| k.as_ref()).collect();
        assert_eq!(keys, ["b", "ab", "n"]);
        assert_eq!(found[0].1.get(), r#"[1, {"x": null}]"#);
        assert_eq!(elements(found[0].1).map(|e| e.len()), Some(2));
        assert_eq!(to_value(found[1].1), "t\"x");
        assert!(is_null(found[2].1));
        assert!(members("[1]").is_none() && members("{} x").is_none() && members("{\"a\":}").is_none());
    }
}
