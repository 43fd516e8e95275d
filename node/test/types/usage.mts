// Typed usage checked by `tsc --noEmit -p test/types`: the `stream: true` overload,
// result and error types, options. Compiled only, never run.
import Tokenhot, {
  APIError,
  APIUserAbortError,
  RateLimitError,
  Stream,
  TokenhotError,
  type ChatCompletion,
  type ChatCompletionChunk,
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
