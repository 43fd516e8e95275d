'use strict'
// A video task as Node users get it: a plain object `{ id, status, progress, videoUrl,
// error, model, route, raw }` built from core's normalized view (CONTRACT.md,
// Videos); `raw` is the wire JSON.

function videoTask(native, requestId) {
  const task = {
    id: native.id,
    status: native.status,
    progress: native.progress,
    videoUrl: native.video_url,
    error: native.error,
    model: native.model,
    route: native.route,
    raw: native.raw,
  }
  if (requestId !== undefined) {
    Object.defineProperty(task, '_request_id', { value: requestId, enumerable: false, writable: true, configurable: true })
  }
  return task
}

/** A task id or a task object as the native side reads it (JSON text). */
function taskArg(task) {
  if (typeof task === 'string') return JSON.stringify(task)
  if (task !== null && typeof task === 'object' && typeof task.id === 'string' && typeof task.route === 'string' && task.raw !== undefined) {
    return JSON.stringify({ id: task.id, route: task.route, raw: task.raw })
  }
  throw new TypeError('task must be a task id (string) or a task that client.videos returned')
}

module.exports = { videoTask, taskArg }
