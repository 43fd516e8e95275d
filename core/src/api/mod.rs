//! One module per model family.

pub mod accumulating_stream;
pub mod chat;
pub mod chat_accumulate;
pub mod models;
mod open_enum;

use crate::client::Client;

impl Client {
    /// Chat completions in the OpenAI format.
    pub fn chat(&self) -> chat::Chat<'_> {
        chat::Chat { client: self }
    }
    pub fn models(&self) -> models::Models<'_> {
        models::Models { client: self }
    }
}
