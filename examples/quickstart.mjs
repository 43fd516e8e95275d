// The README's Node quick start: a chat call, a streamed chat printed as it arrives, an
// error being handled, and Gemini (text, streamed, an image in). The key and base URL
// come from TOKENHOT_API_KEY / TOKENHOT_BASE_URL (scripts/demo.sh runs it on the mock).
import { Tokenhot, AuthenticationError, imagePart } from 'tokenhot'

const client = new Tokenhot()
const model = process.env.TOKENHOT_CHAT_MODEL ?? 'gpt-5.2'
const messages = [{ role: 'user', content: 'Say hello in five words.' }]

// 1. A chat call.
const completion = await client.chat.completions.create({ model, messages })
console.log('chat:', completion.choices[0].message.content)

// 2. A streamed chat, printed as it arrives.
const stream = await client.chat.completions.create({ model, messages, stream: true })
process.stdout.write('stream: ')
for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? '')
console.log()

// 3. An error, handled: a wrong key is an AuthenticationError.
try {
  await new Tokenhot({ apiKey: 'sk-wrong-key' }).chat.completions.create({ model, messages })
} catch (error) {
  if (!(error instanceof AuthenticationError)) throw error
  console.log(`error handled: ${error.name} (status ${error.status}, request id ${error.requestId})`)
}

// 4. Gemini: text, streamed, and an image in.
const gemini = process.env.TOKENHOT_GEMINI_MODEL ?? 'gemini-3.1-pro-preview'
const answer = await client.gemini.generateContent({ model: gemini, contents: 'Write a haiku about Node.' })
console.log('gemini:', answer.text)
const parts = await client.gemini.generateContent({ model: gemini, contents: 'Count to five.', stream: true })
process.stdout.write('gemini stream: ')
for await (const chunk of parts) process.stdout.write(chunk.text ?? '')
console.log()
const pixel = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')
const seen = await client.gemini.generateContent({
  model: gemini,
  contents: [{ role: 'user', parts: [{ text: 'What is in this picture?' }, imagePart(pixel, 'image/png')] }],
})
console.log('gemini image in:', seen.text)

// Responses: plain, streamed text, a function call.
const reply = await client.responses.create({ model, input: 'Say hello' })
console.log('responses:', reply.output_text)
const events = await client.responses.create({ model, input: 'Count to five.', stream: true })
process.stdout.write('responses stream: ')
for await (const text of events.textStream()) process.stdout.write(text)
console.log(` (${(await events.finalResponse()).status})`)
const weather = { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }
const called = await client.responses.create({ model, input: 'Weather in Paris?', tools: [weather] })
for (const item of called.output) if (item.type === 'function_call') console.log(`function call: ${item.name}(${item.arguments})`)
