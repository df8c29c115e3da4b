//! Shelves and tags. Both are named labels on books with the same operations, so one
//! macro writes the handlers of each, with their OpenAPI paths.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::AppState;
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, ApiQuery, AuthUser, if_match, with_etag};
use crate::storage::{Label, LabelKind, Page};

/// The body that creates or renames a shelf or tag.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LabelName {
    pub name: String,
}

/// The page position of a label list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LabelQuery {
    /// Opaque position from the `Link` header of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 1000; 1000 when absent.
    pub limit: Option<u32>,
}

impl LabelQuery {
    const MAX_LIMIT: u32 = 1000;

    /// Returns the name to start after and the page size, or which parameter is wrong.
    fn resolve(&self) -> Result<(Option<String>, u32), ApiError> {
        let limit = self.limit.unwrap_or(Self::MAX_LIMIT);
        if !(1..=Self::MAX_LIMIT).contains(&limit) {
            return Err(ApiError::invalid(
                "limit",
                crate::msg!(
                    "limit-range",
                    "{limit} is not between 1 and {max}",
                    limit = limit,
                    max = Self::MAX_LIMIT
                ),
            ));
        }
        let after = match &self.cursor {
            Some(cursor) => Some(
                URL_SAFE_NO_PAD
                    .decode(cursor)
                    .ok()
                    .and_then(|bytes| String::from_utf8(bytes).ok())
                    .ok_or_else(|| {
                        ApiError::invalid(
                            "cursor",
                            crate::msg!(
                                "cursor-invalid",
                                "not a cursor from this list; start again without it"
                            ),
                        )
                    })?,
            ),
            None => None,
        };
        Ok((after, limit))
    }
}

/// Sends one page as a JSON array, with the next page in a `Link` header.
fn page_response(collection: &str, page: Page<Label>, limit: u32) -> Response {
    let mut response = axum::Json(page.items).into_response();
    let headers = response.headers_mut();
    if let Some(name) = page.next_cursor {
        let cursor = URL_SAFE_NO_PAD.encode(name.as_bytes());
        let link = format!("<{collection}?limit={limit}&cursor={cursor}>; rel=\"next\"");
        if let Ok(value) = HeaderValue::from_str(&link) {
            headers.insert(header::LINK, value);
        }
    }
    headers.insert("x-total-count", HeaderValue::from(page.total));
    response
}

