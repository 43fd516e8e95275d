//! One module per model family.

pub mod accumulating_stream;
pub mod chat;
pub mod chat_accumulate;
mod chat_chunk_read;
pub mod gemini;
pub mod gemini_accumulate;
mod gemini_fields;
pub mod gemini_helpers;
mod image_fetch;
pub mod lone_surrogates;
pub mod models;
mod open_enum;
mod raw_json;

use crate::client::Client;

impl Client {
    /// Chat completions in the OpenAI format.
    pub fn chat(&self) -> chat::Chat<'_> {
        chat::Chat { client: self }
    }
    /// Gemini's native generateContent.
    pub fn gemini(&self) -> gemini::Gemini<'_> {
        gemini::Gemini { client: self }
    }
    pub fn models(&self) -> models::Models<'_> {
        models::Models { client: self }
    }
}
