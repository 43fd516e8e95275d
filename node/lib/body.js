'use strict'
// Request bodies: checked here, then JSON text for the native side. JSON.stringify
// alone would silently drop functions and symbols and throw on a BigInt without
// saying where, so the body is walked first and the error names the field.

/** Plain JSON object check: an array, a Map or a class instance is not a body. */
function isPlainObject(value) {
  if (value === null || typeof value !== 'object') return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** Deeper than this, the fast check leaves the verdict to the full walk (a cycle?). */
const FAST_DEPTH = 64

/**
 * The common case, cheaply: true when everything under `value` is JSON-faithful
 * and not deeper than FAST_DEPTH (so without cycles). No paths, no ancestor set;
 * false sends `checkJson` to the full walk, which names the culprit.
 */
function faithful(v, depth) {
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
      return true
    case 'object':
      break
    default:
      return false
  }
  if (v === null) return true
  if (typeof v.toJSON === 'function') return true
  if (depth >= FAST_DEPTH || v instanceof Map || v instanceof Set) return false
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!faithful(v[i], depth + 1)) return false
    return true
  }
  for (const key of Object.keys(v)) if (!faithful(v[key], depth + 1)) return false
  return true
}

/**
 * Throws a TypeError naming the first value under `value` that JSON cannot carry
 * faithfully: a BigInt, a function, a symbol, a Map or Set (they encode as `{}`), or
 * a cycle. `name` is how the user knows the root (`body`, `options.body`).
 */
function checkJson(value, name) {
  if (faithful(value, 0)) return
  const path = []
  const ancestors = new Set()
  const where = () => name + path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('')
  const visit = (v) => {
    switch (typeof v) {
      case 'string':
      case 'number':
      case 'boolean':
      case 'undefined':
        return
      case 'bigint':
        throw new TypeError(`${where()} is a BigInt, which JSON cannot carry; pass a number or a string`)
      case 'function':
        throw new TypeError(`${where()} is a function, which JSON cannot carry`)
      case 'symbol':
        throw new TypeError(`${where()} is a symbol, which JSON cannot carry`)
    }
    if (v === null) return
    if (typeof v.toJSON === 'function') return // Date, Buffer, user types: they say how
    if (v instanceof Map || v instanceof Set) {
      throw new TypeError(`${where()} is a ${v.constructor.name}, which JSON encodes as {}; pass a plain object or an array`)
    }
    if (ancestors.has(v)) throw new TypeError(`${where()} refers back to itself (a cycle)`)
    ancestors.add(v)
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i)
        visit(v[i])
        path.pop()
      }
    } else {
      for (const key of Object.keys(v)) {
        path.push(key)
        visit(v[key])
        path.pop()
      }
    }
    ancestors.delete(v)
  }
  visit(value)
}

/** Checks a chat completion body and returns it as JSON text. */
function encodeChatBody(body) {
  if (!isPlainObject(body)) {
    throw new TypeError('the first argument of chat.completions.create must be a plain object ({ model, messages, ... })')
  }
  if (typeof body.model !== 'string' || body.model.length === 0) {
    throw new TypeError(body.model === undefined ? 'model is required' : 'model must be a non-empty string')
  }
  if (!Array.isArray(body.messages)) {
    throw new TypeError(body.messages === undefined ? 'messages is required' : 'messages must be an array of messages')
  }
  if (body.stream != null && typeof body.stream !== 'boolean') {
    throw new TypeError('stream must be a boolean')
  }
  checkJson(body, 'body')
  return JSON.stringify(body)
}

/**
 * Checks a generateContent body and splits it: `{ model, text }`, the model id and
 * the JSON text of the rest (`stream` left out too). Either spelling of known keys
 * is fine: core renames them, and checks `contents` with the rest of the shape.
 */
function encodeGeminiBody(body) {
  if (!isPlainObject(body)) {
    throw new TypeError('the first argument of gemini.generateContent must be a plain object ({ model, contents, ... })')
  }
  const { model, stream, ...rest } = body
  if (typeof model !== 'string' || model.trim().length === 0) {
    throw new TypeError(model === undefined ? 'model is required' : 'model must be a non-empty string')
  }
  if (stream != null && typeof stream !== 'boolean') {
    throw new TypeError('stream must be a boolean')
  }
  // Core checks `contents` too; checking here spares encoding a body without it.
  if (rest.contents === undefined) throw new TypeError('contents is required')
  // The whole body, so that a cycle is named from the user's own object.
  checkJson(body, 'body')
  return { model, text: JSON.stringify(rest) }
}

/**
 * Checks a Messages body (`create`, or `countTokens` without `max_tokens`) and encodes
 * it. `max_tokens` is required by the API, so missing is a TypeError here, before any
 * request; core checks the rest of the shape.
 */
function encodeMessagesBody(body, operation, needsMaxTokens) {
  if (!isPlainObject(body)) {
    throw new TypeError(`the first argument of messages.${operation} must be a plain object ({ model, messages, ... })`)
  }
  if (typeof body.model !== 'string' || body.model.trim().length === 0) {
    throw new TypeError(body.model === undefined ? 'model is required' : 'model must be a non-empty string')
  }
  if (!Array.isArray(body.messages)) {
    throw new TypeError(body.messages === undefined ? 'messages is required' : 'messages must be an array of messages')
  }
  if (needsMaxTokens) {
    const n = body.max_tokens
    if (n == null) throw new TypeError('max_tokens is required')
    if (typeof n !== 'number') throw new TypeError('max_tokens must be a number')
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`max_tokens must be a positive integer (got ${n})`)
  }
  if (body.stream != null && typeof body.stream !== 'boolean') {
    throw new TypeError('stream must be a boolean')
  }
  checkJson(body, 'body')
  return JSON.stringify(body)
}

/** Checks a Responses body and returns it as JSON text (core checks the rest). */
function encodeResponsesBody(body) {
  if (!isPlainObject(body)) {
    throw new TypeError('the first argument of responses.create must be a plain object ({ model, input, ... })')
  }
  if (typeof body.model !== 'string' || body.model.length === 0) {
    throw new TypeError(body.model === undefined ? 'model is required' : 'model must be a non-empty string')
  }
  if (body.input !== undefined && typeof body.input !== 'string' && !Array.isArray(body.input)) {
    throw new TypeError('input must be a string or an array of input items')
  }
  if (body.stream != null && typeof body.stream !== 'boolean') {
    throw new TypeError('stream must be a boolean')
  }
  checkJson(body, 'body')
  return JSON.stringify(body)
}

module.exports = { isPlainObject, checkJson, encodeChatBody, encodeGeminiBody, encodeMessagesBody, encodeResponsesBody }
