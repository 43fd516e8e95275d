//! Saving downloaded or decoded files: where each goes (a directory or a file path),
//! and writing through a temporary file in the same folder, renamed only when the
//! whole file is there, so a failure never leaves a partial file behind.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Where `count` files go when saved to `path`, given each one's extension: a directory
/// (an existing one, or a path without an extension, or ending in a separator; created
/// if missing) gives `image-<i>.<ext>`; a file path is used as is for one file and as
/// `<stem>-<i><suffix>` for several.
pub fn save_targets(path: &Path, stem: &str, extensions: &[&str]) -> Result<Vec<PathBuf>> {
    let text = path.to_string_lossy();
    let is_dir = path.is_dir() || text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR) || path.extension().is_none();
    if is_dir {
        std::fs::create_dir_all(path)
            .map_err(|e| Error::invalid_argument(format!("path: cannot create the directory {}: {e}", path.display())))?;
        return Ok(extensions.iter().enumerate().map(|(i, ext)| path.join(format!("{stem}-{i}.{ext}"))).collect());
    }
    if extensions.len() == 1 {
        return Ok(vec![path.to_path_buf()]);
    }
    let file_stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or(stem);
    let suffix = path.extension().and_then(|e| e.to_str()).map(|e| format!(".{e}")).unwrap_or_default();
    Ok((0..extensions.len()).map(|i| path.with_file_name(format!("{file_stem}-{i}{suffix}"))).collect())
}

/// A file being written: its temporary sibling until `commit`, removed if dropped
/// before.
pub struct PendingFile {
    target: PathBuf,
    temp: Option<PathBuf>,
}

impl PendingFile {
    /// Writes `data` to a temporary file beside `target`.
    pub fn write(target: &Path, data: &[u8]) -> Result<PendingFile> {
        let folder = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("file");
        let temp = folder.join(format!(".{name}.{:x}.part", fastrand::u64(..)));
        let mut pending = PendingFile { target: target.to_path_buf(), temp: Some(temp.clone()) };
        let failed = |e: std::io::Error| Error::invalid_argument(format!("path: cannot write {}: {e}", target.display()));
        let mut file = std::fs::File::create(&temp).map_err(failed)?;
        file.write_all(data).map_err(failed)?;
        file.sync_all().map_err(failed)?;
        pending.temp = Some(temp);
        Ok(pending)
    }

    /// Moves the complete file into place.
    pub fn commit(mut self) -> Result<PathBuf> {
        let temp = self.temp.take().ok_or_else(|| Error::internal("a pending file was committed twice"))?;
        if let Err(e) = std::fs::rename(&temp, &self.target) {
            let _ = std::fs::remove_file(&temp);
            return Err(Error::invalid_argument(format!("path: cannot write {}: {e}", self.target.display())));
        }
        Ok(self.target.clone())
    }
}

impl Drop for PendingFile {
    fn drop(&mut self) {
        if let Some(temp) = self.temp.take() {
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// Writes one file through a temporary one; returns its path.
pub fn write_atomically(target: &Path, data: &[u8]) -> Result<PathBuf> {
    PendingFile::write(target, data)?.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_for_directories_and_files() {
        let root = std::env::temp_dir().join(format!("tokenhot-save-{}", fastrand::u64(..)));
        let dir = root.join("out");
        let got = save_targets(&dir, "image", &["png", "jpg"]).unwrap();
        assert_eq!(got, vec![dir.join("image-0.png"), dir.join("image-1.jpg")]);
        assert!(dir.is_dir());
        let file = root.join("cat.png");
        assert_eq!(save_targets(&file, "image", &["png"]).unwrap(), vec![file.clone()]);
        assert_eq!(save_targets(&file, "image", &["png", "png"]).unwrap(), vec![root.join("cat-0.png"), root.join("cat-1.png")]);
        let written = write_atomically(&file, b"data").unwrap();
        assert_eq!(std::fs::read(written).unwrap(), b"data");
        let names: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "no temporary file is left: {names:?}");
        std::fs::remove_dir_all(root).unwrap();
    }
}
