//! File paths typed by hand: `~` expansion and Tab completion.

use std::path::{Path, PathBuf};

use estante_backend::transfer::ExportFormat;

/// Replaces a leading `~/` with the home folder.
pub fn expand_home(text: &str) -> PathBuf {
    if let Some(rest) = text.strip_prefix("~/")
        && let Some(home) = directories::BaseDirs::new()
    {
        return home.home_dir().join(rest);
    }
    PathBuf::from(text)
}

/// Completes the last component of `text` from the file system: the whole name
/// when one entry matches (with `/` after a folder), else the longest common prefix
/// of the matches. Returns `None` when nothing matches or nothing would be added.
pub fn complete_path(text: &str) -> Option<String> {
    let (folder_text, prefix) = match text.rfind('/') {
        Some(index) => (&text[..=index], &text[index + 1..]),
        None => ("", text),
    };
    let folder = if folder_text.is_empty() {
        PathBuf::from(".")
    } else {
        expand_home(folder_text)
    };
    let mut matches: Vec<(String, bool)> = std::fs::read_dir(&folder)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let hidden = name.starts_with('.') && !prefix.starts_with('.');
            (name.starts_with(prefix) && !hidden).then(|| (name, is_dir(&entry.path())))
        })
        .collect();
    matches.sort();
    let completed = match matches.as_slice() {
        [] => return None,
        [(name, is_dir)] => format!("{name}{}", if *is_dir { "/" } else { "" }),
        many => common_prefix(many.iter().map(|(name, _)| name.as_str())),
    };
    (completed.len() > prefix.len()).then(|| format!("{folder_text}{completed}"))
}

fn is_dir(path: &Path) -> bool {
    path.metadata().map(|m| m.is_dir()).unwrap_or(false)
}

fn common_prefix<'a>(mut names: impl Iterator<Item = &'a str>) -> String {
    let Some(first) = names.next() else {
        return String::new();
    };
    let mut prefix = first.to_string();
    for name in names {
        while !name.starts_with(&prefix) {
            prefix.pop();
        }
    }
    prefix
}

/// Returns `path` with the file extension of `to` when it ends in that of `from`, so
/// that switching the export format does not write JSON into a `.csv` file.
pub fn with_extension_of(path: &str, from: ExportFormat, to: ExportFormat) -> Option<String> {
    let extension = |format: ExportFormat| {
        Path::new(format.file_name())
            .extension()
            .and_then(|extension| extension.to_str())
            .map(str::to_string)
    };
    let (from, to) = (extension(from)?, extension(to)?);
    let stem = path.strip_suffix(&format!(".{from}"))?;
    Some(format!("{stem}.{to}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A typed `out.csv` once kept its name when the format became the JSON archive.
    #[test]
    fn format_switch_changes_the_extension() {
        let (csv, json) = (ExportFormat::Goodreads, ExportFormat::Archive);
        assert_eq!(
            with_extension_of("/tmp/out.csv", csv, json).as_deref(),
            Some("/tmp/out.json")
        );
        assert_eq!(
            with_extension_of("/tmp/out.json", json, csv).as_deref(),
            Some("/tmp/out.csv")
        );
        assert_eq!(with_extension_of("/tmp/out.txt", csv, json), None);
        assert_eq!(with_extension_of("/tmp/exports", csv, json), None);
    }

    #[test]
    fn completes_unique_and_common() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("goodreads_export.csv"), "").unwrap();
        std::fs::write(dir.path().join("goodreads_old.csv"), "").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let base = format!("{}/", dir.path().display());

        assert_eq!(
            complete_path(&format!("{base}go")),
            Some(format!("{base}goodreads_"))
        );
        assert_eq!(
            complete_path(&format!("{base}goodreads_e")),
            Some(format!("{base}goodreads_export.csv"))
        );
        assert_eq!(
            complete_path(&format!("{base}su")),
            Some(format!("{base}sub/"))
        );
        assert_eq!(complete_path(&format!("{base}zzz")), None);
    }
}
