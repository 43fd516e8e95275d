// The video ops of the conformance vectors (tests/vectors/README.md, Videos): how each
// op is called through the Node API (times in ms), and the views the checks read:
// the task's normalized members in the vectors' spelling, the tasks onProgress saw,
// the file a download wrote.

import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export const VIDEO_OPS = new Set(['videos.create', 'videos.retrieve', 'videos.wait', 'videos.download'])

/** `videoUrl` is `video_url` in the vectors. */
export function taskView(task) {
  const { id, status, progress, videoUrl, error, model, route } = task
  return { id, status, progress, video_url: videoUrl, error, model, route }
}

export class VideoCall {
  seen = []
  folder = mkdtempSync(path.join(tmpdir(), 'tokenhot-vector-'))

  /** Makes the call; resolves with the task (or the path written, for a download). */
  run(client, call, options) {
    const { task_id: task, route, deadline_ms: deadline, poll_interval_ms: pollInterval } = call.args ?? {}
    switch (call.op) {
      case 'videos.create':
        return client.videos.create(call.args, options)
      case 'videos.retrieve':
        return client.videos.retrieve(task, { ...options, route })
      case 'videos.wait':
        return client.videos.wait(task, { ...options, deadline, pollInterval, onProgress: (t) => this.seen.push(taskView(t)) })
      default:
        return client.videos.download(task, this.folder, options)
    }
  }

  written(file) {
    const data = readFileSync(file)
    return { file_name: path.basename(file), size: data.length, base64: data.toString('base64') }
  }

  filesLeft() {
    return readdirSync(this.folder).length
  }

  close() {
    rmSync(this.folder, { recursive: true, force: true })
  }
}
