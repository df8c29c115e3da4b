//! The OpenAPI document, generated from the handlers' annotations so it cannot drift
//! from the code.

use axum::response::IntoResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{account, books, covers, labels, reports, transfer};

#[derive(OpenApi)]
#[openapi(
    info(title = "estante", description = "A personal book library per user."),
    paths(
        books::list, books::create, books::show, books::update, books::delete,
        books::update_entry, books::add_reading, books::show_reading, books::update_reading,
        books::delete_reading, books::stats, covers::put_cover, covers::get_cover, covers::fetch_cover,
        labels::list_shelves, labels::create_shelf, labels::show_shelf, labels::rename_shelf,
        labels::delete_shelf, labels::attach_shelf, labels::detach_shelf,
        labels::list_tags, labels::create_tag, labels::show_tag, labels::rename_tag,
        labels::delete_tag, labels::attach_tag, labels::detach_tag,
        transfer::import, transfer::export, account::login, account::me,
        reports::create, reports::show, reports::download,
    ),
    modifiers(&BearerAuth),
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
