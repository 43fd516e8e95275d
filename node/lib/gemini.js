'use strict'
// `client.gemini`: Gemini's native generateContent (`/v1beta/models/{model}:...`)
// and the image download. Same shape as chat: check and encode the body (TypeError
// or RangeError before any I/O), wire the AbortSignal, call the native client,
// decode answer or error; results carry the Gemini helpers.

const { encodeGeminiBody } = require('./body.js')
const { listen } = require('./cancel.js')
const { fromNative } = require('./errors.js')
const { geminiBatch, geminiResult } = require('./gemini_helpers.js')
const { callOptions } = require('./options.js')
const { settle } = require('./settle.js')
const { Stream } = require('./stream.js')

const MAX_BYTES_LIMIT = Number.MAX_SAFE_INTEGER

class Gemini {
  #native

  constructor(native) {
    this.#native = native
  }

  /**
   * Generates content. `contents` may be a plain string; known keys may be given in
   * snake_case or camelCase (the wire gets camelCase). With `stream: true`, resolves
   * once the response head arrived to a `Stream` of partial responses; otherwise to
   * the response, the plain wire object with non-enumerable `_request_id`, `text`,
   * `thoughtText`, `functionCalls`, `images()` and `imageUrls()`.
   */
  generateContent(body, options) {
    // Not `async`: a plain call returns the settler's promise itself (see chat.js).
    try {
      const { model, text } = encodeGeminiBody(body)
      const { signal, native } = callOptions(options)
      const { token, release } = listen(signal)
      if (body.stream === true) return this.#stream(model, text, native, token, release)
      return settle((id) => this.#native.geminiGenerateContent(id, model, text, native, token), geminiResult, release)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  async #stream(model, text, native, token, release) {
    let stream
    try {
      stream = await this.#native.geminiStream(model, text, native, token)
    } catch (error) {
      release()
      throw fromNative(error)
    }
    // The signal keeps watching the stream until it ends or is closed.
    return new Stream(stream, release, geminiBatch)
  }

  /**
   * Downloads an image the gateway answered with as a link (see `imageUrls()`):
   * `{ data: Buffer, mimeType }`. The client's key is sent only when the URL is on
   * the base URL's host. Bounded by `maxBytes` (default 32 MiB) and `timeout`
   * (default 60 s); `signal` aborts it.
   */
  async fetchImage(url, options) {
    if (typeof url !== 'string' && !(url instanceof URL)) throw new TypeError('url must be a string')
    let maxBytes
    let rest = options
    if (options != null && typeof options === 'object') {
      ;({ maxBytes, ...rest } = options)
      if (maxBytes != null) {
        if (typeof maxBytes !== 'number') throw new TypeError('maxBytes must be a number')
        if (!Number.isInteger(maxBytes) || maxBytes < 1 || maxBytes > MAX_BYTES_LIMIT) {
          throw new RangeError(`maxBytes must be a positive integer (got ${maxBytes})`)
        }
      }
    }
    const { signal, native } = callOptions(rest)
    const { token, release } = listen(signal)
    try {
      return await this.#native.geminiFetchImage(String(url), maxBytes ?? undefined, native, token)
    } catch (error) {
      throw fromNative(error)
    } finally {
      release()
    }
  }
}

module.exports = { Gemini }
