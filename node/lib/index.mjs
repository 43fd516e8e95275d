// The ESM entry re-exports the CommonJS module, so both load one copy of every class
// and `instanceof` holds across `import` and `require`.
import cjs from './index.js'

export const {
  Tokenhot,
  Stream,
  imagePart,
  TokenhotError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  RequestTooLargeError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  StreamError,
  APIConnectionError,
  APITimeoutError,
  TaskFailedError,
  APIUserAbortError,
  VERSION,
} = cjs
export default Tokenhot
