// Types of the `tokenhot` package (the JS face in lib/; the generated native.d.ts
// types the addon underneath). Results are the gateway's wire JSON: wire key names,
// unknown keys kept, so every object type is open.

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

// ---- requests ----

export interface ChatCompletionContentPartText {
  type: 'text'
  text: string
}
export interface ChatCompletionContentPartImage {
  type: 'image_url'
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' | (string & {}) }
}
export type ChatCompletionContentPart =
  | ChatCompletionContentPartText
  | ChatCompletionContentPartImage
  | { type: string; [key: string]: unknown }

export interface ChatCompletionMessageToolCall {
  id: string
  type: 'function'
  function: { name: string; arguments: string }
  [key: string]: unknown
}

export interface ChatCompletionMessageParam {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool' | (string & {})
  content?: string | ChatCompletionContentPart[] | null
  name?: string
  tool_calls?: ChatCompletionMessageToolCall[]
  tool_call_id?: string
  [key: string]: unknown
}

export interface ChatCompletionTool {
  type: 'function'
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean }
  [key: string]: unknown
}

export interface ChatCompletionCreateParamsBase {
  model: string
  messages: ChatCompletionMessageParam[]
  temperature?: number | null
  top_p?: number | null
  n?: number | null
  max_tokens?: number | null
  max_completion_tokens?: number | null
  stop?: string | string[] | null
  presence_penalty?: number | null
  frequency_penalty?: number | null
  logit_bias?: Record<string, number> | null
  logprobs?: boolean | null
  top_logprobs?: number | null
  seed?: number | null
  user?: string
  tools?: ChatCompletionTool[]
  tool_choice?: 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } }
  parallel_tool_calls?: boolean
  response_format?: { type: 'text' | 'json_object' | 'json_schema' | (string & {}); [key: string]: unknown }
  reasoning_effort?: string | null
  stream_options?: { include_usage?: boolean; [key: string]: unknown } | null
  /** Parameters the gateway knows and these types do not yet: sent as given. */
  [key: string]: unknown
}

export interface ChatCompletionCreateParamsNonStreaming extends ChatCompletionCreateParamsBase {
  stream?: false | null
}
export interface ChatCompletionCreateParamsStreaming extends ChatCompletionCreateParamsBase {
  stream: true
}
export type ChatCompletionCreateParams = ChatCompletionCreateParamsNonStreaming | ChatCompletionCreateParamsStreaming

// ---- results ----

export interface CompletionUsage {
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
  [key: string]: unknown
}

export interface ChatCompletionMessage {
  role: 'assistant' | (string & {})
  content: string | null
  refusal?: string | null
  tool_calls?: ChatCompletionMessageToolCall[]
  [key: string]: unknown
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call' | (string & {})

export interface ChatCompletionChoice {
  index: number
  message: ChatCompletionMessage
  finish_reason: FinishReason | null
  logprobs?: unknown
  [key: string]: unknown
}

export interface ChatCompletion {
  id: string
  object: 'chat.completion' | (string & {})
  created: number
  model: string
  choices: ChatCompletionChoice[]
  usage?: CompletionUsage | null
  system_fingerprint?: string | null
  /** The `x-request-id` of the answer (non-enumerable: not part of the wire JSON). */
  readonly _request_id: string | null
  [key: string]: unknown
}

export interface ChatCompletionChunkToolCall {
  index: number
  id?: string
  type?: 'function'
  function?: { name?: string; arguments?: string }
  [key: string]: unknown
}

export interface ChatCompletionChunkChoice {
  index: number
  delta: {
    role?: string
    content?: string | null
    refusal?: string | null
    tool_calls?: ChatCompletionChunkToolCall[]
    [key: string]: unknown
  }
  finish_reason: FinishReason | null
  logprobs?: unknown
  [key: string]: unknown
}

export interface ChatCompletionChunk {
  id: string
  object: 'chat.completion.chunk' | (string & {})
  created: number
  model: string
  choices: ChatCompletionChunkChoice[]
  usage?: CompletionUsage | null
  [key: string]: unknown
}

export interface Model {
  id: string
  object: 'model' | (string & {})
  owned_by?: string
  [key: string]: unknown
}

export interface ModelList {
  object: 'list' | (string & {})
  data: Model[]
  readonly _request_id: string | null
  [key: string]: unknown
}

/** A streamed answer: `for await (const chunk of stream)`; `break` closes it. */
export declare class Stream<Chunk = ChatCompletionChunk> implements AsyncIterable<Chunk> {
  private constructor()
  [Symbol.asyncIterator](): AsyncIterator<Chunk>
  /** Reads the rest and resolves to the completion; rejects if the stream did not end normally. */
  finalCompletion(): Promise<ChatCompletion>
  /** Closes the connection now. Idempotent. */
  close(): void
  readonly requestId: string | null
  /** Response headers, lower-case names. */
  readonly headers: Record<string, string>
}

/** `client.chat.completions` (a type only: not constructed by users). */
export interface Completions {
  create(body: ChatCompletionCreateParamsStreaming, options?: RequestOptions): Promise<Stream<ChatCompletionChunk>>
  create(body: ChatCompletionCreateParamsNonStreaming, options?: RequestOptions): Promise<ChatCompletion>
  create(
    body: ChatCompletionCreateParamsBase & { stream?: boolean | null },
    options?: RequestOptions,
  ): Promise<ChatCompletion | Stream<ChatCompletionChunk>>
}

export interface Chat {
  readonly completions: Completions
}

export interface Models {
  list(options?: RequestOptions): Promise<ModelList>
}

export declare class Tokenhot {
  constructor(options?: ClientOptions)
  readonly chat: Chat
  readonly models: Models
  /** The gateway's root URL after env fallback and normalisation. */
  readonly baseURL: string
}
export default Tokenhot

/** This package's version (the user agent says `tokenhot-node/<version>`). */
export declare const VERSION: string

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
export declare class TaskFailedError extends TokenhotError {}
/** An `AbortSignal` fired; `name === 'AbortError'`. */
export declare class APIUserAbortError extends TokenhotError {}
