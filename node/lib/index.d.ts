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

/**
 * A streamed answer: `for await (const chunk of stream)`; `break` closes it. Chat
 * streams are `Stream<ChatCompletionChunk, ChatCompletion>`, Gemini streams
 * `Stream<GenerateContentResponseChunk, GenerateContentResponse>`.
 */
export declare class Stream<Chunk = ChatCompletionChunk, Final = ChatCompletion> implements AsyncIterable<Chunk> {
  private constructor()
  [Symbol.asyncIterator](): AsyncIterator<Chunk>
  /** Reads the rest and resolves to the completion; rejects if the stream did not end normally. */
  finalCompletion(): Promise<Final>
  /** Gemini's name for the same: the merged response, with its helpers. */
  finalResponse(): Promise<Final>
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

// ---- Gemini generateContent (`/v1beta/models/{model}:generateContent`) ----
// Wire names are camelCase; known keys may also be given in snake_case
// (`system_instruction`, `generation_config`, `max_output_tokens`, ...): the wire
// gets camelCase, user data (schemas, function arguments) is never renamed.

export interface GeminiBlob {
  mimeType: string
  /** Base64; `imagePart()` builds it from a file or bytes. */
  data: string
  [key: string]: unknown
}

export interface GeminiFunctionCall {
  name: string
  args?: Record<string, unknown>
  id?: string
  [key: string]: unknown
}

export interface GeminiPart {
  text?: string
  thought?: boolean
  thoughtSignature?: string
  inlineData?: GeminiBlob
  fileData?: { mimeType?: string; fileUri: string; [key: string]: unknown }
  functionCall?: GeminiFunctionCall
  functionResponse?: { name: string; response: Record<string, unknown>; id?: string; [key: string]: unknown }
  [key: string]: unknown
}

export interface GeminiContent {
  role?: 'user' | 'model' | (string & {})
  /** A plain string is one text part. */
  parts: Array<GeminiPart | string>
  [key: string]: unknown
}

export interface GeminiThinkingConfig {
  thinkingLevel?: 'low' | 'medium' | 'high' | (string & {})
  thinkingBudget?: number
  includeThoughts?: boolean
  [key: string]: unknown
}

export interface GeminiGenerationConfig {
  temperature?: number
  topP?: number
  topK?: number
  candidateCount?: number
  maxOutputTokens?: number
  stopSequences?: string[]
  seed?: number
  responseMimeType?: string
  responseSchema?: Record<string, unknown>
  responseModalities?: Array<'TEXT' | 'IMAGE' | (string & {})>
  thinkingConfig?: GeminiThinkingConfig
  imageConfig?: { aspectRatio?: string; imageSize?: string; [key: string]: unknown }
  [key: string]: unknown
}

export interface GeminiSafetySetting {
  category: string
  threshold: string
  [key: string]: unknown
}

export interface GenerateContentParamsBase {
  /** The model id; a `models/` prefix is dropped, the rest is percent-encoded into the path. */
  model: string
  /** A plain string is one user turn. */
  contents: string | Array<GeminiContent | string>
  systemInstruction?: string | GeminiContent
  system_instruction?: string | GeminiContent
  generationConfig?: GeminiGenerationConfig
  generation_config?: GeminiGenerationConfig
  safetySettings?: GeminiSafetySetting[]
  safety_settings?: GeminiSafetySetting[]
  tools?: Array<Record<string, unknown>>
  toolConfig?: Record<string, unknown>
  tool_config?: Record<string, unknown>
  cachedContent?: string
  cached_content?: string
  /** Fields the gateway knows and these types do not yet: sent as given. */
  [key: string]: unknown
}

export interface GenerateContentParamsNonStreaming extends GenerateContentParamsBase {
  stream?: false | null
}
export interface GenerateContentParamsStreaming extends GenerateContentParamsBase {
  stream: true
}
export type GenerateContentParams = GenerateContentParamsNonStreaming | GenerateContentParamsStreaming

export type GeminiFinishReason =
  | 'STOP' | 'MAX_TOKENS' | 'SAFETY' | 'RECITATION' | 'OTHER' | 'BLOCKLIST' | 'PROHIBITED_CONTENT'
  | 'SPII' | 'MALFORMED_FUNCTION_CALL' | 'IMAGE_SAFETY' | (string & {})

export interface GeminiCandidate {
  content?: { parts?: GeminiPart[]; role?: string; [key: string]: unknown }
  finishReason?: GeminiFinishReason
  index?: number
  safetyRatings?: Array<{ category: string; probability: string; [key: string]: unknown }>
  [key: string]: unknown
}

export interface GeminiUsageMetadata {
  promptTokenCount?: number
  candidatesTokenCount?: number
  totalTokenCount?: number
  thoughtsTokenCount?: number
  cachedContentTokenCount?: number
  [key: string]: unknown
}

/** An image as bytes: what `images()` and `fetchImage()` give. */
export interface GeminiImage {
  data: Buffer
  mimeType: string
}

/** The helpers on every Gemini response and stream chunk (non-enumerable, computed by the native core). */
export interface GenerateContentHelpers {
  /** The first candidate's text, thought parts left out; null without candidates (e.g. a safety block). */
  readonly text: string | null
  /** The first candidate's thought summary; null when it has none. */
  readonly thoughtText: string | null
  /** The first candidate's function calls, in order. */
  readonly functionCalls: GeminiFunctionCall[]
  /** The first candidate's inline images, decoded. */
  images(): GeminiImage[]
  /** Links in the first candidate's text (pass one to `client.gemini.fetchImage`). */
  imageUrls(): string[]
}

/** One partial response of a streamed call. */
export interface GenerateContentResponseChunk extends GenerateContentHelpers {
  candidates?: GeminiCandidate[]
  usageMetadata?: GeminiUsageMetadata
  promptFeedback?: { blockReason?: string; safetyRatings?: unknown[]; [key: string]: unknown }
  modelVersion?: string
  responseId?: string
  [key: string]: unknown
}

export interface GenerateContentResponse extends GenerateContentResponseChunk {
  /** The `x-request-id` of the answer (non-enumerable: not part of the wire JSON). */
  readonly _request_id: string | null
}

export interface FetchImageOptions extends RequestOptions {
  /** Largest download accepted, in bytes. Default 32 MiB. */
  maxBytes?: number
}

/** `client.gemini` (a type only: not constructed by users). */
export interface Gemini {
  generateContent(
    body: GenerateContentParamsStreaming,
    options?: RequestOptions,
  ): Promise<Stream<GenerateContentResponseChunk, GenerateContentResponse>>
  generateContent(body: GenerateContentParamsNonStreaming, options?: RequestOptions): Promise<GenerateContentResponse>
  generateContent(
    body: GenerateContentParamsBase & { stream?: boolean | null },
    options?: RequestOptions,
  ): Promise<GenerateContentResponse | Stream<GenerateContentResponseChunk, GenerateContentResponse>>
  /**
   * Downloads an image the gateway answered with as a link. The client's key goes
   * only to the base URL's host; size (`maxBytes`) and time (`timeout`, default 60 s) are bounded.
   */
  fetchImage(url: string | URL, options?: FetchImageOptions): Promise<GeminiImage>
}

/** A Gemini image part, `{ inlineData: { mimeType, data } }` (a type alias, so it fits `GeminiPart`). */
export type GeminiImagePart = { inlineData: { mimeType: string; data: string } }

/**
 * An image part for `contents` from a file (path or `file:` URL, read natively) or
 * its bytes; base64 is done natively. Without `mimeType`, it comes from the file's
 * extension or the bytes' signature (a TypeError when neither says).
 */
export declare function imagePart(source: string | URL | Uint8Array | ArrayBuffer, mimeType?: string): GeminiImagePart

export declare class Tokenhot {
  constructor(options?: ClientOptions)
  readonly chat: Chat
  readonly gemini: Gemini
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
