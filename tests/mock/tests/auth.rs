mod common;

use common::{script, send, AUTH};
use serde_json::json;
use tokenhot_mock::{MockConfig, MockServer};

#[tokio::test]
async fn missing_or_empty_key_is_401_in_the_gateway_shape() {
    let mock = MockServer::start().await;
    for headers in [
        vec![],
        vec![("authorization", "Bearer ")],
        vec![("authorization", "Basic abc")],
        vec![("x-api-key", "")],
    ] {
        let response = send(mock.addr(), "GET", "/v1/models", &headers, b"").await;
        assert_eq!(response.status, 401, "{headers:?}");
        let id = response
            .header("x-request-id")
            .expect("x-request-id")
            .to_owned();
        assert!(id.starts_with("mock-req-"));
        assert_eq!(
            response.json(),
            json!({"error": {
                "message": format!("Invalid token (request id: {id})"),
                "type": "new_api_error",
                "param": null,
                "code": "invalid_api_key",
            }})
        );
        assert_eq!(response.header("content-type"), Some("application/json"));
    }
}

#[tokio::test]
async fn any_non_empty_key_in_any_of_the_three_headers_is_accepted() {
    let mock = MockServer::start().await;
    for header in [
        AUTH,
        ("x-api-key", "k"),
        ("x-goog-api-key", "k"),
        ("authorization", "bearer sk-lower"),
    ] {
        let response = send(mock.addr(), "GET", "/v1/models", &[header], b"").await;
        assert_eq!(response.status, 200, "{header:?}");
    }
}

#[tokio::test]
async fn a_fixed_key_accepts_only_itself() {
    let mock = MockServer::start_with(MockConfig {
        api_key: Some("sk-fixed".into()),
    })
    .await;
    let wrong = send(mock.addr(), "GET", "/v1/models", &[AUTH], b"").await;
    assert_eq!(wrong.status, 401);
    let right = send(
        mock.addr(),
        "GET",
        "/v1/models",
        &[("authorization", "Bearer sk-fixed")],
        b"",
    )
    .await;
    assert_eq!(right.status, 200);
    let goog = send(
        mock.addr(),
        "GET",
        "/v1/models",
        &[("x-goog-api-key", "sk-fixed")],
        b"",
    )
    .await;
    assert_eq!(goog.status, 200);
}

#[tokio::test]
async fn request_ids_count_per_server_and_control_routes_need_no_key() {
    let mock = MockServer::start().await;
    let health = send(mock.addr(), "GET", "/__mock/health", &[], b"").await;
    assert_eq!((health.status, health.text().as_str()), (200, "ok"));
    assert_eq!(health.header("x-request-id"), Some("mock-req-1"));
    let next = send(mock.addr(), "GET", "/v1/models", &[AUTH], b"").await;
    assert_eq!(next.header("x-request-id"), Some("mock-req-2"));
}

#[tokio::test]
async fn an_unauthorized_request_is_logged_but_does_not_use_up_a_script() {
    let mock = MockServer::start().await;
    script(mock.addr(), "", json!([{"status": 503, "json": {"x": 1}}])).await;
    let rejected = send(mock.addr(), "GET", "/v1/models", &[], b"").await;
    assert_eq!(rejected.status, 401);
    let scripted = send(mock.addr(), "GET", "/v1/models", &[AUTH], b"").await;
    assert_eq!(scripted.status, 503);
    let log = common::requests(mock.addr(), "").await;
    assert_eq!(log.len(), 2);
}
