//! Which requests carry an acceptable API key. Like the gateway (new-api), a key may come
//! as `Authorization: Bearer`, `x-api-key` (Anthropic route) or `x-goog-api-key` (Gemini).

use http::HeaderMap;

pub(crate) fn authorized(headers: &HeaderMap, fixed_key: Option<&str>) -> bool {
    presented_keys(headers).any(|key| match fixed_key {
        Some(fixed) => key == fixed,
        None => !key.is_empty(),
    })
}

fn presented_keys(headers: &HeaderMap) -> impl Iterator<Item = &str> {
    let bearer = headers
        .get_all(http::header::AUTHORIZATION)
        .into_iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(strip_bearer);
    let plain = ["x-api-key", "x-goog-api-key"]
        .into_iter()
        .flat_map(move |name| headers.get_all(name).into_iter())
        .filter_map(|v| v.to_str().ok())
        .map(str::trim);
    bearer.chain(plain)
}

fn strip_bearer(value: &str) -> Option<&str> {
    let value = value.trim();
    let (scheme, rest) = value.split_at_checked(6)?;
    let separated = rest.is_empty() || rest.starts_with([' ', '\t']);
    (scheme.eq_ignore_ascii_case("bearer") && separated).then(|| rest.trim())
}
