//! The cursors of book lists: where the next page starts, what the first page
//! counted, and which list the cursor belongs to. The database backends and the
//! server's search index write the same cursors, so a client can page through a
//! search whichever of them served each page.

use serde::{Deserialize, Serialize};

use super::{BookQuery, SortKey, SortOrder, StoreError, StoreResult, UserId};

/// The position after the last row of a page, and the count that the first page
/// made, so later pages neither count again nor lose the figure.
#[derive(Serialize, Deserialize)]
pub(crate) struct Cursor {
    pub(crate) sort: SortKey,
    pub(crate) order: SortOrder,
    pub(crate) text: Option<String>,
    pub(crate) number: Option<i64>,
    pub(crate) id: i64,
    /// Rows on the pages before this cursor.
    #[serde(default)]
    pub(crate) seen: i64,
    /// `total` and `total_exact` of the first page.
    #[serde(default)]
    pub(crate) total: i64,
    #[serde(default)]
    pub(crate) exact: bool,
    /// [`cursor_scope`] of the list, so that a cursor continues only the list it came
    /// from. A cursor from an older server has none and is taken as it is.
    #[serde(default)]
    pub(crate) scope: Option<String>,
}

/// Names the list a cursor belongs to: its user, its search words and its filters.
/// A cursor used with another list would skip or repeat books, and its count would
/// be the other list's.
pub(crate) fn cursor_scope(user: UserId, query: &BookQuery, words: &[String]) -> String {
    use sha2::Digest as _;
    // Every word must match, in any order, so `Saga Saga` and `saga` are one list.
    let mut words = words.to_vec();
    words.sort_unstable();
    words.dedup();
    let list = serde_json::json!([
        user.0,
        words,
        query.status.map(|status| status.as_str()),
        query.shelf,
        query.tag,
        query.min_rating,
        query.year_read,
    ]);
    let digest = sha2::Sha256::digest(list.to_string().as_bytes());
    digest[..8]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

pub(crate) fn decode_cursor(
    text: &str,
    sort: SortKey,
    order: SortOrder,
    scope: &str,
) -> StoreResult<Cursor> {
    use base64::Engine as _;
    let invalid = || StoreError::Invalid {
        field: "cursor",
        reason: crate::msg!(
            "cursor-sort-invalid",
            "not a cursor from this list with the same words, filters and sort; start again \
             without it"
        ),
    };
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| invalid())?;
    let cursor: Cursor = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
    let other_list = cursor.scope.as_deref().is_some_and(|from| from != scope);
    if cursor.sort != sort || cursor.order != order || other_list {
        return Err(invalid());
    }
    Ok(cursor)
}

pub(crate) fn encode_cursor(cursor: &Cursor) -> String {
    use base64::Engine as _;
    let json = serde_json::to_vec(cursor).unwrap_or_default();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

/// Returns `total` and `total_exact` of a page, where `listed` counts its rows and the
/// rows of the pages before it. Returns None for a first page that more rows follow:
/// a list counts its rows, and a search uses [`search_first_page_totals`].
pub(crate) fn page_totals(
    cursor: Option<&Cursor>,
    listed: i64,
    has_more: bool,
) -> Option<(i64, bool)> {
    if !has_more {
        Some((listed, true))
    } else {
        // Books added since the first page can make the list longer than its count.
        cursor.map(|cursor| (cursor.total.max(listed + 1), cursor.exact))
    }
}

/// Returns `total` and `total_exact` of a search's first page that more rows follow.
/// Counting the matches of a common word costs several times the page, so a search
/// reports only that more follow.
pub(crate) fn search_first_page_totals(listed: i64) -> (i64, bool) {
    (listed + 1, false)
}
