//! `GET /v1/models`: a fixed list in the gateway's shape, serialized once.

use std::sync::OnceLock;

use bytes::Bytes;
use http::StatusCode;
use serde_json::json;

use crate::reply::Reply;

const MODELS: &[(&str, &str)] = &[
    ("gpt-4o-mini", "openai"),
    ("gpt-5", "openai"),
    ("claude-sonnet-4-5", "anthropic"),
    ("gemini-2.5-flash", "google"),
    ("doubao-seedance-2-0-260128", "volcengine"),
    ("sora-2", "openai"),
];

pub(crate) fn answer() -> Reply {
    static BODY: OnceLock<Bytes> = OnceLock::new();
    let body = BODY.get_or_init(|| {
        let data: Vec<_> = MODELS
            .iter()
            .map(|(id, owner)| json!({"id": id, "object": "model", "created": 1_626_777_600, "owned_by": owner}))
            .collect();
        Bytes::from(json!({"object": "list", "data": data}).to_string())
    });
    Reply::json(StatusCode::OK, body.clone())
}
