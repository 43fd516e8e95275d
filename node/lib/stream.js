'use strict'
// `Stream`: what `create({ stream: true })` resolves to. The native side hands over
// one batch at a time (every event one network read produced, as one JSON array
// text); this file flattens batches into chunks for `for await`.

const { fromNative } = require('./errors.js')
const { withRequestId } = require('./result.js')

const DONE = Object.freeze({ value: undefined, done: true })

class Stream {
  #native
  #release
  #batch = []
  #index = 0
  #done = false
  #headers = undefined
  #iterator = undefined

  /** @internal Made by `chat.completions.create`, not by users. */
  constructor(native, release) {
    this.#native = native
    this.#release = release
  }

  /** The `x-request-id` of the answer, or null. */
  get requestId() {
    return this.#native.requestId ?? null
  }

  /** The response headers, lower-case names. */
  get headers() {
    if (this.#headers === undefined) this.#headers = JSON.parse(this.#native.headersJson)
    return this.#headers
  }

  /** Iterates the chunks once; `break` or `return` closes the connection. */
  [Symbol.asyncIterator]() {
    if (this.#iterator === undefined) {
      this.#iterator = {
        next: () => this.#next(),
        return: () => {
          this.close()
          return Promise.resolve(DONE)
        },
        [Symbol.asyncIterator]() {
          return this
        },
      }
    }
    return this.#iterator
  }

  #next() {
    // Chunks already in hand need no trip to the native side.
    if (this.#index < this.#batch.length) {
      return Promise.resolve({ value: this.#batch[this.#index++], done: false })
    }
    return this.#fetch()
  }

  async #fetch() {
    while (!this.#done) {
      let text
      try {
        text = await this.#native.nextBatch()
      } catch (error) {
        this.#finish()
        throw fromNative(error)
      }
      if (text == null) break
      this.#batch = JSON.parse(text)
      this.#index = 0
      if (this.#batch.length > 0) return { value: this.#batch[this.#index++], done: false }
    }
    this.#finish()
    return DONE
  }

  /**
   * Reads the rest of the stream and resolves to the completion a non-streamed call
   * would have given (accumulated per choice, tool calls joined, usage kept).
   * Rejects if the stream did not end normally.
   */
  async finalCompletion() {
    let text
    try {
      text = await this.#native.finalCompletion()
    } catch (error) {
      throw fromNative(error)
    } finally {
      this.#finish()
    }
    return withRequestId(JSON.parse(text), this.requestId)
  }

  /** Closes the connection now. Idempotent. */
  close() {
    this.#native.close()
    this.#finish()
  }

  #finish() {
    if (this.#done) return
    this.#done = true
    this.#batch = []
    this.#index = 0
    this.#release()
  }
}

module.exports = { Stream }
