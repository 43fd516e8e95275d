//! One folder per model family (`mod.rs` holds its request and response model and its
//! operations; accumulation and helpers sit beside it), plus `models.rs`.

pub mod chat;
pub mod gemini;
pub mod messages;
pub mod images;
pub mod media;
pub mod models;
pub mod videos;
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
    /// Anthropic Messages (`/v1/messages`).
    pub fn messages(&self) -> messages::Messages<'_> {
        messages::Messages { client: self }
    }
    /// Image generation and editing over the OpenAI-style routes.
    pub fn images(&self) -> images::Images<'_> {
        images::Images { client: self }
    }
    /// Video tasks (Sora-2 and Seedance): create, retrieve, wait, download.
    pub fn videos(&self) -> videos::Videos<'_> {
        videos::Videos { client: self }
    }
    /// OpenAI Responses.
    pub fn responses(&self) -> responses::Responses<'_> {
        responses::Responses { client: self }
    }
    pub fn models(&self) -> models::Models<'_> {
        models::Models { client: self }
    }
}
