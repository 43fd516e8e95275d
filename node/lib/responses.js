'use strict'
// `client.responses`: OpenAI Responses. Check and encode the body (TypeError before
// any I/O), wire the AbortSignal, call the native client, decode answer or error.
// Results carry `output_text` (computed by core) as a non-enumerable property, so
// `JSON.stringify(r)` is the wire JSON.

const { encodeResponsesBody } = require('./body.js')
const { listen } = require('./cancel.js')
const { fromNative } = require('./errors.js')
const { callOptions } = require('./options.js')
const { withRequestId } = require('./result.js')
const { settle } = require('./settle.js')
const { Stream } = require('./stream.js')

/** The response with its helper: `[response, helpers]` from the native side. */
function withOutputText(response, helpers) {
  // A response whose wire JSON has an `output_text` key keeps it as sent (enumerable):
  // redefining it would drop it from `JSON.stringify(r)`.
  if (response !== null && typeof response === 'object' && !Object.hasOwn(response, 'output_text')) {
    Object.defineProperty(response, 'output_text', {
      value: helpers?.output_text ?? '',
      enumerable: false,
      writable: true,
      configurable: true,
    })
  }
  return response
}

/** A settled payload `[requestId, response, helpers]` to the user's result. */
function responseResult(payload) {
  return withRequestId(withOutputText(payload[1], payload[2]), payload[0])
}

/** A stream batch: events carry no helpers; the final result is `[response, helpers]`. */
function responsesBatch(items) {
  return items
}
function responsesFinal(items) {
  return [withOutputText(items[0], items[1])]
}

class Responses {
  #native

  constructor(native) {
    this.#native = native
  }

  /**
   * Creates a response (`POST /v1/responses`). With `stream: true`, resolves once the
   * response head arrived to a `Stream` of events; otherwise to the response, the
   * plain wire object with non-enumerable `_request_id` and `output_text`.
   */
  create(body, options) {
    try {
      const text = encodeResponsesBody(body)
      const { signal, native } = callOptions(options)
      const { token, release } = listen(signal)
      if (body.stream === true) return this.#stream(text, native, token, release)
      return settle((id) => this.#native.responsesCreate(id, text, native, token), responseResult, release)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  async #stream(text, native, token, release) {
    let stream
    try {
      stream = await this.#native.responsesStream(text, native, token)
    } catch (error) {
      release()
      throw fromNative(error)
    }
    return new Stream(stream, release, responsesBatch, responsesFinal)
  }

  #byId(op, responseId, options, decode) {
    try {
      if (typeof responseId !== 'string') throw new TypeError('responseId must be a string')
      if (responseId.trim().length === 0) throw new RangeError('responseId must not be empty')
      const { signal, native } = callOptions(options)
      const { token, release } = listen(signal)
      return settle((id) => this.#native.responsesById(id, op, responseId, native, token), decode, release)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /** `GET /v1/responses/{id}`. */
  retrieve(responseId, options) {
    return this.#byId('retrieve', responseId, options, responseResult)
  }

  /** `POST /v1/responses/{id}/cancel` (a background response). */
  cancel(responseId, options) {
    return this.#byId('cancel', responseId, options, responseResult)
  }

  /** `DELETE /v1/responses/{id}`; resolves to undefined. */
  delete(responseId, options) {
    return this.#byId('delete', responseId, options, () => undefined)
  }
}

module.exports = { Responses }
