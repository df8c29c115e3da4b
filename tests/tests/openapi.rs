//! The OpenAPI document against the server's real responses. Each test replays an
//! input on which Schemathesis (`scripts/schemathesis`) found the server and its
//! document disagreeing, or checks the document for the whole kind of that mismatch.

#![allow(clippy::unwrap_used)]

use estante_backend::reports::ReportFormat;
use estante_tests::{Backend, TestServer, both_backends};
use reqwest::{Method, StatusCode};
use serde_json::Value;

both_backends! {
    out_of_range_cover_id_is_422 => crate::out_of_range_cover_id_is_422;
    import_without_multipart_is_422 => crate::import_without_multipart_is_422;
}

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

async fn document() -> Value {
    let server = TestServer::start(Backend::Sqlite).await;
    let reply = server.anonymous().get("/api/v1/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.body
}

/// Lists `(method, path, operation)` for every operation in the document.
fn operations(document: &Value) -> Vec<(&'static str, String, &Value)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                found.push((method, path.clone(), operation));
            }
        }
    }
    found
}

fn collect_refs<'a>(value: &'a Value, refs: &mut Vec<&'a str>) {
    match value {
        Value::Object(object) => {
            for (key, inner) in object {
                match (key.as_str(), inner) {
                    ("$ref", Value::String(target)) => refs.push(target),
                    _ => collect_refs(inner, refs),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, refs)),
        _ => {}
    }
}

/// The query enums of GET /books (`sort`, `order`) and GET /export (`format`) were
/// referred to but missing from the components, so clients could not resolve them.
#[tokio::test]
async fn openapi_refs_resolve() {
    let document = document().await;
    let mut refs = Vec::new();
    collect_refs(&document, &mut refs);
    assert!(!refs.is_empty());

    for target in refs {
        let name = target
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("{target} is not a schema reference"));
        assert!(
            document["components"]["schemas"][name].is_object(),
            "{target} does not resolve"
        );
    }
}

/// Error bodies are sent as `application/problem+json`, so the document must list
/// them under that content type and never under `application/json`.
#[tokio::test]
async fn problems_documented_as_problem_json() {
    let document = document().await;
    let problem = "#/components/schemas/Problem";

    for (method, path, operation) in operations(&document) {
        for (status, response) in operation["responses"].as_object().unwrap() {
            let content = &response["content"];
            assert_ne!(
                content["application/json"]["schema"]["$ref"], problem,
                "{method} {path} {status} lists a Problem as application/json"
            );
            if status.starts_with('4') || status.starts_with('5') {
                assert_eq!(
                    content["application/problem+json"]["schema"]["$ref"], problem,
                    "{method} {path} {status} has no problem+json body"
                );
            }
        }
    }
}

/// Every operation behind a token can return 401, every operation with a parameter
/// or a body can return 422 from the extractors, and every operation with a body can
/// return 413 from the body limits.
#[tokio::test]
async fn shared_errors_documented() {
    let document = document().await;

    for (method, path, operation) in operations(&document) {
        let responses = &operation["responses"];
        let secured = operation["security"]
            .as_array()
            .is_some_and(|requirements| !requirements.is_empty());
        if secured {
            assert!(responses["401"].is_object(), "{method} {path} lacks 401");
        }
        let has_input = operation["parameters"]
            .as_array()
            .is_some_and(|parameters| !parameters.is_empty())
            || operation["requestBody"].is_object();
        if has_input {
            assert!(responses["422"].is_object(), "{method} {path} lacks 422");
        }
        if operation["requestBody"].is_object() {
            assert!(responses["413"].is_object(), "{method} {path} lacks 413");
        }
    }
}

/// A JSON report was sent as application/json while only text/markdown was
/// documented. Every report format's content type must be listed.
#[tokio::test]
async fn report_download_types_documented() {
    let document = document().await;
    let content =
        &document["paths"]["/api/v1/reports/{id}/download"]["get"]["responses"]["200"]["content"];

    for format in ReportFormat::ALL {
        let media_type = format.content_type().split(';').next().unwrap();
        assert!(
            content[media_type].is_object(),
            "{media_type} is not documented: {content}"
        );
    }
}

/// Checks that an id past `i64::MAX` gets problem+json on the cover routes, where
/// axum's own `Path` once rejected it as 400 text/plain, unlike every other route.
async fn out_of_range_cover_id_is_422(backend: Backend) {
    let server = TestServer::start(backend).await;
    let client = server.client("ana").await;
    let path = "/api/v1/books/9223372036854775808";

    for (method, suffix) in [
        (Method::GET, "/cover"),
        (Method::PUT, "/cover"),
        (Method::POST, "/cover/fetch"),
    ] {
        let reply = client
            .send(method.clone(), &format!("{path}{suffix}"), None, None)
            .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{method} {suffix}: {}",
            reply.text
        );
        assert_eq!(
            reply.headers["content-type"], "application/problem+json",
            "{method} {suffix}"
        );
        assert_eq!(reply.body["field"], "path", "{method} {suffix}");
    }
}

/// Checks that a POST without a multipart body gets problem+json, where axum's
/// `Multipart` once rejected it as 400 text/plain ("Invalid `boundary`").
async fn import_without_multipart_is_422(backend: Backend) {
    let server = TestServer::start(backend).await;
    let client = server.client("ana").await;

    let response = client
        .http
        .post(format!("{}/api/v1/imports", client.base))
        .bearer_auth(client.token.as_ref().unwrap())
        .send()
        .await
        .unwrap();
    let reply = estante_tests::Client::reply(response).await;

    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text
    );
    assert_eq!(reply.headers["content-type"], "application/problem+json");
    assert_eq!(reply.body["field"], "Content-Type");
}
