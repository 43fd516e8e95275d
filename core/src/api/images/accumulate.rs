//! A streamed image call: `image_generation.partial_image` / `image_edit.partial_image`
//! events with a preview each, then `*.completed` with the final image and usage.
//! Unknown events pass through. The accumulated result is an `ImagesResponse` built
//! from the completed events, the same shape a plain call answers.

use serde_json::{Map, Value};

use super::ImagesResponse;
use crate::json::lone_surrogates::from_str_lossy;
use crate::stream::{Accumulate, AccumulatingStream};

pub type ImagesStream = AccumulatingStream<ImagesAccumulator>;

#[derive(Debug, Default)]
pub struct ImagesAccumulator {
    created: Option<Value>,
    data: Vec<Value>,
    usage: Option<Value>,
}

/// Keys of a completed event that describe the event rather than the image.
const EVENT_KEYS: &[&str] = &["type", "created_at", "usage", "sequence_number"];

impl Accumulate for ImagesAccumulator {
    type Chunk = Value;
    type Final = ImagesResponse;
    const CHUNK: &'static str = "image stream event";
    const FINAL: &'static str = "images response";

    fn push(&mut self, data: &str) -> serde_json::Result<()> {
        let event: Value = from_str_lossy(data)?;
        let Some(event) = event.as_object() else { return Ok(()) };
        let completed = event.get("type").and_then(Value::as_str).is_some_and(|t| t.ends_with(".completed"));
        if !completed {
            return Ok(());
        }
        if self.created.is_none() {
            self.created = event.get("created_at").cloned();
        }
        if let Some(usage) = event.get("usage") {
            self.usage = Some(usage.clone());
        }
        let item: Map<String, Value> =
            event.iter().filter(|(k, _)| !EVENT_KEYS.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect();
        self.data.push(Value::Object(item));
        Ok(())
    }

    fn result(&self) -> Value {
        let mut out = Map::new();
        if let Some(created) = &self.created {
            out.insert("created".into(), created.clone());
        }
        out.insert("data".into(), Value::Array(self.data.clone()));
        if let Some(usage) = &self.usage {
            out.insert("usage".into(), usage.clone());
        }
        Value::Object(out)
    }

    /// The gateway may end the body without `[DONE]` (CONTRACT.md, Images).
    fn check_clean_end(&self) -> std::result::Result<(), &'static str> {
        Ok(())
    }
}
