'use strict'
// tokenhot: the Node face of the Tokenhot gateway client. CommonJS is the one copy;
// index.mjs re-exports it so `instanceof` holds whether users `import` or `require`.

const { Tokenhot } = require('./client.js')
const { Stream } = require('./stream.js')
const { imagePart } = require('./gemini_helpers.js')
const errors = require('./errors.js')
const addon = require('./addon.js')

module.exports = {
  Tokenhot,
  default: Tokenhot,
  Stream,
  imagePart,
  TokenhotError: errors.TokenhotError,
  APIError: errors.APIError,
  BadRequestError: errors.BadRequestError,
  AuthenticationError: errors.AuthenticationError,
  PermissionDeniedError: errors.PermissionDeniedError,
  NotFoundError: errors.NotFoundError,
  ConflictError: errors.ConflictError,
  RequestTooLargeError: errors.RequestTooLargeError,
  UnprocessableEntityError: errors.UnprocessableEntityError,
  RateLimitError: errors.RateLimitError,
  InternalServerError: errors.InternalServerError,
  StreamError: errors.StreamError,
  APIConnectionError: errors.APIConnectionError,
  APITimeoutError: errors.APITimeoutError,
  TaskFailedError: errors.TaskFailedError,
  APIUserAbortError: errors.APIUserAbortError,
  VERSION: addon.nativeVersion(),
}

// Hidden test hook (not in the types): proves a Rust panic, in a synchronous entry
// point or inside a future, rejects with TokenhotError instead of crashing.
Object.defineProperty(module.exports, '__panicForTest', {
  enumerable: false,
  value: async (kind) => {
    try {
      return await addon.__panicForTest(kind)
    } catch (error) {
      throw errors.fromNative(error)
    }
  },
})
