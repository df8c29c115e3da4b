//! The estante terminal app and command-line client.
//!
//! The binary is thin: it parses the command line and calls [`run`]. Everything that
//! talks to the server goes through [`client::Client`] over HTTP, whether the server
//! is remote or embedded in this process, so the app and the scripts see the same API.

pub mod app;
pub mod aws;
pub mod cli;
pub mod client;
pub mod commands;
pub mod connect;
pub mod covers;
pub mod embedded;
pub mod help;
pub mod i18n;
pub mod logging;
pub mod openlibrary;
pub mod paths;
pub mod screens;
pub mod settings;
pub mod status;
pub mod terminal;
pub mod widgets;

pub use commands::run;
