//! `download`: the finished video to disk, streamed (memory stays bounded whatever the
//! size), from the gateway's content route with the key, else from the vendor's link
//! without it (the gateway gives up on large files after 60 s).

use std::path::{Path, PathBuf};

use http::Method;

use super::file_out::PendingFile;
use super::task::{TaskStatus, VideoTask};
use super::{encode_segment, TaskRef, Videos};
use crate::error::{Error, ErrorKind, Result};
use crate::http::{seconds, ApiRequest, Call};
use crate::options::RequestOptions;

/// Called with `(bytes_done, bytes_total)` as the video arrives (total from the
/// answer's length, when it says).
const PROGRESS_STEP: u64 = 256 * 1024;

pub type ProgressFn = Box<dyn FnMut(u64, Option<u64>) + Send>;

pub(crate) async fn download(
    videos: &Videos<'_>,
    task: TaskRef,
    path: &Path,
    mut on_progress: Option<ProgressFn>,
    options: &RequestOptions,
) -> Result<PathBuf> {
    let task = match task {
        TaskRef::Task(task) => task,
        TaskRef::Id(id) => videos.retrieve(id, None, options).await?.into_inner(),
    };
    if task.status != TaskStatus::Completed {
        return Err(Error::invalid_argument(format!(
            "the video task {} is {}, not completed: wait for it before downloading",
            task.id,
            task.status.as_str()
        )));
    }
    let target = target_path(path, &task.id);
    let mut file = PendingFile::create(&target).await?;
    let client = videos.client;
    let content = ApiRequest {
        method: Method::GET,
        path: format!("/v1/videos/{}/content", encode_segment(&task.id)),
        body: None,
        headers: vec![("accept", "video/mp4, application/octet-stream, */*")],
        stream: false,
    };
    let first = match Call::new(client, content, options) {
        Ok(call) => fetch_into(call, &mut file, &mut on_progress).await,
        Err(e) => Err(e),
    };
    match first {
        Ok(()) => {}
        Err(e) => match vendor_url(&task, client, &e) {
            Some(url) => {
                file.truncate().await?;
                fetch_into(Call::foreign_get(client, &url, options)?, &mut file, &mut on_progress).await?;
            }
            None => return Err(e),
        },
    }
    file.commit().await
}

/// The vendor's link, when the content route failed in a way a second source may
/// mend (not there, a server error, a cut, a timeout) and the link is on another host.
fn vendor_url(task: &VideoTask, client: &crate::Client, error: &Error) -> Option<String> {
    let mendable = matches!(error.kind(), ErrorKind::NotFound | ErrorKind::InternalServer | ErrorKind::Connection | ErrorKind::Timeout)
        || error.status().is_some_and(|s| s >= 500);
    let url = task.video_url.as_deref()?;
    let target = url::Url::parse(url).ok()?;
    let base = &client.inner.base_url;
    let same_host = target.scheme() == base.scheme() && target.host_str() == base.host_str() && target.port_or_known_default() == base.port_or_known_default();
    (mendable && !same_host).then(|| url.to_string())
}

/// A directory (existing, or spelled with a trailing separator) gets `<id>.mp4`.
fn target_path(path: &Path, id: &str) -> PathBuf {
    let spelled_as_dir = path.as_os_str().to_string_lossy().ends_with(std::path::MAIN_SEPARATOR) || path.as_os_str().to_string_lossy().ends_with('/');
    if path.is_dir() || spelled_as_dir {
        let safe: String = id.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect();
        path.join(format!("{safe}.mp4"))
    } else {
        path.to_path_buf()
    }
}

/// One source into the file: the head (with the transport's retries), then the body
/// chunk by chunk, each bounded by the idle timeout and the caller's cancellation.
async fn fetch_into(mut call: Call, file: &mut PendingFile, on_progress: &mut Option<ProgressFn>) -> Result<()> {
    let response = call.open().await?;
    let total = response.headers().get(http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    let mut body = response.into_body();
    let mut done = 0u64;
    if let Some(report) = on_progress.as_mut() {
        report(0, total);
    }
    let idle = call.idle_timeout;
    let mut reported = 0u64;
    loop {
        let chunk = match call.cancellable(tokio::time::timeout(idle, body.next_chunk())).await? {
            Ok(chunk) => chunk?,
            Err(_) => return Err(Error::timeout(format!("the video download stalled: no data for {}", seconds(idle)))),
        };
        let Some(chunk) = chunk else { break };
        file.write(&chunk).await?;
        done += chunk.len() as u64;
        // Every 256 KiB at most: a binding's callback costs a crossing each time.
        if done - reported >= PROGRESS_STEP {
            reported = done;
            if let Some(report) = on_progress.as_mut() {
                report(done, total);
            }
        }
    }
    if total.is_some_and(|t| t != done) {
        return Err(Error::connection(format!("the video download ended after {done} of {} bytes", total.unwrap_or(0))));
    }
    if reported != done {
        if let Some(report) = on_progress.as_mut() {
            report(done, total);
        }
    }
    Ok(())
}
