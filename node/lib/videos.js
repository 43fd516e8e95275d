'use strict'
// `client.videos`: create, retrieve, wait, download (CONTRACT.md, Videos). Routes,
// polling, the status map and downloading live in core; `wait` steps core's poller
// and calls `onProgress` between steps; times are milliseconds.

const { NativeProgress } = require('./addon.js')
const { listen } = require('./cancel.js')
const { callOptions } = require('./options.js')
const { settle } = require('./settle.js')
const { videoTask, taskArg } = require('./video_task.js')

/** Download progress is read this often (and once at the end). */
const PROGRESS_EVERY_MS = 100

function taskResult(payload) {
  return videoTask(payload[1], payload[0])
}

function callable(value, name) {
  if (value != null && typeof value !== 'function') throw new TypeError(`${name} must be a function`)
  return value ?? undefined
}

class Videos {
  #native

  constructor(native) {
    this.#native = native
  }

  /** `POST /v1/videos` for a `sora*` model, else `POST /v1/video/generations`. */
  create(body, options) {
    try {
      if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new TypeError('the video request must be an object')
      const { signal, native } = callOptions(options)
      const text = JSON.stringify(body)
      const { token, release } = listen(signal)
      return settle((id) => this.#native.videosCreate(id, text, native, token), taskResult, release)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  retrieve(task, options) {
    try {
      const arg = taskArg(task)
      const route = options?.route ?? undefined
      if (route !== undefined && typeof route !== 'string') throw new TypeError("route must be 'videos' or 'generations'")
      const { signal, native } = callOptions(options)
      const { token, release } = listen(signal)
      return settle((id) => this.#native.videosRetrieve(id, arg, route, native, token), taskResult, release)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /** Resolves with the completed task; rejects with TaskFailedError or APITimeoutError (`error.task`). */
  async wait(task, options) {
    const arg = taskArg(task)
    const onProgress = callable(options?.onProgress, 'onProgress')
    const { signal, native } = callOptions(options)
    const { token, release } = listen(signal)
    try {
      const waiter = settleSync(() => this.#native.videosWaiter(arg, options?.deadline ?? undefined, options?.pollInterval ?? undefined, native, token))
      for (;;) {
        const [task, changed, finished] = await settle((id) => this.#native.videosWaitNext(id, waiter), (p) => [videoTask(p[1]), p[2], p[3]], () => {})
        if (changed && onProgress !== undefined) onProgress(task)
        if (finished) return task
      }
    } finally {
      release()
    }
  }

  /** Streams the video to `path` (a file, or a directory: `<id>.mp4`); resolves with the path. */
  download(task, path, options) {
    try {
      const arg = taskArg(task)
      const file = path instanceof URL ? require('node:url').fileURLToPath(path) : path
      if (typeof file !== 'string' || file === '') throw new TypeError('path must be a non-empty string or a file URL')
      const onProgress = callable(options?.onProgress, 'onProgress')
      const { signal, native } = callOptions(options)
      const { token, release } = listen(signal)
      const progress = onProgress === undefined ? undefined : new NativeProgress()
      let last = ''
      const report = () => {
        const [done, total] = progress.read()
        const key = `${done}/${total}`
        if (key !== last) {
          last = key
          onProgress(done, total < 0 ? null : total)
        }
      }
      const timer = progress === undefined ? undefined : setInterval(report, PROGRESS_EVERY_MS)
      timer?.unref?.()
      const finish = () => {
        if (timer !== undefined) {
          clearInterval(timer)
          report()
        }
        release()
      }
      return settle((id) => this.#native.videosDownload(id, arg, file, progress, native, token), (p) => p[1], finish)
    } catch (error) {
      return Promise.reject(error)
    }
  }
}

/** A synchronous native call whose error is a native one. */
function settleSync(make) {
  try {
    return make()
  } catch (error) {
    throw require('./errors.js').fromNative(error)
  }
}

module.exports = { Videos }
