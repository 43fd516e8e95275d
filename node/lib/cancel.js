'use strict'
// An AbortSignal wired to a native CancelToken: napi-rs's own AbortSignal support
// only covers libuv tasks, while core observes a token (before each attempt, while
// waiting, during backoff sleeps, while a stream is read).

const { CancelToken } = require('./addon.js')
const { abortError } = require('./errors.js')

/**
 * Starts listening to `signal` for one call. Returns `{ token, release }`: `token`
 * goes to the native call (undefined without a signal), `release()` removes the
 * listener and must be called once the call (or its stream) has settled. Throws
 * `APIUserAbortError` at once, before any I/O, if the signal has already fired.
 */
function listen(signal) {
  if (signal === undefined) return NO_SIGNAL
  if (signal.aborted) throw abortError()
  const token = new CancelToken()
  const onAbort = () => token.cancel()
  signal.addEventListener('abort', onAbort, { once: true })
  let released = false
  const release = () => {
    if (released) return
    released = true
    signal.removeEventListener('abort', onAbort)
  }
  return { token, release }
}

const NO_SIGNAL = Object.freeze({ token: undefined, release() {} })

module.exports = { listen }
