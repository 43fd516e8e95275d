//! Writing server-sent-event frames.

use bytes::Bytes;

/// One event: optional `event:` and `id:` lines, one `data:` line per line of `data`
/// (a line break inside data must become several data lines, or the event would end
/// early or carry a stray field), and the blank line that ends the event.
pub(crate) fn frame(event: Option<&str>, id: Option<&str>, data: &str) -> Bytes {
    let mut out = String::with_capacity(data.len() + 16);
    if let Some(event) = event {
        out.push_str("event: ");
        out.push_str(event);
        out.push('\n');
    }
    if let Some(id) = id {
        out.push_str("id: ");
        out.push_str(id);
        out.push('\n');
    }
    for line in lines(data) {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    Bytes::from(out)
}

/// A `data:` frame for a payload known to hold no line break (compact JSON).
pub(crate) fn data_frame(json: &str) -> Bytes {
    let mut out = Vec::with_capacity(json.len() + 8);
    out.extend_from_slice(b"data: ");
    out.extend_from_slice(json.as_bytes());
    out.extend_from_slice(b"\n\n");
    Bytes::from(out)
}

pub(crate) fn has_line_break(s: &str) -> bool {
    s.contains(['\n', '\r'])
}

/// Split on CRLF, LF or CR, the three line ends an SSE parser accepts.
fn lines(data: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(data);
    std::iter::from_fn(move || {
        let text = rest?;
        match text.find(['\r', '\n']) {
            Some(at) => {
                let skip = if text[at..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&text[at + skip..]);
                Some(&text[..at])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_data_becomes_several_data_lines() {
        let f = frame(Some("ping"), Some("7"), "a\nb\r\nc\rd");
        assert_eq!(
            &f[..],
            b"event: ping\nid: 7\ndata: a\ndata: b\ndata: c\ndata: d\n\n"
        );
        assert_eq!(&frame(None, None, "")[..], b"data: \n\n");
    }
}
