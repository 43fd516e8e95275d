'use strict'
// Client and per-call options: checked here so errors name the option as the user
// spelled it, then reshaped for the native side (flat header and query lists, the
// extra body as JSON text). Durations are milliseconds.

const { isPlainObject, checkJson } = require('./body.js')

const MAX_RETRIES_LIMIT = 0xffffffff

function duration(value, name) {
  if (value == null) return undefined
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number of milliseconds`)
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive, finite number of milliseconds (got ${value})`)
  }
  return value
}

function retries(value, name) {
  if (value == null) return undefined
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number`)
  if (!Number.isInteger(value) || value < 0 || value > MAX_RETRIES_LIMIT) {
    throw new RangeError(`${name} must be a non-negative integer (got ${value})`)
  }
  return value
}

/** `{ name: value }` (or a `Headers`, or `[name, value]` pairs) as `[n, v, n, v, ...]`. */
function flatPairs(value, name) {
  if (value == null) return undefined
  let entries
  if (Array.isArray(value)) entries = value
  else if (typeof value.entries === 'function' && !isPlainObject(value)) entries = Array.from(value.entries())
  else if (typeof value === 'object') entries = Object.entries(value)
  else throw new TypeError(`${name} must be an object of names to string values`)
  const flat = []
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string') {
      throw new TypeError(`${name} must map names to string values`)
    }
    const [key, v] = entry
    if (v == null) continue // an absent value sends nothing
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw new TypeError(`${name}[${JSON.stringify(key)}] must be a string`)
    }
    flat.push(key, String(v))
  }
  return flat
}

function optionalString(value, name) {
  if (value == null) return undefined
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string`)
  return value
}

/** `new Tokenhot(options)` to the native `ClientOptions`. */
function clientOptions(options) {
  if (options == null) return {}
  if (typeof options !== 'object') throw new TypeError('the Tokenhot options must be an object')
  return {
    apiKey: optionalString(options.apiKey, 'apiKey'),
    baseUrl: optionalString(options.baseURL, 'baseURL'),
    timeout: duration(options.timeout, 'timeout'),
    connectTimeout: duration(options.connectTimeout, 'connectTimeout'),
    streamIdleTimeout: duration(options.streamIdleTimeout, 'streamIdleTimeout'),
    maxRetries: retries(options.maxRetries, 'maxRetries'),
    defaultHeaders: flatPairs(options.defaultHeaders, 'defaultHeaders'),
  }
}

/**
 * A call's second argument to `{ signal, native }`: `native` is the native
 * `CallOptions`, or undefined when nothing but the client's settings apply (the
 * common case, which then crosses nothing).
 */
function callOptions(options) {
  if (options == null) return { signal: undefined, native: undefined }
  if (typeof options !== 'object') throw new TypeError('the request options must be an object')
  const { signal } = options
  if (signal != null && (typeof signal.aborted !== 'boolean' || typeof signal.addEventListener !== 'function')) {
    throw new TypeError('signal must be an AbortSignal')
  }
  let body
  if (options.body != null) {
    if (!isPlainObject(options.body)) throw new TypeError('body (extra body fields) must be a plain object')
    checkJson(options.body, 'options.body')
    body = JSON.stringify(options.body)
  }
  const native = {
    timeout: duration(options.timeout, 'timeout'),
    connectTimeout: duration(options.connectTimeout, 'connectTimeout'),
    streamIdleTimeout: duration(options.streamIdleTimeout, 'streamIdleTimeout'),
    maxRetries: retries(options.maxRetries, 'maxRetries'),
    headers: flatPairs(options.headers, 'headers'),
    query: flatPairs(options.query, 'query'),
    body,
  }
  const any = Object.values(native).some((v) => v !== undefined)
  return { signal: signal ?? undefined, native: any ? native : undefined }
}

module.exports = { clientOptions, callOptions }
