//! Helpers shared by the integration tests that talk to the mock gateway.

use std::time::{Duration, Instant};

use serde_json::Value;
use tokenhot_mock::MockServer;

/// Polls the mock's log until the last request has the wanted outcome (bounded).
pub async fn wait_for_outcome(mock: &MockServer, session: &str, want: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let log = mock.requests(session);
        if log.as_array().and_then(|l| l.last()).is_some_and(|r| r["outcome"] == want) {
            return log;
        }
        assert!(Instant::now() < deadline, "outcome {want} never seen: {log}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
