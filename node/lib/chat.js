'use strict'
// `client.chat.completions`: check and encode the body (TypeError/RangeError before
// any I/O), wire the AbortSignal, call the native client, decode answer or error.

const { encodeChatBody } = require('./body.js')
const { listen } = require('./cancel.js')
const { fromNative } = require('./errors.js')
const { callOptions } = require('./options.js')
const { result } = require('./result.js')
const { settle } = require('./settle.js')
const { Stream } = require('./stream.js')

class Completions {
  #native

  constructor(native) {
    this.#native = native
  }

  /**
   * Creates a chat completion. With `stream: true`, resolves once the response head
   * arrived to a `Stream` of chunks; otherwise to the completion, the plain wire
   * object with a non-enumerable `_request_id`.
   */
  create(body, options) {
    // Not `async`: a plain call returns the settler's promise itself, one promise
    // fewer per call; every error still arrives as a rejection.
    try {
      const text = encodeChatBody(body)
      const { signal, native } = callOptions(options)
      const { token, release } = listen(signal)
      if (body.stream === true) return this.#stream(text, native, token, release)
      return settle((id) => this.#native.chatCreate(id, text, native, token), result, release)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  async #stream(text, native, token, release) {
    let stream
    try {
      stream = await this.#native.chatStream(text, native, token)
    } catch (error) {
      release()
      throw fromNative(error)
    }
    // The signal keeps watching the stream until it ends or is closed.
    return new Stream(stream, release)
  }
}

class Chat {
  constructor(native) {
    this.completions = new Completions(native)
  }
}

module.exports = { Chat }
