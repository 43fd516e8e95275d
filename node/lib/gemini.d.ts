// Gemini generateContent (`client.gemini`).
import type { RequestOptions } from './options'
import type { Stream } from './stream'

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
