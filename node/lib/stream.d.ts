// The stream every streamed call returns.
import type { ChatCompletion, ChatCompletionChunk } from './chat'

/**
 * A streamed answer: `for await (const chunk of stream)`; `break` closes it. Chat
 * streams are `Stream<ChatCompletionChunk, ChatCompletion>`, Gemini streams
 * `Stream<GenerateContentResponseChunk, GenerateContentResponse>`, Messages streams
 * `Stream<MessageStreamEvent, Message>`.
 */
export declare class Stream<Chunk = ChatCompletionChunk, Final = ChatCompletion> implements AsyncIterable<Chunk> {
  private constructor()
  [Symbol.asyncIterator](): AsyncIterator<Chunk>
  /** Reads the rest and resolves to the completion; rejects if the stream did not end normally. */
  finalCompletion(): Promise<Final>
  /** Gemini's and Responses' name for the same: the merged (or terminal) response, with its helpers. */
  finalResponse(): Promise<Final>
  /** Messages' name for the same: the accumulated message, with its `text`. */
  finalMessage(): Promise<Final>
  /**
   * The text as it arrives, as string pieces (core decides what is text per family);
   * consuming it consumes the stream.
   */
  textStream(): AsyncIterable<string>
  /** Closes the connection now. Idempotent. */
  close(): void
  readonly requestId: string | null
  /** Response headers, lower-case names. */
  readonly headers: Record<string, string>
}
