'use strict'
// Plain calls settle in batches (src/settle.rs): a native call gets an id and
// returns at once; finished calls queue natively, and the JS thread is woken once
// per batch, parses the batch in one `JSON.parse` and settles every promise it names.
// One settler per JS environment (this module is loaded once per main thread or
// worker).

const { NativeSettler } = require('./addon.js')
const { fromNative } = require('./errors.js')

/** id -> the call waiting for it: { resolve, reject, decode, release }. */
const pending = new Map()
let nextId = 0
let settler

function drain(text) {
  const items = JSON.parse(text)
  for (let i = 0; i < items.length; i += 3) {
    const id = items[i]
    const call = pending.get(id)
    if (call === undefined) continue
    pending.delete(id)
    call.release()
    if (items[i + 1] === 1) {
      let value
      try {
        value = call.decode(items[i + 2])
      } catch (error) {
        call.reject(fromNative(error))
        continue
      }
      call.resolve(value)
    } else {
      call.reject(fromNative({ message: items[i + 2] }))
    }
  }
}

/** The environment's native settler, made at the first client. */
function nativeSettler() {
  if (settler === undefined) settler = new NativeSettler(drain)
  return settler
}

/**
 * Starts a native call and returns its promise. `start(id)` makes the native call
 * (a synchronous native error is thrown from here); `decode(payload)` turns the
 * payload into the result; `release()` runs once the call settled.
 */
function settle(start, decode, release) {
  const id = nextId
  nextId = (nextId + 1) >>> 0
  try {
    start(id)
  } catch (error) {
    release()
    throw fromNative(error)
  }
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, decode, release })
  })
}

module.exports = { nativeSettler, settle }
