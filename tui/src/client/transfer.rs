//! Imports, exports and logging in.

use estante_backend::api::{LoginRequest, LoginResponse};
use estante_backend::import::ImportFormat;
use estante_backend::storage::{ImportReport, User};
use estante_backend::transfer::ExportFormat;
use reqwest::Method;
use reqwest::multipart::{Form, Part};

use super::{Client, ClientError, TRANSFER_TIMEOUT};

/// The largest import file sent: the server's body limit less room for the
/// multipart boundaries and part headers around the file.
pub const MAX_IMPORT_BYTES: usize = estante_backend::api::MAX_BODY_BYTES - 64 * 1024;

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
    ///
    /// A file over [`MAX_IMPORT_BYTES`] is rejected here with the sizes, because the
    /// server would respond 413 and close the connection before it read the rest.
    /// reqwest, still writing the body, can report that as a broken pipe instead.
    pub async fn import(
        &self,
        file_name: &str,
        bytes: Vec<u8>,
        format: Option<ImportFormat>,
    ) -> Result<ImportReport, ClientError> {
        if bytes.len() > MAX_IMPORT_BYTES {
            return Err(ClientError::Other(crate::t!(
                "import-too-large",
                file = file_name,
                size = crate::i18n::format::integer(bytes.len() as i64),
                limit = crate::i18n::format::integer(MAX_IMPORT_BYTES as i64)
            )));
        }
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
            name: name.to_string(),
            password: password.to_string(),
            label: Some(label.to_string()),
        };
        let request = client.http.post(client.url("/tokens")).json(&body);
        client.send_json(request).await
    }

    /// Revokes the token this client sends, on its server.
    pub async fn logout(&self) -> Result<(), ClientError> {
        self.send(self.request(Method::DELETE, "/tokens/current"))
            .await
            .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn oversize_import_refused_before_sending() {
        // Port 9 on loopback has no listener: reaching the network would fail
        // with a different message.
        let client = Client::new("http://127.0.0.1:9", "token").unwrap();
        let bytes = vec![b'a'; MAX_IMPORT_BYTES + 1];

        let error = client.import("big.csv", bytes, None).await.unwrap_err();

        let message = error.to_string();
        assert!(message.contains("big.csv"), "{message}");
        assert!(
            message.contains(&crate::i18n::format::integer(MAX_IMPORT_BYTES as i64)),
            "{message}"
        );
    }
}
