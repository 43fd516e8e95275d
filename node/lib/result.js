'use strict'
// A plain call's answer as users get it: the wire JSON parsed once (key order and
// unknown keys kept), its request id a non-enumerable property so that
// `JSON.stringify(result)` is still the wire JSON.

function withRequestId(value, requestId) {
  if (value !== null && typeof value === 'object') {
    Object.defineProperty(value, '_request_id', {
      value: requestId ?? null,
      enumerable: false,
      writable: true,
      configurable: true,
    })
  }
  return value
}

/** A settled call's payload (`[requestId, answer]`, src/result.rs) to the user's result. */
function result(payload) {
  return withRequestId(payload[1], payload[0])
}

module.exports = { result, withRequestId }
