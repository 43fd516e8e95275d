'use strict'
// The error classes of CONTRACT.md's table, and the decoder that turns the JSON
// description a native call rejects with (see src/errors.rs) into one of them.

/** Prefix of every native error message to decode; keep in sync with src/errors.rs. */
const NATIVE_ERROR_MARK = 'tokenhot-native-error:'

class TokenhotError extends Error {
  /**
   * @param {string} message
   * @param {object} [init] status, requestId, code, type, param, body, headers,
   *   attempts, cause
   */
  constructor(message, init = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause })
    this.status = init.status ?? null
    this.requestId = init.requestId ?? null
    this.code = init.code ?? null
    this.type = init.type ?? null
    this.param = init.param ?? null
    this.body = init.body ?? null
    this.headers = init.headers ?? {}
    this.attempts = init.attempts ?? 0
  }
}

class APIError extends TokenhotError {}
class BadRequestError extends APIError {}
class AuthenticationError extends APIError {}
class PermissionDeniedError extends APIError {}
class NotFoundError extends APIError {}
class ConflictError extends APIError {}
class RequestTooLargeError extends APIError {}
class UnprocessableEntityError extends APIError {}
class RateLimitError extends APIError {}
class InternalServerError extends APIError {}
class StreamError extends APIError {}
class APIConnectionError extends TokenhotError {}
class APITimeoutError extends APIConnectionError {}
class TaskFailedError extends TokenhotError {}
class APIUserAbortError extends TokenhotError {}

const classes = {
  TokenhotError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  RequestTooLargeError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  StreamError,
  APIConnectionError,
  APITimeoutError,
  TaskFailedError,
  APIUserAbortError,
}

// `name` lives on the prototypes (not on each instance) so logged errors stay tidy;
// an abort is an `AbortError` like every other aborted web API.
for (const [name, cls] of Object.entries(classes)) {
  const shown = cls === APIUserAbortError ? 'AbortError' : name
  Object.defineProperty(cls.prototype, 'name', { value: shown, writable: true, configurable: true })
}

/**
 * The error a failed native call should surface as. Anything that is not a
 * description from src/errors.rs is a bug in this package: a `TokenhotError`
 * "internal error: ..." with the original as its cause.
 */
function fromNative(error) {
  const message = error != null && typeof error.message === 'string' ? error.message : null
  if (message === null || !message.startsWith(NATIVE_ERROR_MARK)) {
    return new TokenhotError(`internal error: ${message ?? String(error)}`, { cause: error })
  }
  let d
  try {
    d = JSON.parse(message.slice(NATIVE_ERROR_MARK.length))
  } catch (parseError) {
    return new TokenhotError(`internal error: undecodable native error: ${message}`, { cause: parseError })
  }
  if (d.class === 'InvalidArgumentError') return new TypeError(d.message)
  const cls = Object.hasOwn(classes, d.class) ? classes[d.class] : TokenhotError
  const made = new cls(d.message, {
    status: d.status,
    requestId: d.request_id,
    code: d.code,
    type: d.type,
    param: d.param,
    body: d.body,
    headers: d.headers,
    attempts: d.attempts,
    cause: d.cause == null ? undefined : new Error(d.cause),
  })
  // The video task a failed task or a timed-out wait is about.
  if (d.task != null) made.task = require('./video_task.js').videoTask(d.task)
  return made
}

/** What an `AbortSignal` that already fired rejects with: no request is sent. */
function abortError() {
  return new APIUserAbortError('request was aborted by the caller')
}

module.exports = { ...classes, fromNative, abortError }
