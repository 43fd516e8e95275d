// The same package through `require`: the CommonJS types.
import tokenhot = require('tokenhot')

const client = new tokenhot.Tokenhot({ baseURL: 'http://127.0.0.1:8080' })

export async function run(): Promise<number> {
  const stream = await client.chat.completions.create({ model: 'm', messages: [], stream: true })
  let n = 0
  for await (const chunk of stream) n += chunk.choices.length
  const completion: tokenhot.ChatCompletion = await client.chat.completions.create({ model: 'm', messages: [] })
  return n + completion.choices.length
}

export async function gemini(): Promise<string | null> {
  const part: tokenhot.GeminiImagePart = tokenhot.imagePart(Buffer.from([0x89, 0x50, 0x4e, 0x47]))
  const stream = await client.gemini.generateContent({ model: 'g', contents: [{ parts: ['hi', part] }], stream: true })
  for await (const chunk of stream) void chunk.text
  const response: tokenhot.GenerateContentResponse = await client.gemini.generateContent({ model: 'g', contents: 'hi' })
  return response.text
}

export const isBase: boolean = new tokenhot.RateLimitError('x') instanceof tokenhot.TokenhotError
