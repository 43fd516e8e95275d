// Settings of a client and of one call (durations in milliseconds).
import type { AuthenticationError } from './errors'

/** Settings of a client; durations in milliseconds. */
export interface ClientOptions {
  /** Default: env `TOKENHOT_API_KEY`. A missing key is an `AuthenticationError` at the first call. */
  apiKey?: string
  /** The gateway's root URL (a trailing `/v1` is dropped). Default: env `TOKENHOT_BASE_URL`, else `https://api.tokenhot.ai`. */
  baseURL?: string
  /** Total time for one attempt, in ms (a stream: until its response head). Default 600000. */
  timeout?: number
  /** Default 10000 ms. */
  connectTimeout?: number
  /** Longest wait between two stream events that carry data, in ms. Default 300000. */
  streamIdleTimeout?: number
  /** Default 2. */
  maxRetries?: number
  /** Sent with every request. */
  defaultHeaders?: Record<string, string>
}

/** The second argument of every call. A missing option inherits the client's. */
export interface RequestOptions {
  /** Aborts the call, or the stream it returned, at any point. */
  signal?: AbortSignal
  timeout?: number
  connectTimeout?: number
  streamIdleTimeout?: number
  maxRetries?: number
  /** Extra headers, sent after (so overriding) the client's. */
  headers?: Record<string, string | number | boolean | null | undefined>
  /** Extra query parameters. */
  query?: Record<string, string | number | boolean | null | undefined>
  /** Extra body fields, merged over the request body (top-level keys). */
  body?: Record<string, unknown>
}
