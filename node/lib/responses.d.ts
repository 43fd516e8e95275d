// OpenAI Responses (`client.responses`). Wire names; every object is open.
import type { RequestOptions } from './options'
import type { Stream } from './stream'

export type ResponseStatus = 'completed' | 'failed' | 'in_progress' | 'cancelled' | 'queued' | 'incomplete' | (string & {})

export interface ResponseFunctionTool {
  type: 'function'
  name: string
  description?: string | null
  parameters?: Record<string, unknown> | null
  strict?: boolean | null
  [key: string]: unknown
}

export interface ResponseCustomTool {
  type: 'custom'
  name: string
  description?: string
  format?: Record<string, unknown>
  [key: string]: unknown
}

export type ResponseTool = ResponseFunctionTool | ResponseCustomTool | { type: string; [key: string]: unknown }

/** An input item: a message, a function call output, an earlier output item, ... */
export type ResponseInputItem = Record<string, unknown>

export interface ResponseCreateParamsBase {
  model: string
  input?: string | ResponseInputItem[]
  instructions?: string | null
  tools?: ResponseTool[]
  tool_choice?: 'none' | 'auto' | 'required' | Record<string, unknown>
  reasoning?: { effort?: string | null; summary?: string | null; [key: string]: unknown } | null
  text?: { format?: Record<string, unknown>; verbosity?: 'low' | 'medium' | 'high' | (string & {}); [key: string]: unknown }
  previous_response_id?: string | null
  store?: boolean | null
  background?: boolean | null
  include?: string[] | null
  max_output_tokens?: number | null
  metadata?: Record<string, string> | null
  [key: string]: unknown
}
export interface ResponseCreateParamsStreaming extends ResponseCreateParamsBase {
  stream: true
}
export interface ResponseCreateParamsNonStreaming extends ResponseCreateParamsBase {
  stream?: false | null
}

export interface ResponseContentPart {
  type: 'output_text' | 'refusal' | 'summary_text' | 'reasoning_text' | (string & {})
  text?: string
  refusal?: string
  annotations?: unknown[]
  [key: string]: unknown
}

/** `message`, `reasoning`, `function_call`, `custom_tool_call`, or another kind. */
export interface ResponseOutputItem {
  type: 'message' | 'reasoning' | 'function_call' | 'custom_tool_call' | (string & {})
  id?: string
  status?: ResponseStatus
  role?: string
  content?: ResponseContentPart[]
  summary?: ResponseContentPart[]
  call_id?: string
  name?: string
  /** JSON text as the model wrote it (it may not parse). */
  arguments?: string
  input?: string
  [key: string]: unknown
}

export interface ResponseUsage {
  input_tokens: number
  input_tokens_details?: { cached_tokens?: number; [key: string]: unknown }
  output_tokens: number
  output_tokens_details?: { reasoning_tokens?: number; [key: string]: unknown }
  total_tokens: number
  [key: string]: unknown
}

export interface Response {
  id: string
  object: 'response' | (string & {})
  created_at?: number
  status?: ResponseStatus
  model?: string
  output: ResponseOutputItem[]
  usage?: ResponseUsage | null
  error?: { code?: string; message?: string; [key: string]: unknown } | null
  incomplete_details?: { reason?: string; [key: string]: unknown } | null
  /** The text of every `output_text` part of every `message` item, joined (non-enumerable). */
  readonly output_text: string
  /** The `x-request-id` of the answer (non-enumerable: not part of the wire JSON). */
  readonly _request_id: string | null
  [key: string]: unknown
}

/** One streamed event as the wire has it. */
export interface ResponseStreamEvent {
  type: string
  sequence_number?: number
  [key: string]: unknown
}

/** `client.responses` (a type only: not constructed by users). */
export interface Responses {
  create(body: ResponseCreateParamsStreaming, options?: RequestOptions): Promise<Stream<ResponseStreamEvent, Response>>
  create(body: ResponseCreateParamsNonStreaming, options?: RequestOptions): Promise<Response>
  create(
    body: ResponseCreateParamsBase & { stream?: boolean | null },
    options?: RequestOptions,
  ): Promise<Response | Stream<ResponseStreamEvent, Response>>
  retrieve(responseId: string, options?: RequestOptions): Promise<Response>
  cancel(responseId: string, options?: RequestOptions): Promise<Response>
  delete(responseId: string, options?: RequestOptions): Promise<void>
}
