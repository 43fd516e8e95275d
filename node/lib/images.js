'use strict'
// `client.images`: generation and editing over the OpenAI-style routes, and getting
// the pictures onto disk (CONTRACT.md, Images). Files given to `edit` (a path, a
// `file:` URL, a Buffer / Uint8Array, or `{ filename, data, mimeType }`) cross to the
// native side as a path (read and streamed by Rust) or bytes; Rust types each part
// from its bytes, builds the multipart form, decodes base64, downloads URLs and
// writes files through a temporary one. Bad arguments throw before any I/O.

const { fileURLToPath } = require('node:url')
const { isPlainObject, checkJson } = require('./body.js')
const { listen } = require('./cancel.js')
const { fromNative } = require('./errors.js')
const { callOptions } = require('./options.js')
const { result } = require('./result.js')
const { settle } = require('./settle.js')
const { Stream } = require('./stream.js')

function checkBody(body, op) {
  if (!isPlainObject(body)) throw new TypeError(`the first argument of images.${op} must be a plain object ({ model, prompt, ... })`)
  if (body.stream != null && typeof body.stream !== 'boolean') throw new TypeError('stream must be a boolean')
}

function bytes(value) {
  if (Buffer.isBuffer(value)) return value
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  if (value instanceof ArrayBuffer) return Buffer.from(value)
  return undefined
}

function path(value, name) {
  if (typeof value === 'string') return value
  if (value instanceof URL) {
    if (value.protocol !== 'file:') throw new TypeError(`${name} must be a file: URL (got ${value.protocol})`)
    return fileURLToPath(value)
  }
  return undefined
}

/** One file argument as the native `NativeFile`. */
function nativeFile(value, name) {
  const data = bytes(value)
  if (data !== undefined) return { data }
  const file = path(value, name)
  if (file !== undefined) return { path: file }
  if (isPlainObject(value)) {
    const { filename, data: raw, mimeType } = value
    const blob = bytes(raw)
    if (blob === undefined) throw new TypeError(`${name}.data must be a Buffer or Uint8Array`)
    if (filename != null && typeof filename !== 'string') throw new TypeError(`${name}.filename must be a string`)
    if (mimeType != null && typeof mimeType !== 'string') throw new TypeError(`${name}.mimeType must be a string`)
    return { data: blob, filename: filename ?? undefined, mimeType: mimeType ?? undefined }
  }
  throw new TypeError(`${name} must be a path (string or file: URL), a Buffer or Uint8Array, or { filename, data, mimeType? }`)
}

function nativeFiles(value, name) {
  if (value == null) return []
  if (Array.isArray(value)) return value.map((item, i) => nativeFile(item, `${name}[${i}]`))
  return [nativeFile(value, name)]
}

class Images {
  #native

  constructor(native) {
    this.#native = native
  }

  /**
   * `POST /v1/images/generations`. With `stream: true`, resolves once the head arrived
   * to a `Stream` of events (`image_generation.partial_image`, `.completed`, ...) whose
   * `finalResponse()` is the images response; otherwise to the response.
   */
  generate(body, options) {
    try {
      checkBody(body, 'generate')
      checkJson(body, 'body')
      const text = JSON.stringify(body)
      const { signal, native } = callOptions(options)
      const { token, release } = listen(signal)
      if (body.stream === true) return this.#stream(() => this.#native.imagesGenerateStream(text, native, token), release)
      return settle((id) => this.#native.imagesGenerate(id, text, native, token), result, release)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /**
   * `POST /v1/images/edits` as `multipart/form-data`: one image goes as `image`, an
   * array as `image[]`, `mask` as `mask`; the other fields as text parts.
   */
  edit(body, options) {
    try {
      checkBody(body, 'edit')
      const { image, mask, ...fields } = body
      if (image === undefined) throw new TypeError('image is required')
      if (Array.isArray(mask) && mask.length === 0) throw new TypeError('mask must be one file')
      const images = nativeFiles(image, 'image')
      const masks = nativeFiles(mask, 'mask')
      checkJson(fields, 'body')
      const text = JSON.stringify(fields)
      const { signal, native } = callOptions(options)
      const { token, release } = listen(signal)
      if (body.stream === true) return this.#stream(() => this.#native.imagesEditStream(text, images, masks, native, token), release)
      return settle((id) => this.#native.imagesEdit(id, text, images, masks, native, token), result, release)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  async #stream(open, release) {
    let stream
    try {
      stream = await open()
    } catch (error) {
      release()
      throw fromNative(error)
    }
    return new Stream(stream, release)
  }

  /**
   * One image as `{ data: Buffer, mimeType }`: a `b64_json` item is decoded without
   * I/O; a `url` item (or a URL) is downloaded with the key only for the gateway's
   * host, bounded by `maxBytes` (default 64 MiB) and `timeout` (default 120 s).
   */
  async fetch(itemOrUrl, options) {
    const item = itemOrUrl instanceof URL ? String(itemOrUrl) : itemOrUrl
    if (typeof item !== 'string' && !isPlainObject(item)) throw new TypeError('fetch takes an item of a result\'s data, or a URL')
    let maxBytes
    let rest = options
    if (options != null && typeof options === 'object') {
      ;({ maxBytes, ...rest } = options)
      if (maxBytes != null && (typeof maxBytes !== 'number' || !Number.isInteger(maxBytes) || maxBytes < 1)) {
        throw new RangeError(`maxBytes must be a positive integer (got ${maxBytes})`)
      }
    }
    const { signal, native } = callOptions(rest)
    const { token, release } = listen(signal)
    try {
      return await this.#native.imagesFetch(JSON.stringify(item), maxBytes ?? undefined, native, token)
    } catch (error) {
      throw fromNative(error)
    } finally {
      release()
    }
  }

  /**
   * Writes every image of `resultOrItem` to `path` and resolves to the paths: a
   * directory (created if missing) gives `image-<i>.<ext>`; a file path is used as is
   * for one image and as `<stem>-<i><suffix>` for several. A failed download leaves no file.
   */
  async save(resultOrItem, target, options) {
    const item = resultOrItem instanceof URL ? String(resultOrItem) : resultOrItem
    if (typeof item !== 'string' && !isPlainObject(item)) throw new TypeError('save takes an images result, one of its data items, or a URL')
    const file = path(target, 'path')
    if (file === undefined) throw new TypeError('path must be a string or a file: URL')
    const { signal, native } = callOptions(options)
    const { token, release } = listen(signal)
    try {
      return await this.#native.imagesSave(JSON.stringify(item), file, native, token)
    } catch (error) {
      throw fromNative(error)
    } finally {
      release()
    }
  }
}

module.exports = { Images }
