'use strict'
// `client.messages`: Anthropic Messages (`POST /v1/messages`). Same shape as chat:
// check and encode the body (TypeError/RangeError before any I/O, `max_tokens`
// required), wire the AbortSignal, call the native client, decode answer or error.
// A message carries core's `text` helper as a non-enumerable property, so
// `JSON.stringify(message)` is the wire JSON.

const { encodeMessagesBody } = require('./body.js')
const { listen } = require('./cancel.js')
const { fromNative } = require('./errors.js')
const { callOptions } = require('./options.js')
const { result, withRequestId } = require('./result.js')
const { settle } = require('./settle.js')
const { Stream } = require('./stream.js')

/** Puts `text` on a parsed message; returns it. */
function withText(message, text) {
  if (message !== null && typeof message === 'object') {
    Object.defineProperty(message, 'text', { value: text, enumerable: false, writable: true, configurable: true })
  }
  return message
}

/** A settled call's payload (`[requestId, message, text]`, src/messages.rs). */
function messageResult(payload) {
  return withRequestId(withText(payload[1], payload[2]), payload[0])
}

/** The final result's batch of one, `[message, text]`. */
function finalMessageBatch(items) {
  return [withText(items[0], items[1])]
}

class Messages {
  #native

  constructor(native) {
    this.#native = native
  }

  /**
   * Sends a message (`model`, `max_tokens` and `messages` required; `system`,
   * `tools`, `tool_choice`, `thinking`, ... as on the wire). With `stream: true`,
   * resolves once the response head arrived to a `Stream` of the wire events (`ping`
   * not yielded) whose `finalMessage()` is the accumulated message; otherwise to the
   * message, the plain wire object with non-enumerable `_request_id` and `text`.
   */
  create(body, options) {
    // Not `async`: a plain call returns the settler's promise itself (see chat.js).
    try {
      const text = encodeMessagesBody(body, 'create', true)
      const { signal, native } = callOptions(options)
      const { token, release } = listen(signal)
      if (body.stream === true) return this.#stream(text, native, token, release)
      return settle((id) => this.#native.messagesCreate(id, text, native, token), messageResult, release)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /** `POST /v1/messages/count_tokens`: resolves to `{ input_tokens }`. */
  countTokens(body, options) {
    try {
      const text = encodeMessagesBody(body, 'countTokens', false)
      const { signal, native } = callOptions(options)
      const { token, release } = listen(signal)
      return settle((id) => this.#native.messagesCountTokens(id, text, native, token), result, release)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  async #stream(text, native, token, release) {
    let stream
    try {
      stream = await this.#native.messagesStream(text, native, token)
    } catch (error) {
      release()
      throw fromNative(error)
    }
    // The signal keeps watching the stream until it ends or is closed.
    return new Stream(stream, release, undefined, finalMessageBatch)
  }
}

module.exports = { Messages }
