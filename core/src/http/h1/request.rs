//! Writes one HTTP/1.1 request head (RFC 9112, section 3).

use http::header::{CONTENT_LENGTH, HOST, PROXY_AUTHORIZATION};
use http::{HeaderMap, HeaderValue, Method, Uri};

/// The request head for `uri`, with `host` and `content-length` added unless `headers`
/// has them. `absolute` gives the target in absolute form, as a forwarding proxy needs,
/// and `proxy_authorization` is that proxy's credentials.
pub(crate) fn encode(
    method: &Method,
    uri: &Uri,
    absolute: bool,
    headers: &HeaderMap,
    proxy_authorization: Option<&HeaderValue>,
    body_len: Option<usize>,
    out: &mut Vec<u8>,
) {
    out.extend_from_slice(method.as_str().as_bytes());
    out.push(b' ');
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    if absolute {
        let scheme = uri.scheme_str().unwrap_or("http");
        out.extend_from_slice(format!("{scheme}://{}", host(uri)).as_bytes());
    }
    out.extend_from_slice(if path.is_empty() { "/" } else { path }.as_bytes());
    out.extend_from_slice(b" HTTP/1.1\r\n");
    if !headers.contains_key(HOST) {
        line(out, HOST.as_str(), host(uri).as_bytes());
    }
    for (name, value) in headers {
        line(out, name.as_str(), value.as_bytes());
    }
    if let Some(credentials) = proxy_authorization {
        line(out, PROXY_AUTHORIZATION.as_str(), credentials.as_bytes());
    }
    // A POST without a body still says so, or the server waits for one.
    let length = body_len.or_else(|| matches!(*method, Method::POST | Method::PUT | Method::PATCH).then_some(0));
    if let Some(length) = length.filter(|_| !headers.contains_key(CONTENT_LENGTH)) {
        line(out, CONTENT_LENGTH.as_str(), length.to_string().as_bytes());
    }
    out.extend_from_slice(b"\r\n");
}

fn line(out: &mut Vec<u8>, name: &str, value: &[u8]) {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b": ");
    out.extend_from_slice(value);
    out.extend_from_slice(b"\r\n");
}

/// The host and, when it is not the scheme's default, the port; never credentials.
fn host(uri: &Uri) -> String {
    let host = uri.host().unwrap_or_default();
    let default_port = if uri.scheme() == Some(&http::uri::Scheme::HTTPS) { 443 } else { 80 };
    match uri.port_u16() {
        Some(port) if port != default_port => format!("{host}:{port}"),
        _ => host.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(method: Method, uri: &str, absolute: bool, body_len: Option<usize>) -> String {
        let mut headers = HeaderMap::new();
        headers.insert("authorization", HeaderValue::from_static("Bearer k"));
        let mut out = Vec::new();
        encode(&method, &uri.parse().unwrap(), absolute, &headers, None, body_len, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn origin_form_with_host_and_length() {
        assert_eq!(
            text(Method::POST, "http://127.0.0.1:8080/v1/chat/completions?x=1", false, Some(12)),
            "POST /v1/chat/completions?x=1 HTTP/1.1\r\nhost: 127.0.0.1:8080\r\nauthorization: Bearer k\r\ncontent-length: 12\r\n\r\n"
        );
    }

    #[test]
    fn absolute_form_for_a_proxy_and_no_default_port_or_credentials_in_host() {
        assert_eq!(
            text(Method::GET, "http://user:pw@gw.example:80/v1/models", true, None),
            "GET http://gw.example/v1/models HTTP/1.1\r\nhost: gw.example\r\nauthorization: Bearer k\r\n\r\n"
        );
    }

    #[test]
    fn an_empty_post_says_its_length() {
        assert!(text(Method::POST, "http://gw.example/v1/x", false, None).contains("content-length: 0\r\n"));
    }
}
