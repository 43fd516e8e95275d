// OpenAI Responses seen from Node: results and `output_text`, streams with
// `finalResponse()` and `textStream()` (for chat and Gemini too), a failed terminal
// event, retrieve/cancel/delete, and bad input.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'

import { NotFoundError, StreamError, Stream } from '../lib/index.mjs'
import { requests, script, sessionClient, startMock } from './helpers/mock.mjs'

const MODEL = 'gpt-5.2'
const WEATHER = { type: 'function', name: 'get_weather', parameters: { type: 'object' } }

let mock
before(async () => {
  mock = await startMock()
})
after(() => mock.stop())

describe('responses', () => {
  it('create: items of every kind, non-enumerable output_text and _request_id', async () => {
    const { client, session } = await sessionClient(mock)
    const r = await client.responses.create({ model: MODEL, input: 'Weather?', reasoning: { effort: 'low' }, tools: [WEATHER] })
    assert.deepEqual(r.output.map((i) => i.type), ['reasoning', 'message', 'function_call'])
    assert.equal(r.output_text, 'chunk0 chunk1 chunk2')
    assert.equal(Object.keys(r).includes('output_text'), false)
    assert.equal(JSON.parse(JSON.stringify(r)).output_text, undefined)
    assert.equal(typeof r._request_id, 'string')
    const [sent] = await requests(mock, session)
    assert.deepEqual(sent.body, { model: MODEL, input: 'Weather?', reasoning: { effort: 'low' }, tools: [WEATHER] })
  })

  it('stream: textStream() pieces, then finalResponse() with output_text', async () => {
    const { client } = await sessionClient(mock)
    const stream = await client.responses.create({ model: MODEL, input: 'hi', stream: true }, { headers: { 'x-mock-chunks': '4' } })
    assert.ok(stream instanceof Stream)
    const pieces = []
    for await (const piece of stream.textStream()) pieces.push(piece)
    assert.deepEqual(pieces, ['chunk0', ' chunk1', ' chunk2', ' chunk3'])
    const final = await stream.finalResponse()
    assert.equal(final.status, 'completed')
    assert.equal(final.output_text, pieces.join(''))
    assert.equal(Object.keys(final).includes('output_text'), false)
  })

  it('stream: events are the wire objects, in sequence', async () => {
    const { client } = await sessionClient(mock)
    const stream = await client.responses.create({ model: MODEL, input: 'hi', stream: true })
    const events = []
    for await (const event of stream) events.push(event)
    assert.deepEqual(events.map((e) => e.sequence_number), events.map((_, i) => i))
    assert.equal(events[0].type, 'response.created')
    assert.equal(events.at(-1).type, 'response.completed')
  })

  it('textStream() for chat and Gemini', async () => {
    const { client } = await sessionClient(mock)
    const options = { headers: { 'x-mock-chunks': '3' } }
    const chat = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }], stream: true }, options)
    const chatText = []
    for await (const piece of chat.textStream()) chatText.push(piece)
    assert.deepEqual(chatText, ['chunk0', ' chunk1', ' chunk2'])
    assert.equal((await chat.finalCompletion()).choices[0].message.content, 'chunk0 chunk1 chunk2')
    const gemini = await client.gemini.generateContent(
      { model: 'gemini-2.5-flash', contents: 'hi', generationConfig: { thinkingConfig: { thinkingLevel: 'low' } }, stream: true },
      options,
    )
    let text = ''
    for await (const piece of gemini.textStream()) text += piece
    // Thought parts are not text.
    assert.equal(text, 'chunk0 chunk1 chunk2')
  })

  it('break out of textStream() closes the stream', async () => {
    const { client } = await sessionClient(mock)
    const stream = await client.responses.create({ model: MODEL, input: 'hi', stream: true }, { headers: { 'x-mock-chunks': '50' } })
    for await (const piece of stream.textStream()) {
      assert.equal(piece, 'chunk0')
      break
    }
    await assert.rejects(stream.finalResponse(), StreamError)
  })

  it('a failed terminal event rejects finalResponse() with StreamError carrying the response', async () => {
    const { client, session } = await sessionClient(mock)
    const failed = { id: 'resp_f', object: 'response', status: 'failed', output: [], error: { code: 'server_error', message: 'The model failed.' } }
    await script(mock, session, [{ sse: [{ event: 'response.failed', data: JSON.stringify({ type: 'response.failed', sequence_number: 0, response: failed }) }] }])
    const stream = await client.responses.create({ model: MODEL, input: 'hi', stream: true }, { maxRetries: 0 })
    const error = await stream.finalResponse().then(() => null, (e) => e)
    assert.ok(error instanceof StreamError)
    assert.equal(error.code, 'server_error')
    assert.equal(error.message, 'The model failed.')
    assert.deepEqual(error.body, failed)
  })

  it('retrieve, cancel, delete', async () => {
    const { client, session } = await sessionClient(mock)
    assert.equal((await client.responses.retrieve('resp_1')).output_text, 'chunk0 chunk1 chunk2')
    assert.equal((await client.responses.cancel('resp_1')).status, 'cancelled')
    assert.equal(await client.responses.delete('resp_1'), undefined)
    await assert.rejects(client.responses.retrieve('resp_missing'), NotFoundError)
    const log = (await requests(mock, session)).map((r) => [r.method, r.path])
    assert.deepEqual(log.slice(0, 3), [['GET', '/v1/responses/resp_1'], ['POST', '/v1/responses/resp_1/cancel'], ['DELETE', '/v1/responses/resp_1']])
  })

  it('bad input rejects before any request', async () => {
    const { client, session } = await sessionClient(mock)
    await assert.rejects(client.responses.create({ model: MODEL, input: 42 }), TypeError)
    await assert.rejects(client.responses.create({ input: 'hi' }), TypeError)
    await assert.rejects(client.responses.retrieve(7), TypeError)
    await assert.rejects(client.responses.delete(''), RangeError)
    assert.deepEqual(await requests(mock, session), [])
  })
})
