//! [`Listing`]: rows read from paginated calls, plus a marker when the list is
//! incomplete.

use std::error::Error as StdError;

use aws_sdk_ec2::config::http::HttpResponse;
use aws_sdk_ec2::error::{ProvideErrorMetadata, SdkError};
use serde::Serialize;

use crate::error::OpsError;
use crate::fleet::Fleet;
use crate::restore::{Sentence, sentence};

/// Rows read to the last page, or as far as the pages went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Listing<T> {
    pub items: Vec<T>,
    /// Reason the rows are incomplete, when a page or a follow-up call failed after
    /// earlier calls succeeded. `None` means the list is complete. It is a
    /// sentence, so an interface can word it; JSON gets its English.
    pub partial: Option<Sentence>,
}

impl<T> Listing<T> {
    pub fn complete(items: Vec<T>) -> Self {
        Self {
            items,
            partial: None,
        }
    }

    /// Records why the list is incomplete, keeping earlier reasons.
    pub fn mark_partial(&mut self, reason: Sentence) {
        tracing::warn!(%reason, "listing is partial");
        self.partial = Some(join_reasons(self.partial.take(), reason));
    }

    pub fn is_partial(&self) -> bool {
        self.partial.is_some()
    }
}

/// Joins a new reason to an earlier one, if any, as one sentence with both parts.
pub(crate) fn join_reasons(earlier: Option<Sentence>, reason: Sentence) -> Sentence {
    match earlier {
        Some(earlier) => sentence!(
            "partial-both",
            "{earlier}; {reason}",
            earlier = earlier.text,
            reason = reason.text
        )
        .with_part("earlier", earlier)
        .with_part("reason", reason),
        None => reason,
    }
}

/// Words a failed page: its number, the call, the rows read before it and the
/// error, whose AWS advice an interface words too.
pub(crate) fn page_failed(
    number: usize,
    operation: &'static str,
    rows: usize,
    error: &crate::error::AwsError,
) -> Sentence {
    sentence!(
        "partial-page",
        "page {page} of {operation} failed, with {rows} rows read before it: {error}",
        page = number,
        operation = operation,
        rows = rows,
        error = error
    )
    .with_part("error", crate::restore::failure_sentence(error))
}

/// Flattens collected pages into a listing.
///
/// A failure on the first page is returned as the error, because there is
/// nothing to show. A failure on a later page keeps the rows read so far and
/// records the error in [`Listing::partial`].
pub(crate) fn from_pages<P, T, E>(
    fleet: &Fleet,
    operation: &'static str,
    pages: Vec<Result<P, SdkError<E, HttpResponse>>>,
    mut rows_of: impl FnMut(P) -> Vec<T>,
) -> Result<Listing<T>, OpsError>
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
{
    let mut listing = Listing::complete(Vec::new());
    for (index, page) in pages.into_iter().enumerate() {
        match page {
            Ok(page) => listing.items.extend(rows_of(page)),
            Err(err) if index == 0 => return Err(fleet.error(operation, err).into()),
            Err(err) => {
                let err = fleet.error(operation, err);
                let rows = listing.items.len();
                listing.mark_partial(page_failed(index + 1, operation, rows, &err));
                break;
            }
        }
    }
    Ok(listing)
}

/// Collects every page of a paginator inside a tracing span for the operation.
macro_rules! collect_pages {
    ($fleet:expr, $operation:expr, $paginator:expr) => {{
        use tracing::Instrument as _;
        debug_assert!($crate::operations::tier_of($operation).is_some());
        let span = tracing::info_span!("aws", operation = $operation, region = %$fleet.region());
        let pages: Vec<_> = $paginator.send().collect().instrument(span).await;
        pages
    }};
}
pub(crate) use collect_pages;
