//! Where estante keeps its files: the XDG data, config and state folders, each of
//! which can be overridden so tests and second installs stay apart.

use std::path::{Path, PathBuf};

/// The folders of one estante installation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The SQLite database of the embedded server lives here.
    pub data_dir: PathBuf,
    /// `config.toml` and the token of the embedded server's local user.
    pub config_dir: PathBuf,
    /// The log file.
    pub state_dir: PathBuf,
}

#[derive(Debug, thiserror::Error)]
#[error("{}", crate::t!("paths-no-home"))]
pub struct NoHomeError;

impl Paths {
    /// Resolves the folders: an explicit override wins, then the XDG folders
    /// (`~/.local/share/estante`, `~/.config/estante`, `~/.local/state/estante`).
    /// Without a state folder override the log goes next to the data.
    pub fn resolve(
        data_dir: Option<PathBuf>,
        config_dir: Option<PathBuf>,
    ) -> Result<Self, NoHomeError> {
        let project = directories::ProjectDirs::from("", "", "estante");
        let data_dir = match (data_dir, &project) {
            (Some(dir), _) => dir,
            (None, Some(project)) => project.data_dir().to_path_buf(),
            (None, None) => return Err(NoHomeError),
        };
        let config_dir = match (config_dir, &project) {
            (Some(dir), _) => dir,
            (None, Some(project)) => project.config_dir().to_path_buf(),
            (None, None) => return Err(NoHomeError),
        };
        let state_dir = project
            .as_ref()
            .and_then(|project| project.state_dir().map(Path::to_path_buf))
            .unwrap_or_else(|| data_dir.clone());
        Ok(Self {
            data_dir,
            config_dir,
            state_dir,
        })
    }

    /// Folders under one root, for tests.
    pub fn under(root: &Path) -> Self {
        Self {
            data_dir: root.join("data"),
            config_dir: root.join("config"),
            state_dir: root.join("state"),
        }
    }

    /// The embedded server's SQLite file. With the default data folder this is the
    /// same file `estante-server` uses by default.
    pub fn database(&self) -> PathBuf {
        self.data_dir.join("estante.db")
    }

    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    /// Returns the path of the user's key bindings, which are layered over the
    /// defaults.
    pub fn keys_file(&self) -> PathBuf {
        self.config_dir.join("keys.toml")
    }

    /// The bearer token of the embedded server's `local` user.
    pub fn local_token_file(&self) -> PathBuf {
        self.config_dir.join("local-token")
    }

    pub fn log_file(&self) -> PathBuf {
        self.state_dir.join("estante.log")
    }
}

/// Reads the file at `path` for an upload of at most `cap` bytes. A regular file is
/// read whole, so the caller can name its size. Anything else, such as `/dev/zero`
/// or a pipe, is read to one byte past `cap` at most, because reading it whole once
/// filled memory until the process was killed. More than `cap` bytes is an error.
pub fn read_capped(path: &Path, cap: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;

    let file = std::fs::File::open(path)?;
    if file.metadata()?.is_file() {
        let mut bytes = Vec::new();
        (&file).read_to_end(&mut bytes)?;
        return Ok(bytes);
    }
    let mut bytes = Vec::new();
    file.take(cap as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > cap {
        return Err(std::io::Error::other(crate::t!(
            "io-stream-too-large",
            limit = crate::i18n::format::integer(cap as i64)
        )));
    }
    Ok(bytes)
}

/// Writes `contents` to `path` readable by the owner only (mode 0600), through a
/// temporary file and a rename so a crash never leaves half a secret behind.
pub fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};

    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let temporary = path.with_extension("tmp");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&temporary)?;
    file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    file.write_all(contents.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&temporary, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn overrides_win() {
        let paths = Paths::resolve(Some("/d".into()), Some("/c".into())).unwrap();
        assert_eq!(paths.data_dir, PathBuf::from("/d"));
        assert_eq!(paths.config_dir, PathBuf::from("/c"));
        assert_eq!(paths.database(), PathBuf::from("/d/estante.db"));
    }

    #[test]
    fn private_file_has_mode_0600() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/secret");
        write_private(&path, "one").unwrap();
        write_private(&path, "two").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
    }

    /// `estante books cover ID --file /dev/zero` read until memory ran out.
    #[test]
    fn endless_file_read_to_the_cap() {
        let error = read_capped(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(
            error.to_string().contains("more than 1,024 bytes"),
            "{error}"
        );

        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("big");
        std::fs::write(&file, vec![1u8; 2048]).unwrap();
        assert_eq!(read_capped(&file, 1024).unwrap().len(), 2048);
    }
}
