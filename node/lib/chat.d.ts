// Chat completions in the OpenAI format (`client.chat.completions`). Results are the
// gateway's wire JSON: wire key names, unknown keys kept, so every object type is open.
import type { RequestOptions } from './options'
import type { Stream } from './stream'

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
