// The README's Node quick start: a chat call, a streamed chat printed as it arrives, an
// error being handled, Gemini (text, streamed, an image in) and Claude over Anthropic
// Messages (plain, streamed text, a tool call, thinking), images and a video task. The key and base URL
// come from TOKENHOT_API_KEY / TOKENHOT_BASE_URL (scripts/demo.sh runs it on the mock).
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

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

// 5. Claude over Anthropic Messages: plain, streamed text, a tool call, thinking.
const claudeModel = process.env.TOKENHOT_CLAUDE_MODEL ?? 'claude-sonnet-4-5'
const claude = await client.messages.create({ model: claudeModel, max_tokens: 256, messages })
console.log('claude:', claude.text)
const events = await client.messages.create({ model: claudeModel, max_tokens: 256, messages, stream: true })
process.stdout.write('claude stream: ')
for await (const e of events) if (e.delta?.type === 'text_delta') process.stdout.write(e.delta.text)
console.log(` (stop_reason ${(await events.finalMessage()).stop_reason})`)
const tools = [{
  name: 'get_weather',
  description: 'The weather in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
}]
const call = await client.messages.create({ model: claudeModel, max_tokens: 256, messages: [{ role: 'user', content: 'Weather in Paris?' }], tools })
console.log('claude tool call:', call.content.filter((b) => b.type === 'tool_use').map((b) => [b.name, b.input]))
const thought = await client.messages.create({
  model: claudeModel, max_tokens: 2048, messages, thinking: { type: 'enabled', budget_tokens: 1024 },
})
console.log('claude thinking:', thought.content.filter((b) => b.type === 'thinking').map((b) => b.thinking), '->', thought.text)
// 6. Images: generate and save, then edit with two images and a mask.
const { join, basename } = await import('node:path')
const out = mkdtempSync(join(tmpdir(), 'tokenhot-demo-'))
const generated = await client.images.generate({ model: 'gpt-image-1.5', prompt: 'A red fox in snow', size: '64x64' })
const [saved] = await client.images.save(generated, out)
console.log('image saved:', basename(saved), statSync(saved).size, 'bytes')
const edited = await client.images.edit({ model: 'gpt-image-1.5', prompt: 'Two foxes', image: [saved, readFileSync(saved)], mask: saved })
console.log('image edited:', (await client.images.save(edited, join(out, 'edited.png'))).map((p) => basename(p)))
// 7. A video task (a Seedance model here): create, wait with a progress print, download.
const videoModel = process.env.TOKENHOT_VIDEO_MODEL_NODE ?? 'doubao-seedance-2-0-260128'
const pollInterval = 1000 * Number(process.env.TOKENHOT_VIDEO_POLL_SECONDS ?? 5)
const video = await client.videos.create({ model: videoModel, content: [{ type: 'text', text: 'waves at dusk' }], duration: 5 })
const done = await client.videos.wait(video, { pollInterval, onProgress: (t) => console.log('video:', t.status, t.progress) })
const folder = mkdtempSync(path.join(tmpdir(), 'tokenhot-demo-'))
const file = await client.videos.download(done, folder)
console.log('video saved:', path.basename(file), statSync(file).size, 'bytes')
rmSync(folder, { recursive: true, force: true })
// 8. Responses: plain, streamed text, a function call.
const reply = await client.responses.create({ model, input: 'Say hello' })
console.log('responses:', reply.output_text)
const events = await client.responses.create({ model, input: 'Count to five.', stream: true })
process.stdout.write('responses stream: ')
for await (const text of events.textStream()) process.stdout.write(text)
console.log(` (${(await events.finalResponse()).status})`)
const weather = { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }
const called = await client.responses.create({ model, input: 'Weather in Paris?', tools: [weather] })
for (const item of called.output) if (item.type === 'function_call') console.log(`function call: ${item.name}(${item.arguments})`)
