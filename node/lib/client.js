'use strict'
// `Tokenhot`, the client: one native client (one connection pool) and the resource
// tree over it. All behaviour lives in the Rust core.

const { NativeClient } = require('./addon.js')
const { Chat } = require('./chat.js')
const { fromNative } = require('./errors.js')
const { Gemini } = require('./gemini.js')
const { Messages } = require('./messages.js')
const { Images } = require('./images.js')
const { Models } = require('./models.js')
const { Videos } = require('./videos.js')
const { Responses } = require('./responses.js')
const { clientOptions } = require('./options.js')
const { nativeSettler } = require('./settle.js')

class Tokenhot {
  #native

  /**
   * @param {object} [options] apiKey, baseURL, timeout, connectTimeout,
   *   streamIdleTimeout (milliseconds), maxRetries, defaultHeaders. The key and the
   *   URL fall back to TOKENHOT_API_KEY and TOKENHOT_BASE_URL; a missing key is an
   *   AuthenticationError at the first call.
   */
  constructor(options) {
    const native = clientOptions(options)
    // The key crosses to the native client here and is kept nowhere in JS.
    try {
      this.#native = new NativeClient(native, nativeSettler())
    } catch (error) {
      throw fromNative(error)
    }
    this.chat = new Chat(this.#native)
    this.gemini = new Gemini(this.#native)
    this.messages = new Messages(this.#native)
    this.images = new Images(this.#native)
    this.models = new Models(this.#native)
    this.videos = new Videos(this.#native)
    this.responses = new Responses(this.#native)
  }

  /** The gateway's root URL, after env fallback and normalisation. */
  get baseURL() {
    return this.#native.baseUrl
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `Tokenhot { baseURL: ${JSON.stringify(this.baseURL)}, apiKey: <redacted> }`
  }
}

module.exports = { Tokenhot }
