// Errors (CONTRACT.md, Errors): one class per kind, `instanceof` works across the package.

// ---- errors (CONTRACT.md, Errors) ----

export interface TokenhotErrorInit {
  status?: number | null
  requestId?: string | null
  code?: string | number | null
  type?: string | null
  param?: unknown
  body?: unknown
  headers?: Record<string, string>
  attempts?: number
  cause?: unknown
}

export declare class TokenhotError extends Error {
  constructor(message: string, init?: TokenhotErrorInit)
  /** The HTTP status, or the status an in-stream error's code names; null when none. */
  status: number | null
  requestId: string | null
  /** As sent: a string (OpenAI-style bodies) or a number (Google-style). */
  code: string | number | null
  type: string | null
  param: unknown
  /** The parsed error body, or its raw text when it was not JSON. */
  body: unknown
  /** Response headers, lower-case names. */
  headers: Record<string, string>
  /** The video task a failed task or a timed-out video wait is about. */
  task?: import('./videos').VideoTask
  /** How many times the request was sent, retries included. */
  attempts: number
}
export declare class APIError extends TokenhotError {}
export declare class BadRequestError extends APIError {}
export declare class AuthenticationError extends APIError {}
export declare class PermissionDeniedError extends APIError {}
export declare class NotFoundError extends APIError {}
export declare class ConflictError extends APIError {}
export declare class RequestTooLargeError extends APIError {}
export declare class UnprocessableEntityError extends APIError {}
export declare class RateLimitError extends APIError {}
export declare class InternalServerError extends APIError {}
export declare class StreamError extends APIError {}
export declare class APIConnectionError extends TokenhotError {}
export declare class APITimeoutError extends APIConnectionError {}
export declare class TaskFailedError extends TokenhotError {
  /** The failed task. */
  task: import('./videos').VideoTask
}
/** An `AbortSignal` fired; `name === 'AbortError'`. */
export declare class APIUserAbortError extends TokenhotError {}
