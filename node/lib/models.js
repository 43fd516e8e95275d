'use strict'
// `client.models`: the models the key can use.

const { listen } = require('./cancel.js')
const { fromNative } = require('./errors.js')
const { callOptions } = require('./options.js')
const { result } = require('./result.js')

class Models {
  #native

  constructor(native) {
    this.#native = native
  }

  /** `{ object: "list", data: [{ id, ... }] }`, with a non-enumerable `_request_id`. */
  async list(options) {
    const { signal, native } = callOptions(options)
    const { token, release } = listen(signal)
    try {
      return result(await this.#native.modelsList(native, token))
    } catch (error) {
      throw fromNative(error)
    } finally {
      release()
    }
  }
}

module.exports = { Models }
