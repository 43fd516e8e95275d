// `client.videos`: video tasks over both gateway routes (durations in milliseconds).
import type { RequestOptions } from './options'

/** `queued`, `in_progress`, `completed`, `failed`, or the word the gateway sent (not finished). */
export type VideoTaskStatus = 'queued' | 'in_progress' | 'completed' | 'failed' | (string & {})

/** One normalized view of a task, whatever shape the gateway answered in. */
export interface VideoTask {
  id: string
  status: VideoTaskStatus
  /** 0..100, or null. */
  progress: number | null
  /** Where the finished video is, or null. */
  videoUrl: string | null
  /** `{ code, message }` of a failed task, else null. */
  error: { code: unknown; message: string | null } | null
  model: string | null
  route: 'videos' | 'generations'
  /** The wire JSON, unchanged. */
  raw: Record<string, unknown>
  readonly _request_id?: string | null
}

export interface VideoCreateParams {
  model: string
  prompt?: string
  /** Sent as a string, as the gateway wants it. */
  seconds?: number | string
  size?: string
  input_reference?: string
  image?: string | string[]
  metadata?: Record<string, unknown>
  /** Seedance and other vendors' fields pass through. */
  [key: string]: unknown
}

export interface VideoRetrieveOptions extends RequestOptions {
  route?: 'videos' | 'generations'
}

export interface VideoWaitOptions extends RequestOptions {
  /** Bounds the whole wait, ms. Default 1800000. */
  deadline?: number
  /** Between polls when the server gives no hint, ms. Default 5000. */
  pollInterval?: number
  /** Called whenever status or progress changed. */
  onProgress?: (task: VideoTask) => void
}

export interface VideoDownloadOptions extends RequestOptions {
  /** Bytes written so far and the total when known (read every 100 ms and at the end). */
  onProgress?: (done: number, total: number | null) => void
}

export interface Videos {
  create(body: VideoCreateParams, options?: RequestOptions): Promise<VideoTask>
  retrieve(task: string | VideoTask, options?: VideoRetrieveOptions): Promise<VideoTask>
  /** Resolves with the completed task; rejects with `TaskFailedError` or `APITimeoutError` carrying `task`. */
  wait(task: string | VideoTask, options?: VideoWaitOptions): Promise<VideoTask>
  /** Streams the video to `path` (a file, or a directory: `<id>.mp4`); resolves with the path written. */
  download(task: string | VideoTask, path: string | URL, options?: VideoDownloadOptions): Promise<string>
}
