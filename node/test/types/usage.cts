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

export const isBase: boolean = new tokenhot.RateLimitError('x') instanceof tokenhot.TokenhotError
