//! The estante library service: a personal book library per user, stored in SQLite
//! or PostgreSQL and served as JSON over HTTP.
//!
//! The crate is a library so that the terminal app can embed the server and share its
//! wire types; the `estante-server` binary is a thin command-line front end.

pub mod api;
pub mod auth;
pub mod backup;
pub mod blob;
pub mod config;
pub mod cover_image;
pub mod dates;
pub mod export;
pub mod i18n;
pub mod import;
pub mod isbn;
pub mod json;
mod log_filter;
pub mod metrics;
pub mod model;
pub mod normalize;
pub mod reports;
pub mod search;
pub mod series;
pub mod server;
pub mod storage;
pub mod transfer;
pub mod validate;

pub use log_filter::log_filter;
