'use strict'
// `client.models`: the models the key can use.

const { listen } = require('./cancel.js')
const { callOptions } = require('./options.js')
const { result } = require('./result.js')
const { settle } = require('./settle.js')

class Models {
  #native

  constructor(native) {
    this.#native = native
  }

  /** `{ object: "list", data: [{ id, ... }] }`, with a non-enumerable `_request_id`. */
  list(options) {
    try {
      const { signal, native } = callOptions(options)
      const { token, release } = listen(signal)
      return settle((id) => this.#native.modelsList(id, native, token), result, release)
    } catch (error) {
      return Promise.reject(error)
    }
  }
}

module.exports = { Models }
