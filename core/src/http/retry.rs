//! CONTRACT.md's retry rules: what is retried and how long to wait before the next try.

use std::time::{Duration, SystemTime};

use http::HeaderMap;

/// Statuses worth another try: timeouts, conflicts, rate limits, overloads, server errors.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 409 | 429 | 500 | 502 | 503 | 504 | 529)
}

const BASE_BACKOFF: f64 = 0.5;
const MAX_BACKOFF: f64 = 8.0;
const MAX_RETRY_AFTER: f64 = 60.0;

/// How long to wait before retry number `retry` (0 for the first retry), honouring the
/// server's `retry-after-ms` / `retry-after` when they are usable.
pub(crate) fn delay_before_retry(retry: u32, headers: Option<&HeaderMap>) -> Duration {
    if let Some(secs) = headers.and_then(retry_after_secs) {
        // A small positive jitter so many clients told the same time don't return at once.
        return Duration::from_secs_f64(secs * (1.0 + 0.1 * fastrand::f64()));
    }
    let backoff = (BASE_BACKOFF * 2f64.powi(retry.min(16) as i32)).min(MAX_BACKOFF);
    Duration::from_secs_f64(backoff * (1.0 - 0.25 * fastrand::f64()))
}

/// The server's requested wait in seconds, if it is present, parsable and in (0, 60].
fn retry_after_secs(headers: &HeaderMap) -> Option<f64> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    let secs = if let Some(ms) = header("retry-after-ms") {
        ms.parse::<f64>().ok().map(|ms| ms / 1000.0)
    } else {
        header("retry-after").and_then(parse_retry_after)
    }?;
    (secs.is_finite() && secs > 0.0 && secs <= MAX_RETRY_AFTER).then_some(secs)
}

/// `Retry-After` is either delta-seconds or an HTTP date.
fn parse_retry_after(value: &str) -> Option<f64> {
    if let Ok(secs) = value.parse::<f64>() {
        return Some(secs);
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(match when.duration_since(SystemTime::now()) {
        Ok(ahead) => ahead.as_secs_f64(),
        Err(_) => 0.0, // a date in the past: unusable, fall back to backoff
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn backoff_grows_caps_and_jitters_down() {
        for retry in 0..10 {
            let d = delay_before_retry(retry, None).as_secs_f64();
            let full = (0.5 * 2f64.powi(retry as i32)).min(8.0);
            assert!(d <= full && d >= full * 0.75, "retry {retry}: {d}");
        }
    }

    #[test]
    fn retry_after_forms() {
        let d = delay_before_retry(0, Some(&headers(&[("retry-after-ms", "1500")]))).as_secs_f64();
        assert!((1.5..=1.65).contains(&d), "{d}");
        let d = delay_before_retry(0, Some(&headers(&[("retry-after", "2")]))).as_secs_f64();
        assert!((2.0..=2.2).contains(&d), "{d}");
        let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(5));
        let d = delay_before_retry(0, Some(&headers(&[("retry-after", &date)]))).as_secs_f64();
        assert!((3.5..=5.6).contains(&d), "{d}");
        // ms wins over seconds
        let d = delay_before_retry(0, Some(&headers(&[("retry-after-ms", "100"), ("retry-after", "9")]))).as_secs_f64();
        assert!(d < 0.2, "{d}");
    }

    #[test]
    fn unusable_retry_after_falls_back_to_backoff() {
        for v in ["0", "-1", "61", "soon", "Wed, 21 Oct 2015 07:28:00 GMT"] {
            let d = delay_before_retry(1, Some(&headers(&[("retry-after", v)]))).as_secs_f64();
            assert!((0.75..=1.0).contains(&d), "{v}: {d}");
        }
    }
}
