'use strict'
// `Stream`: what every `create({ stream: true })` and `generateContent({ stream: true })`
// resolve to. The native side hands over one batch at a time (every event one network
// read produced, as one JSON array text); this file flattens batches into chunks for
// `for await`. A family whose results carry helpers (Gemini) has each event's helpers
// after it in the array, and its `decode` pairs them up.

const { fromNative } = require('./errors.js')
const { withRequestId } = require('./result.js')

const DONE = Object.freeze({ value: undefined, done: true })

/** A batch of a family without helpers (chat) is its chunks as they are. */
const plainBatch = (items) => items

class Stream {
  #native
  #release
  #decode
  #decodeFinal
  #batch = []
  #index = 0
  #done = false
  #headers = undefined
  #iterator = undefined

  /**
   * @internal Made by `chat.completions.create` and `gemini.generateContent`, not by
   * users. `decode` turns a parsed batch into its chunks; `decodeFinal` the final
   * result's batch of one (Messages: `[message, text]`), by default the same.
   */
  constructor(native, release, decode = plainBatch, decodeFinal = decode) {
    this.#native = native
    this.#release = release
    this.#decode = decode
    this.#decodeFinal = decodeFinal
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
      this.#batch = this.#decode(JSON.parse(text))
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
  finalCompletion() {
    return this.#final()
  }

  /**
   * Gemini's and Responses' name for the same: for Gemini the response a
   * non-streamed call would have given (parts merged, thought signatures kept), with
   * its helpers; for Responses the terminal event's response (output rebuilt when it
   * came without), with `output_text`; a `response.failed` end rejects with
   * `StreamError` (`body` the failed response).
   */
  finalResponse() {
    return this.#final()
  }

  /**
   * Messages' name for the same: the accumulated message (blocks by index, tool input
   * parsed once per block, a cut one read as far as it goes), with its `text`.
   */
  finalMessage() {
    return this.#final()
  }

  async #final() {
    let text
    try {
      text = await this.#native.finalResult()
    } catch (error) {
      throw fromNative(error)
    } finally {
      this.#finish()
    }
    // The native side answers a batch of one.
    return withRequestId(this.#decodeFinal(JSON.parse(text))[0], this.requestId)
  }

  /**
   * The text as it arrives, as string pieces (chat `delta.content`, Gemini
   * non-thought text, Responses `response.output_text.delta`: core decides). An async
   * iterable; consuming it consumes the stream, `break` closes it.
   */
  textStream() {
    const self = this
    return {
      async *[Symbol.asyncIterator]() {
        let finished = false
        try {
          while (!self.#done) {
            let text
            try {
              text = await self.#native.nextTextBatch()
            } catch (error) {
              self.#finish()
              throw fromNative(error)
            }
            if (text == null) break
            for (const piece of JSON.parse(text)) yield piece
          }
          finished = true
          self.#finish()
        } finally {
          // Left early (`break`, an exception in the loop body): close the connection.
          if (!finished) self.close()
        }
      },
    }
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
