//! A file that appears only when complete: written under a temporary name in the
//! target's folder and renamed at the end, removed if dropped before (an error, a
//! cancelled future). To be folded into `api/media.rs` (saving to disk) when the
//! images branch lands, which needs the same thing for `images.save`.

use std::path::{Path, PathBuf};

use tokio::io::{AsyncWriteExt, BufWriter};

use crate::error::{Error, Result};

/// Writes go through a buffer this large, so the disk sees few large writes.
const WRITE_BUFFER: usize = 1 << 20;

pub(crate) struct PendingFile {
    target: PathBuf,
    temp: PathBuf,
    file: Option<BufWriter<tokio::fs::File>>,
}

impl PendingFile {
    pub(crate) async fn create(target: &Path) -> Result<PendingFile> {
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "video".into());
        let temp = folder.join(format!(".{name}.{:016x}.part", fastrand::u64(..)));
        let file = tokio::fs::File::create(&temp).await.map_err(|e| io_error("cannot create", &temp, e))?;
        Ok(PendingFile { target: target.to_path_buf(), temp, file: Some(BufWriter::with_capacity(WRITE_BUFFER, file)) })
    }

    pub(crate) async fn write(&mut self, bytes: &[u8]) -> Result<()> {
        let file = self.file.as_mut().ok_or_else(|| Error::internal("write after the file was closed"))?;
        file.write_all(bytes).await.map_err(|e| io_error("cannot write", &self.temp, e))
    }

    /// Starts over (a second source after the first one failed part-way).
    pub(crate) async fn truncate(&mut self) -> Result<()> {
        let file = self.file.as_mut().ok_or_else(|| Error::internal("truncate after the file was closed"))?;
        file.flush().await.map_err(|e| io_error("cannot write", &self.temp, e))?;
        let inner = file.get_mut();
        inner.set_len(0).await.map_err(|e| io_error("cannot truncate", &self.temp, e))?;
        tokio::io::AsyncSeekExt::rewind(inner).await.map_err(|e| io_error("cannot rewind", &self.temp, e))?;
        Ok(())
    }

    /// Flushes, syncs and renames onto the target.
    pub(crate) async fn commit(mut self) -> Result<PathBuf> {
        if let Some(mut file) = self.file.take() {
            file.flush().await.map_err(|e| io_error("cannot write", &self.temp, e))?;
            file.get_mut().sync_all().await.map_err(|e| io_error("cannot sync", &self.temp, e))?;
        }
        tokio::fs::rename(&self.temp, &self.target).await.map_err(|e| io_error("cannot rename onto", &self.target, e))?;
        Ok(std::mem::take(&mut self.target))
    }
}

impl Drop for PendingFile {
    fn drop(&mut self) {
        if !self.target.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> Error {
    Error::invalid_argument(format!("{what} {}: {e}", path.display()))
}
