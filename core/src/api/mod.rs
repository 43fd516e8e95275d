//! One folder per model family (`mod.rs` holds its request and response model and its
//! operations; accumulation and helpers sit beside it), plus `models.rs`.

pub mod chat;
pub mod gemini;
pub mod models;
pub mod responses;

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
    /// OpenAI Responses.
    pub fn responses(&self) -> responses::Responses<'_> {
        responses::Responses { client: self }
    }
    pub fn models(&self) -> models::Models<'_> {
        models::Models { client: self }
    }
}
