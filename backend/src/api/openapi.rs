//! The OpenAPI document, generated from the handlers' annotations so it cannot drift
//! from the code.

use axum::response::IntoResponse;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use super::{account, books, covers, labels, reports, transfer};
use crate::storage::{SortKey, SortOrder};
use crate::transfer::ExportFormat;

#[derive(OpenApi)]
#[openapi(
    info(title = "estante", description = "A personal book library per user."),
    paths(
        books::list, books::create, books::show, books::update, books::delete,
        books::show_entry, books::update_entry, books::merge, books::add_reading, books::show_reading, books::update_reading,
        books::delete_reading, books::stats, covers::put_cover, covers::get_cover, covers::fetch_cover,
        labels::list_shelves, labels::create_shelf, labels::show_shelf, labels::rename_shelf,
        labels::delete_shelf, labels::attach_shelf, labels::detach_shelf,
        labels::list_tags, labels::create_tag, labels::show_tag, labels::rename_tag,
        labels::delete_tag, labels::attach_tag, labels::detach_tag,
        transfer::import, transfer::export, account::login, account::list_tokens,
        account::revoke_token, account::revoke_current_token, account::me,
        reports::create, reports::show, reports::download,
    ),
    // Enums used only as query parameters: utoipa refers to them but does not add
    // them to the components by itself.
    components(schemas(SortKey, SortOrder, ExportFormat)),
    modifiers(&BearerAuth, &ProblemResponses),
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Documents the error responses that every operation shares, so no handler can
/// forget one. Each `Problem` body is `application/problem+json`, the content type
/// that [`super::ApiError`] sends. Each operation behind a bearer token can return
/// 401, each operation with parameters or a body can return 422 from the extractors,
/// and each operation with a body can return 413 from the body limits.
struct ProblemResponses;

const PROBLEM_SCHEMA: &str = "#/components/schemas/Problem";
const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

impl Modify for ProblemResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                document_problems(operation);
            }
        }
    }
}

fn document_problems(operation: &mut Operation) {
    let responses = &mut operation.responses.responses;
    for response in responses.values_mut() {
        let RefOr::T(response) = response else {
            continue;
        };
        let is_problem = response.content.get("application/json").is_some_and(|content| {
            matches!(&content.schema, Some(RefOr::Ref(r)) if r.ref_location == PROBLEM_SCHEMA)
        });
        if is_problem && let Some(content) = response.content.shift_remove("application/json") {
            response
                .content
                .insert(PROBLEM_CONTENT_TYPE.to_string(), content);
        }
    }

    let secured = operation
        .security
        .as_ref()
        .is_some_and(|requirements| !requirements.is_empty());
    if secured {
        responses.entry("401".to_string()).or_insert_with(|| {
            problem_response("The bearer token is missing, not valid or expired.")
        });
    }
    let has_input = operation
        .parameters
        .as_ref()
        .is_some_and(|parameters| !parameters.is_empty())
        || operation.request_body.is_some();
    if has_input {
        responses.entry("422".to_string()).or_insert_with(|| {
            problem_response("A parameter, header or body field is invalid; `field` names it.")
        });
    }
    if operation.request_body.is_some() {
        responses.insert(
            "413".to_string(),
            problem_response("The body is larger than the limit of this operation."),
        );
    }
}

fn problem_response(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                PROBLEM_CONTENT_TYPE,
                Content::new(Some(Ref::from_schema_name("Problem"))),
            )
            .build(),
    )
}

/// Returns the OpenAPI document as JSON.
pub fn openapi_json() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_default()
}

pub async fn serve() -> impl IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        openapi_json(),
    )
}
