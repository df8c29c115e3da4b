//! Imports, exports and logging in.

use estante_backend::import::ImportFormat;
use estante_backend::storage::{ImportReport, User};
use estante_backend::transfer::ExportFormat;
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde::{Deserialize, Serialize};

use super::{Client, ClientError, TRANSFER_TIMEOUT};

/// The body of `POST /tokens`.
// NOTE: mirrors the backend's `LoginRequest` and `LoginResponse`, which its private
// `api::account` module does not export.
#[derive(Debug, Serialize)]
struct LoginRequest<'a> {
    name: &'a str,
    password: &'a str,
    label: &'a str,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoginResponse {
    pub user: User,
    pub token: String,
}

/// The `format` form value the import endpoint expects.
pub fn import_format_name(format: ImportFormat) -> &'static str {
    match format {
        ImportFormat::Goodreads => "goodreads",
        ImportFormat::Storygraph => "storygraph",
        ImportFormat::Librarything => "librarything",
        ImportFormat::Archive => "archive",
    }
}

pub fn export_format_name(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Goodreads => "goodreads",
        ExportFormat::Archive => "archive",
    }
}

impl Client {
    /// Uploads an export file; the server detects the format when `format` is `None`.
    pub async fn import(
        &self,
        file_name: &str,
        bytes: Vec<u8>,
        format: Option<ImportFormat>,
    ) -> Result<ImportReport, ClientError> {
        let mut form =
            Form::new().part("file", Part::bytes(bytes).file_name(file_name.to_string()));
        if let Some(format) = format {
            form = form.text("format", import_format_name(format));
        }
        let request = self
            .request(Method::POST, "/imports")
            .timeout(TRANSFER_TIMEOUT)
            .multipart(form);
        self.send_json(request).await
    }

    /// Downloads the whole library in `format`.
    pub async fn export(&self, format: ExportFormat) -> Result<Vec<u8>, ClientError> {
        let request = self
            .get("/export")
            .timeout(TRANSFER_TIMEOUT)
            .query(&[("format", export_format_name(format))]);
        let response = self.send(request).await?;
        let bytes = response
            .bytes()
            .await
            .map_err(|error| ClientError::Other(error.to_string()))?;
        Ok(bytes.to_vec())
    }

    /// Returns the user the token belongs to; a cheap check that the token works.
    pub async fn me(&self) -> Result<User, ClientError> {
        self.send_json(self.get("/me")).await
    }

    /// Exchanges a user name and password for a new token. The client's own token is
    /// not sent.
    pub async fn login(
        base_url: &str,
        name: &str,
        password: &str,
        label: &str,
    ) -> Result<LoginResponse, ClientError> {
        let client = Client::new(base_url, "")?;
        let body = LoginRequest {
            name,
            password,
            label,
        };
        let request = client.http.post(client.url("/tokens")).json(&body);
        client.send_json(request).await
    }
}
