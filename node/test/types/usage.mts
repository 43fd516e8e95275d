// Typed usage checked by `tsc --noEmit -p test/types`: the `stream: true` overload,
// result and error types, options. Compiled only, never run.
import Tokenhot, {
  APIError,
  APIUserAbortError,
  RateLimitError,
  Stream,
  TaskFailedError,
  TokenhotError,
  imagePart,
  type ChatCompletion,
  type Response,
  type ResponseStreamEvent,
  type ChatCompletionChunk,
  type GeminiImage,
  type GenerateContentResponse,
  type GenerateContentResponseChunk,
  type Message,
  type MessageStreamEvent,
  type MessageTokensCount,
  type ImagesResponse,
  type ImageStreamEvent,
  type VideoTask,
} from 'tokenhot'

const client = new Tokenhot({ apiKey: 'sk-...', timeout: 30_000, maxRetries: 1, defaultHeaders: { 'x-team': 'a' } })

export async function plain(): Promise<string | null> {
  const completion = await client.chat.completions.create({
    model: 'gpt-5.2',
    messages: [{ role: 'user', content: 'Hello' }],
    temperature: 0.2,
    some_new_gateway_param: { anything: true },
  })
  // Without `stream: true` the result is a ChatCompletion, not a Stream.
  const typed: ChatCompletion = completion
  const id: string | null = typed._request_id
  void id
  return completion.choices[0].message.content
}

export async function streamed(signal: AbortSignal): Promise<string> {
  const stream = await client.chat.completions.create(
    { model: 'gpt-5.2', messages: [{ role: 'user', content: 'Hello' }], stream: true },
    { signal, timeout: 10_000, streamIdleTimeout: 5_000, headers: { 'x-trace': '1' }, query: { v: '2' }, body: { seed: 1 } },
  )
  // `stream: true` picks the overload that resolves to a Stream of chunks.
  const s: Stream<ChatCompletionChunk> = stream
  let text = ''
  for await (const chunk of s) text += chunk.choices[0]?.delta.content ?? ''
  const final: ChatCompletion = await stream.finalCompletion()
  const requestId: string | null = stream.requestId
  const type: string | undefined = stream.headers['content-type']
  void requestId
  void type
  stream.close()
  return text + (final.choices[0].message.content ?? '')
}

export async function errors(): Promise<void> {
  try {
    await client.models.list()
  } catch (error) {
    if (error instanceof RateLimitError) {
      const status: number | null = error.status
      const code: string | number | null = error.code
      const attempts: number = error.attempts
      void [status, code, attempts]
    } else if (error instanceof APIUserAbortError) {
      const name: string = error.name
      void name
    } else if (error instanceof APIError || error instanceof TokenhotError) {
      const requestId: string | null = error.requestId
      void requestId
    }
  }
}

// @ts-expect-error: model is required
void client.chat.completions.create({ messages: [] })
// @ts-expect-error: timeouts are numbers of milliseconds
void new Tokenhot({ timeout: '30s' })

export async function overloadsAreExact(): Promise<void> {
  // @ts-expect-error: with stream: true the answer is a Stream, not a ChatCompletion
  const wrong: ChatCompletion = await client.chat.completions.create({ model: 'm', messages: [], stream: true })
  // @ts-expect-error: without it the answer is a ChatCompletion, not a Stream
  const alsoWrong: Stream = await client.chat.completions.create({ model: 'm', messages: [] })
  void [wrong, alsoWrong]
}

export async function gemini(signal: AbortSignal): Promise<string> {
  const response = await client.gemini.generateContent({
    model: 'gemini-3.1-pro-preview',
    contents: 'Say hello',
    generationConfig: { temperature: 0.2, thinkingConfig: { thinkingLevel: 'low' } },
  })
  // Without `stream: true` the result is a GenerateContentResponse with its helpers.
  const typed: GenerateContentResponse = response
  const text: string | null = typed.text
  const thoughts: string | null = typed.thoughtText
  const calls: Array<{ name: string }> = typed.functionCalls
  const images: GeminiImage[] = typed.images()
  const bytes: Buffer | undefined = images[0]?.data
  const urls: string[] = typed.imageUrls()
  const id: string | null = typed._request_id
  void [thoughts, calls, bytes, urls, id]

  // snake_case keys, a plain system instruction and an image part.
  await client.gemini.generateContent({
    model: 'gemini-2.5-flash',
    contents: [{ role: 'user', parts: [{ text: 'What is this?' }, imagePart('photo.png'), imagePart(Buffer.from([1]), 'image/png')] }],
    system_instruction: 'Be brief',
    generation_config: { max_output_tokens: 64 },
  })

  const stream = await client.gemini.generateContent(
    { model: 'gemini-3.1-pro-preview', contents: 'Tell me a story', stream: true },
    { signal, timeout: 10_000 },
  )
  // `stream: true` picks the overload that resolves to a Stream of partial responses.
  const s: Stream<GenerateContentResponseChunk, GenerateContentResponse> = stream
  let out = text ?? ''
  for await (const chunk of s) out += chunk.text ?? ''
  const final: GenerateContentResponse = await stream.finalResponse()
  const finish: string | undefined = final.candidates?.[0]?.finishReason
  void finish

  const image: GeminiImage = await client.gemini.fetchImage('https://api.tokenhot.ai/files/a.png', { maxBytes: 1 << 20, signal })
  return out + image.mimeType
}

