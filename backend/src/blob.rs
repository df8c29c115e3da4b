//! Blob storage for backups, exports and covers: a local folder by default, or an S3
//! bucket, both through the `object_store` crate.

use std::sync::Arc;

use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

/// Environment variable naming an S3 endpoint to use instead of AWS, such as an
/// emulator on `http://127.0.0.1:5000`.
pub const S3_ENDPOINT_ENV: &str = "ESTANTE_S3_ENDPOINT";

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("invalid blob store location {location:?}: {reason}")]
    InvalidLocation { location: String, reason: String },
    #[error("invalid blob key {key:?}: {reason}")]
    InvalidKey { key: String, reason: String },
    #[error("blob {key:?} not found in {location}")]
    NotFound { key: String, location: String },
    #[error("failed to create the folder {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("blob store {location} failed: {source}")]
    Store {
        location: String,
        source: object_store::Error,
    },
}

/// A folder or an S3 bucket with an optional key prefix.
#[derive(Debug, Clone)]
pub struct BlobStore {
    store: Arc<dyn ObjectStore>,
    prefix: ObjectPath,
    location: String,
}

impl BlobStore {
    /// Opens `location`: `s3://BUCKET[/PREFIX]`, `file:///PATH` or a folder path. A
    /// folder is created when missing. S3 credentials and the region come from the
    /// usual `AWS_*` variables, else from the instance profile; [`S3_ENDPOINT_ENV`]
    /// overrides the endpoint.
    pub fn open(location: &str) -> Result<Self, BlobError> {
        let endpoint = std::env::var(S3_ENDPOINT_ENV).ok();
        Self::open_with_endpoint(location, endpoint.as_deref())
    }

    /// Opens `location` as [`BlobStore::open`] does, with `endpoint` in place of
    /// [`S3_ENDPOINT_ENV`].
    pub fn open_with_endpoint(location: &str, endpoint: Option<&str>) -> Result<Self, BlobError> {
        let invalid = |reason: String| BlobError::InvalidLocation {
            location: location.to_string(),
            reason,
        };
        if let Some(rest) = location.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err(invalid("the bucket name is missing".to_string()));
            }
            let mut builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
            if let Some(endpoint) = endpoint {
                builder = builder
                    .with_allow_http(endpoint.starts_with("http://"))
                    .with_endpoint(endpoint);
            }
            let store = builder
                .build()
                .map_err(|error| invalid(error.to_string()))?;
            return Ok(Self {
                store: Arc::new(store),
                prefix: parse_key(prefix)?,
                location: location.to_string(),
            });
        }
        if location.contains("://") && !location.starts_with("file://") {
            return Err(invalid(
                "unsupported scheme; use s3://BUCKET/PREFIX or a folder path".to_string(),
            ));
        }
        let folder = location.strip_prefix("file://").unwrap_or(location);
        if folder.is_empty() {
            return Err(invalid("the folder path is empty".to_string()));
        }
        // A folder made here is its owner's alone: covers, report files and backups
        // hold a reader's library. A folder that exists keeps the mode it has.
        if !std::path::Path::new(folder).exists() {
            use std::os::unix::fs::DirBuilderExt as _;
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(folder)
                .map_err(|source| BlobError::Folder {
                    path: folder.to_string(),
                    source,
                })?;
        }
        let store =
            LocalFileSystem::new_with_prefix(folder).map_err(|error| invalid(error.to_string()))?;
        Ok(Self {
            store: Arc::new(store),
            prefix: ObjectPath::default(),
            location: location.to_string(),
        })
    }

    /// Returns the store for the keys under `child`, a folder or key prefix.
    pub fn child(&self, child: &str) -> Result<Self, BlobError> {
        let mut prefix = self.prefix.clone();
        for part in parse_key(child)?.parts() {
            prefix = prefix.join(part);
        }
        Ok(Self {
            store: self.store.clone(),
            prefix,
            location: format!("{}/{child}", self.location.trim_end_matches('/')),
        })
    }

    /// The location as given to [`BlobStore::open`], for messages and logs.
    pub fn location(&self) -> &str {
        &self.location
    }

    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), BlobError> {
        let path = self.path(key)?;
        self.store
            .put(&path, PutPayload::from(bytes))
            .await
            .map_err(|source| self.store_error(source))?;
        Ok(())
    }

    pub async fn get(&self, key: &str) -> Result<Vec<u8>, BlobError> {
        let path = self.path(key)?;
        let result = match self.store.get(&path).await {
            Ok(result) => result,
            Err(object_store::Error::NotFound { .. }) => {
                return Err(BlobError::NotFound {
                    key: key.to_string(),
                    location: self.location.clone(),
                });
            }
            Err(source) => return Err(self.store_error(source)),
        };
        let bytes = result
            .bytes()
            .await
            .map_err(|source| self.store_error(source))?;
        Ok(bytes.to_vec())
    }

    /// Deletes `key`; deleting a key that does not exist is not an error.
    pub async fn delete(&self, key: &str) -> Result<(), BlobError> {
        let path = self.path(key)?;
        match self.store.delete(&path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(source) => Err(self.store_error(source)),
        }
    }

    fn path(&self, key: &str) -> Result<ObjectPath, BlobError> {
        let key = parse_key(key)?;
        if key.parts().count() == 0 {
            return Err(BlobError::InvalidKey {
                key: key.to_string(),
                reason: "the key is empty".to_string(),
            });
        }
        let mut path = self.prefix.clone();
        for part in key.parts() {
            path = path.join(part);
        }
        Ok(path)
    }

    fn store_error(&self, source: object_store::Error) -> BlobError {
        BlobError::Store {
            location: self.location.clone(),
            source,
        }
    }
}

/// Parses a key, rejecting `..` and other parts that could leave the prefix.
fn parse_key(key: &str) -> Result<ObjectPath, BlobError> {
    ObjectPath::parse(key.trim_matches('/')).map_err(|error| BlobError::InvalidKey {
        key: key.to_string(),
        reason: error.to_string(),
    })
}
