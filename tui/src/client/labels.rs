//! Shelves and tags, which share one set of endpoints under different roots.

use estante_backend::storage::{Label, LabelKind};
use reqwest::Method;
use serde::Serialize;

use super::{Client, ClientError};

/// The body that creates or renames a label.
// NOTE: mirrors the backend's `LabelName`, which its private `api::labels` module
// does not export.
#[derive(Debug, Serialize)]
struct LabelName {
    name: String,
}

fn root(kind: LabelKind) -> &'static str {
    match kind {
        LabelKind::Shelf => "/shelves",
        LabelKind::Tag => "/tags",
    }
}

impl Client {
    pub async fn labels(&self, kind: LabelKind) -> Result<Vec<Label>, ClientError> {
        self.send_json(self.get(root(kind))).await
    }

    pub async fn create_label(&self, kind: LabelKind, name: &str) -> Result<Label, ClientError> {
        let body = LabelName {
            name: name.to_string(),
        };
        self.send_json(self.request(Method::POST, root(kind)).json(&body))
            .await
    }

    pub async fn rename_label(
        &self,
        kind: LabelKind,
        id: i64,
        version: i64,
        name: &str,
    ) -> Result<Label, ClientError> {
        let body = LabelName {
            name: name.to_string(),
        };
        let path = format!("{}/{id}", root(kind));
        self.send_json(self.write(Method::PATCH, &path, version).json(&body))
            .await
    }

    pub async fn delete_label(
        &self,
        kind: LabelKind,
        id: i64,
        version: i64,
    ) -> Result<(), ClientError> {
        let path = format!("{}/{id}", root(kind));
        self.send_empty(self.write(Method::DELETE, &path, version))
            .await
    }

    /// Puts a book on a shelf or gives it a tag; repeating it changes nothing.
    pub async fn attach_label(
        &self,
        kind: LabelKind,
        label_id: i64,
        book_id: i64,
    ) -> Result<(), ClientError> {
        let path = format!("{}/{label_id}/books/{book_id}", root(kind));
        self.send_empty(self.request(Method::PUT, &path)).await
    }

    pub async fn detach_label(
        &self,
        kind: LabelKind,
        label_id: i64,
        book_id: i64,
    ) -> Result<(), ClientError> {
        let path = format!("{}/{label_id}/books/{book_id}", root(kind));
        self.send_empty(self.request(Method::DELETE, &path)).await
    }
}