// @ts-expect-error: a Gemini call needs contents
void client.gemini.generateContent({ model: 'gemini-2.5-flash' })

export async function geminiOverloadsAreExact(): Promise<void> {
  // @ts-expect-error: with stream: true the answer is a Stream, not a response
  const wrong: GenerateContentResponse = await client.gemini.generateContent({ model: 'm', contents: 'hi', stream: true })
  // @ts-expect-error: without it the answer is a response, not a Stream
  const alsoWrong: Stream = await client.gemini.generateContent({ model: 'm', contents: 'hi' })
  void [wrong, alsoWrong]
}

export async function messages(signal: AbortSignal): Promise<string> {
  const body = { model: 'claude-sonnet-4-5', max_tokens: 256, messages: [{ role: 'user' as const, content: 'Hi' }] }
  const plain: Message = await client.messages.create({ ...body, thinking: { type: 'enabled', budget_tokens: 1024 } })
  const stream = await client.messages.create({ ...body, stream: true }, { signal })
  const s: Stream<MessageStreamEvent, Message> = stream
  let out = plain.text
  for await (const e of s) if (e.delta?.type === 'text_delta') out += String(e.delta.text)
  const final: Message = await stream.finalMessage()
  const counted: MessageTokensCount = await client.messages.countTokens({ model: body.model, messages: body.messages })
  return out + final.text + String(counted.input_tokens)
}

// @ts-expect-error: max_tokens is required
void client.messages.create({ model: 'claude-sonnet-4-5', messages: [] })

export async function messagesOverloadsAreExact(): Promise<void> {
  // @ts-expect-error: with stream: true the answer is a Stream, not a message
  const wrong: Message = await client.messages.create({ model: 'm', max_tokens: 9, messages: [], stream: true })
  void wrong
}

export async function images(): Promise<string[]> {
  const r: ImagesResponse = await client.images.generate({ model: 'gpt-image-1.5', prompt: 'a fox', size: '1024x1024' })
  const b64: string | undefined = r.data[0]?.b64_json
  const edited = await client.images.edit({
    model: 'gpt-image-1.5',
    prompt: 'hat',
    image: ['photo.png', new URL('file:///tmp/b.png'), Buffer.from(b64 ?? ''), { filename: 'c.png', data: new Uint8Array(4) }],
    mask: 'mask.png',
  })
  const stream: Stream<ImageStreamEvent, ImagesResponse> = await client.images.generate({ model: 'gpt-image-1.5', prompt: 'p', stream: true, partial_images: 2 })
  for await (const event of stream) void event.partial_image_index
  const final: ImagesResponse = await stream.finalResponse()
  const { data, mimeType } = await client.images.fetch(final.data[0]!, { maxBytes: 1 << 20 })
  void [data.length, mimeType]
  // @ts-expect-error: an edit needs an image
  void client.images.edit({ model: 'm', prompt: 'p' })
  return client.images.save(edited, 'out/')
}

export async function videos(signal: AbortSignal): Promise<string> {
  const task: VideoTask = await client.videos.create({ model: 'sora-2', prompt: 'a cat', seconds: 8 })
  try {
    const done = await client.videos.wait(task, {
      deadline: 600_000,
      pollInterval: 2_000,
      signal,
      onProgress: (t) => console.log(t.status, t.progress ?? 0),
    })
    const url: string | null = done.videoUrl
    void url
    return await client.videos.download(done, 'out.mp4', { onProgress: (n, total) => void [n, total] })
  } catch (error) {
    if (error instanceof TaskFailedError) return error.task.error?.message ?? error.task.status
    throw error
  }
}

// @ts-expect-error: a video task needs a model
void client.videos.create({ prompt: 'x' })

export async function responsesUsage(): Promise<string> {
  const r: Response = await client.responses.create({ model: 'gpt-5.2', input: 'hi', reasoning: { effort: 'low' } })
  const stream: Stream<ResponseStreamEvent, Response> = await client.responses.create({ model: 'gpt-5.2', input: 'hi', stream: true })
  let text = ''
  for await (const piece of stream.textStream()) text += piece
  const final: Response = await stream.finalResponse()
  await client.responses.delete(r.id)
  // @ts-expect-error: without stream: true the answer is a response, not a Stream
  const wrong: Stream = await client.responses.create({ model: 'gpt-5.2', input: 'hi' })
  void wrong
  return r.output_text + text + final.output_text + (await client.responses.retrieve(r.id)).status
}
