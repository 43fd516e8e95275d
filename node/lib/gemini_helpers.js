'use strict'
// Gemini helpers (CONTRACT.md): non-enumerable `text`, `thoughtText`,
// `functionCalls`, `images()`, `imageUrls()` on every response and stream chunk, and
// `imagePart()`. All of it is computed by core: `text` and friends arrive beside the
// wire JSON (src/gemini_helpers.rs), images are decoded on demand, base64 never runs
// here. The response itself stays the plain wire object: `JSON.stringify(r)` is the
// wire JSON.

const { fileURLToPath } = require('node:url')

const addon = require('./addon.js')
const { fromNative } = require('./errors.js')
const { withRequestId } = require('./result.js')

/** Where a response keeps the helpers core computed (`{ text, thoughtText, functionCalls }`). */
const HELPERS = Symbol('tokenhot.geminiHelpers')

function native(call) {
  try {
    return call()
  } catch (error) {
    throw fromNative(error)
  }
}

const hidden = (descriptor) => ({ enumerable: false, configurable: true, ...descriptor })

// Shared by every response, so decorating one costs two defineProperties calls.
const DESCRIPTORS = {
  /** The first candidate's text, thought parts left out; null without candidates. */
  text: hidden({
    get() {
      return this[HELPERS].text
    },
  }),
  /** The first candidate's thought summary; null when it has none. */
  thoughtText: hidden({
    get() {
      return this[HELPERS].thoughtText
    },
  }),
  /** The first candidate's `functionCall` objects, in order. */
  functionCalls: hidden({
    get() {
      return this[HELPERS].functionCalls
    },
  }),
  /** The first candidate's inline images, decoded: `[{ data: Buffer, mimeType }]`. */
  images: hidden({
    writable: true,
    value: function images() {
      return native(() => addon.geminiImages(JSON.stringify(this)))
    },
  }),
  /** Links in the first candidate's text (an image model may answer with one). */
  imageUrls: hidden({
    writable: true,
    value: function imageUrls() {
      return native(() => addon.geminiImageUrls(JSON.stringify(this)))
    },
  }),
}

/** Puts the helpers on a parsed response (or chunk); returns it. */
function withHelpers(response, helpers) {
  if (response === null || typeof response !== 'object') return response
  Object.defineProperty(response, HELPERS, { value: helpers, configurable: true })
  Object.defineProperties(response, DESCRIPTORS)
  return response
}

/** A settled call's payload (`[requestId, response, helpers]`, src/gemini.rs) to the user's response. */
function geminiResult(payload) {
  return withRequestId(withHelpers(payload[1], payload[2]), payload[0])
}

/** A parsed stream batch `[response, helpers, response, helpers, ...]` to its chunks. */
function geminiBatch(items) {
  const chunks = new Array(items.length >> 1)
  for (let i = 0; i < chunks.length; i++) chunks[i] = withHelpers(items[2 * i], items[2 * i + 1])
  return chunks
}

/**
 * `{ inlineData: { mimeType, data } }` from an image file (a path string or a
 * `file:` URL, read by the native side) or its bytes (Buffer, Uint8Array,
 * ArrayBuffer). Without `mimeType`, it comes from the file's extension or the bytes'
 * signature.
 */
function imagePart(source, mimeType) {
  if (mimeType != null && typeof mimeType !== 'string') throw new TypeError('mimeType must be a string')
  const mime = mimeType ?? undefined
  let json
  if (typeof source === 'string' || source instanceof URL) {
    const path = typeof source === 'string' ? source : fileURLToPath(source)
    if (path.length === 0) throw new TypeError('imagePart: the path must not be empty')
    json = native(() => addon.imagePartFromPath(path, mime))
  } else if (ArrayBuffer.isView(source) || source instanceof ArrayBuffer) {
    const bytes = source instanceof Uint8Array
      ? source
      : ArrayBuffer.isView(source)
        ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength)
        : new Uint8Array(source)
    json = native(() => addon.imagePartFromBytes(bytes, mime))
  } else {
    throw new TypeError('imagePart takes a file path or the image bytes (a Buffer or Uint8Array)')
  }
  return JSON.parse(json)
}

module.exports = { geminiResult, geminiBatch, imagePart }
