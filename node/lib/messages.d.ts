// Anthropic Messages (`client.messages`): `POST /v1/messages`, sent with
// `anthropic-version: 2023-06-01` (your own header of that name wins).
import type { RequestOptions } from './options'
import type { Stream } from './stream'

/** A content block a request may carry (text, image, tool_use, tool_result, thinking...), as on the wire. */
export interface MessageContentBlockParam {
  type: 'text' | 'image' | 'document' | 'tool_use' | 'tool_result' | 'thinking' | 'redacted_thinking' | (string & {})
  [key: string]: unknown
}

export interface MessageParam {
  role: 'user' | 'assistant'
  content: string | MessageContentBlockParam[]
}

export type ThinkingParam =
  | { type: 'enabled'; budget_tokens: number }
  | { type: 'adaptive' }
  | { type: 'disabled' }
  | { type: string & {}; [key: string]: unknown }

export interface MessageCreateParamsBase {
  model: string
  /** Required by the API: a body without it is a TypeError before any request. */
  max_tokens: number
  messages: Array<MessageParam | Message>
  system?: string | Array<{ type: 'text'; text: string; [key: string]: unknown }>
  tools?: Array<Record<string, unknown>>
  tool_choice?: Record<string, unknown>
  thinking?: ThinkingParam
  stop_sequences?: string[]
  temperature?: number
  top_k?: number
  top_p?: number
  metadata?: Record<string, unknown>
  /** Other body fields pass through. */
  [key: string]: unknown
}
export type MessageCreateParamsNonStreaming = MessageCreateParamsBase & { stream?: false | null }
export type MessageCreateParamsStreaming = MessageCreateParamsBase & { stream: true }

export interface MessageCountTokensParams {
  model: string
  messages: Array<MessageParam | Message>
  system?: MessageCreateParamsBase['system']
  tools?: Array<Record<string, unknown>>
  tool_choice?: Record<string, unknown>
  thinking?: ThinkingParam
  [key: string]: unknown
}

/** A content block of an answer; `type` is open (a kind this version does not know is kept whole). */
export interface ContentBlock {
  type: 'text' | 'thinking' | 'redacted_thinking' | 'tool_use' | 'server_tool_use' | (string & {})
  text?: string
  citations?: Array<Record<string, unknown>> | null
  thinking?: string
  signature?: string
  data?: string
  id?: string
  name?: string
  /** The tool's arguments (user data, never renamed). */
  input?: Record<string, unknown>
  [key: string]: unknown
}

export interface MessageUsage {
  input_tokens: number
  output_tokens: number
  cache_creation_input_tokens?: number | null
  cache_read_input_tokens?: number | null
  [key: string]: unknown
}

export interface Message {
  id: string
  type: 'message' | (string & {})
  role: 'assistant' | (string & {})
  model: string
  content: ContentBlock[]
  stop_reason: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal' | (string & {}) | null
  stop_sequence: string | null
  usage: MessageUsage
  [key: string]: unknown
  /** Non-enumerable: the `text` of every `text` block joined with "" ("" when none). */
  readonly text: string
  /** Non-enumerable. */
  readonly _request_id: string | null
}

/** One stream event as sent (`ping` is not yielded; unknown types pass through). */
export interface MessageStreamEvent {
  type:
    | 'message_start'
    | 'content_block_start'
    | 'content_block_delta'
    | 'content_block_stop'
    | 'message_delta'
    | 'message_stop'
    | (string & {})
  index?: number
  message?: Omit<Message, 'text' | '_request_id'>
  content_block?: ContentBlock
  /** `text_delta`, `input_json_delta`, `thinking_delta`, `signature_delta`, `citations_delta`, or on `message_delta` the new `stop_reason`. */
  delta?: { type?: string; [key: string]: unknown }
  usage?: Partial<MessageUsage>
  [key: string]: unknown
}

export interface MessageTokensCount {
  input_tokens: number
  [key: string]: unknown
  readonly _request_id: string | null
}

export interface Messages {
  create(body: MessageCreateParamsStreaming, options?: RequestOptions): Promise<Stream<MessageStreamEvent, Message>>
  create(body: MessageCreateParamsNonStreaming, options?: RequestOptions): Promise<Message>
  create(
    body: MessageCreateParamsBase & { stream?: boolean | null },
    options?: RequestOptions,
  ): Promise<Message | Stream<MessageStreamEvent, Message>>
  /** `POST /v1/messages/count_tokens`. */
  countTokens(body: MessageCountTokensParams, options?: RequestOptions): Promise<MessageTokensCount>
}