macro_rules! label_handlers {
    ($kind:expr, $tag:literal, $collection:literal, $item:literal, $member:literal,
     $list:ident, $create:ident, $show:ident, $rename:ident, $delete:ident,
     $attach:ident, $detach:ident) => {
        /// Lists the labels in name order, a page at a time. When more follow, the
        /// `Link` header contains the URL of the next page (`rel="next"`).
        #[utoipa::path(get, path = $collection, params(LabelQuery),
            responses((status = 200, body = Vec<Label>, headers(
                ("Link" = String, description = "URL of the next page, rel=\"next\""),
                ("X-Total-Count" = i64, description = "Number of labels over all pages"))),
                (status = 422, body = super::Problem)),
            security(("bearer" = [])), tag = $tag)]
        pub async fn $list(
            State(state): State<AppState>,
            AuthUser(user): AuthUser,
            ApiQuery(query): ApiQuery<LabelQuery>,
        ) -> Result<Response, ApiError> {
            let (after, limit) = query.resolve()?;
            let page = state
                .store
                .label_page(user.user_id(), $kind, after.as_deref(), limit)
                .await?;
            Ok(page_response($collection, page, limit))
        }

        #[utoipa::path(post, path = $collection, request_body = LabelName,
            responses((status = 201, body = Label), (status = 409, body = super::Problem),
                (status = 422, body = super::Problem)),
            security(("bearer" = [])), tag = $tag)]
        pub async fn $create(
            State(state): State<AppState>,
            AuthUser(user): AuthUser,
            ApiJson(body): ApiJson<LabelName>,
        ) -> Result<Response, ApiError> {
            let label = state.store.create_label(user.user_id(), $kind, &body.name).await?;
            let mut response = with_etag(label.version, label);
            *response.status_mut() = StatusCode::CREATED;
            Ok(response)
        }

        #[utoipa::path(get, path = $item, params(("id" = i64, Path)),
            responses((status = 200, body = Label), (status = 404, body = super::Problem)),
            security(("bearer" = [])), tag = $tag)]
        pub async fn $show(
            State(state): State<AppState>,
            AuthUser(user): AuthUser,
            ApiPath(id): ApiPath<i64>,
        ) -> Result<Response, ApiError> {
            let label = state.store.label(user.user_id(), $kind, id).await?;
            Ok(with_etag(label.version, label))
        }

        #[utoipa::path(patch, path = $item, params(("id" = i64, Path),
                ("If-Match" = String, Header, description = "ETag from the last read")),
            request_body = LabelName,
            responses((status = 200, body = Label), (status = 404, body = super::Problem),
                (status = 409, body = super::Problem), (status = 412, body = super::Problem),
                (status = 422, body = super::Problem), (status = 428, body = super::Problem)),
            security(("bearer" = [])), tag = $tag)]
        pub async fn $rename(
            State(state): State<AppState>,
            AuthUser(user): AuthUser,
            ApiPath(id): ApiPath<i64>,
            headers: HeaderMap,
            ApiJson(body): ApiJson<LabelName>,
        ) -> Result<Response, ApiError> {
            let version = if_match(&headers)?;
            let label = state
                .store
                .rename_label(user.user_id(), $kind, id, version, &body.name)
                .await?;
            Ok(with_etag(label.version, label))
        }

        /// Deletes the label; its books stay in the library.
        #[utoipa::path(delete, path = $item, params(("id" = i64, Path),
                ("If-Match" = String, Header, description = "ETag from the last read")),
            responses((status = 204), (status = 404, body = super::Problem),
                (status = 412, body = super::Problem), (status = 428, body = super::Problem)),
            security(("bearer" = [])), tag = $tag)]
        pub async fn $delete(
            State(state): State<AppState>,
            AuthUser(user): AuthUser,
            ApiPath(id): ApiPath<i64>,
            headers: HeaderMap,
        ) -> Result<StatusCode, ApiError> {
            let version = if_match(&headers)?;
            state.store.delete_label(user.user_id(), $kind, id, version).await?;
            Ok(StatusCode::NO_CONTENT)
        }

        /// Adds a book to the label; adding it again changes nothing.
        #[utoipa::path(put, path = $member, params(("id" = i64, Path), ("book_id" = i64, Path)),
            responses((status = 204), (status = 404, body = super::Problem)),
            security(("bearer" = [])), tag = $tag)]
        pub async fn $attach(
            State(state): State<AppState>,
            AuthUser(user): AuthUser,
            ApiPath((id, book_id)): ApiPath<(i64, i64)>,
        ) -> Result<StatusCode, ApiError> {
            state.store.attach_label(user.user_id(), $kind, id, book_id).await?;
            Ok(StatusCode::NO_CONTENT)
        }

        #[utoipa::path(delete, path = $member, params(("id" = i64, Path), ("book_id" = i64, Path)),
            responses((status = 204), (status = 404, body = super::Problem)),
            security(("bearer" = [])), tag = $tag)]
        pub async fn $detach(
            State(state): State<AppState>,
            AuthUser(user): AuthUser,
            ApiPath((id, book_id)): ApiPath<(i64, i64)>,
        ) -> Result<StatusCode, ApiError> {
            state.store.detach_label(user.user_id(), $kind, id, book_id).await?;
            Ok(StatusCode::NO_CONTENT)
        }
    };
}

label_handlers!(
    LabelKind::Shelf,
    "shelves",
    "/api/v1/shelves",
    "/api/v1/shelves/{id}",
    "/api/v1/shelves/{id}/books/{book_id}",
    list_shelves,
    create_shelf,
    show_shelf,
    rename_shelf,
    delete_shelf,
    attach_shelf,
    detach_shelf
);

label_handlers!(
    LabelKind::Tag,
    "tags",
    "/api/v1/tags",
    "/api/v1/tags/{id}",
    "/api/v1/tags/{id}/books/{book_id}",
    list_tags,
    create_tag,
    show_tag,
    rename_tag,
    delete_tag,
    attach_tag,
    detach_tag
);
