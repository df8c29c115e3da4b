// Names the shared storage code uses. Included first by each backend module.

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use serde::Deserialize;
use sqlx::{QueryBuilder, Row};

use super::types::{parse_progress_unit, progress_unit_str};
use super::{
    Backend, Book, BookQuery, BookSummary, Entry, EntryPatch, ImportReport, Label, LabelKind,
    MergedBook, NamedCount, NewBook, NotKept, Page, RatingCount, Reading, RowOutcome, RowReport,
    SearchableBook, SortKey, SortOrder, Stats, Storage, StoreError, StoreResult, TokenBackup,
    TokenInfo, TokenOwner, User, UserBackup, UserId,
};
use crate::dates::PartialDate;
use crate::import::ParsedImport;
use crate::model::{
    BookFields, Contributor, ContributorRole, EntryFields, LibraryRecord, ProgressUnit, Rating,
    ReadingFields, ReadingStatus, SeriesRef,
};
use crate::reports::worker::{JobOutcome, JobStatus, MAX_ATTEMPTS, ReportJob};
use crate::reports::{ReportFormat, ReportSpec};
use crate::{search, validate};
