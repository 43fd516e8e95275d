// Anthropic Messages seen from Node: the message and its non-enumerable `text`, the
// stream's events (`ping` never yielded) and `finalMessage()`, the in-stream overload
// retried before any event reached the caller and raised after, countTokens, abort,
// and bad input rejected before any request.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'

import { APIUserAbortError, InternalServerError, Stream, StreamError } from '../lib/index.mjs'
import { requests, script, sessionClient, startMock } from './helpers/mock.mjs'

const MODEL = 'claude-sonnet-4-5'
const USER = [{ role: 'user', content: 'Say hello' }]
const TOOLS = [{ name: 'search', description: 'Search', input_schema: { type: 'object' } }]

const event = (type, fields = {}) => ({ event: type, data: JSON.stringify({ type, ...fields }) })
const START = event('message_start', {
  message: { id: 'msg_s', type: 'message', role: 'assistant', model: MODEL, content: [], stop_reason: null, usage: { input_tokens: 9, output_tokens: 1 } },
})
const BLOCK = event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } })
const PING = { event: 'ping', data: '{"type": "ping"}' }
const OVERLOADED = { event: 'error', data: JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }) }
const text = (t) => event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: t } })
const GOOD = [
  START, BLOCK, PING, text('Hel'), text('lo'), event('content_block_stop', { index: 0 }),
  event('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 5 } }),
  event('message_stop'),
]

let mock
before(async () => {
  mock = await startMock()
})
after(() => mock.stop())

describe('messages', () => {
  it('creates a message with text non-enumerable and sends the version header', async () => {
    const { client, session } = await sessionClient(mock)
    const m = await client.messages.create({
      model: MODEL, max_tokens: 64, messages: USER, system: 'Be brief', tools: TOOLS, thinking: { type: 'enabled', budget_tokens: 1024 },
    })
    assert.equal(m.text, 'chunk0 chunk1 chunk2')
    assert.deepEqual(m.content.map((b) => b.type), ['thinking', 'text', 'tool_use'])
    assert.deepEqual(m.content[2].input, { query: 'chunk0', limit: 3 })
    assert.equal(m.stop_reason, 'tool_use')
    assert.ok(!Object.keys(m).includes('text') && !('text' in JSON.parse(JSON.stringify(m))))
    assert.match(m._request_id, /^mock-req-/)
    const [sent] = await requests(mock, session)
    assert.equal(sent.path, '/v1/messages')
    assert.equal(sent.headers['anthropic-version'], '2023-06-01')
    assert.deepEqual(sent.body.thinking, { type: 'enabled', budget_tokens: 1024 })
  })

  it('streams wire events without ping and folds them to the plain answer', async () => {
    const { client } = await sessionClient(mock)
    const body = { model: MODEL, max_tokens: 64, messages: USER, tools: TOOLS, thinking: { type: 'adaptive' } }
    const whole = await client.messages.create(body)
    const stream = await client.messages.create({ ...body, stream: true })
    assert.ok(stream instanceof Stream)
    const events = []
    for await (const e of stream) events.push(e)
    const types = events.map((e) => e.type)
    assert.ok(!types.includes('ping'))
    assert.equal(types[0], 'message_start')
    assert.equal(types.at(-1), 'message_stop')
    const deltas = events.filter((e) => e.delta?.type === 'text_delta').map((e) => e.delta.text).join('')
    const final = await stream.finalMessage()
    assert.equal(deltas, whole.text)
    assert.equal(final.text, whole.text)
    assert.deepEqual(JSON.parse(JSON.stringify(final)).content, JSON.parse(JSON.stringify(whole)).content)
    assert.ok(!Object.keys(final).includes('text'))
  })

  it('gives the text as it arrives through textStream(), the final message after it', async () => {
    const { client } = await sessionClient(mock)
    const body = { model: MODEL, max_tokens: 64, messages: USER, thinking: { type: 'adaptive' } }
    const whole = await client.messages.create(body)
    const stream = await client.messages.create({ ...body, stream: true })
    const pieces = []
    for await (const piece of stream.textStream()) pieces.push(piece)
    assert.ok(pieces.length > 1, 'one piece per text delta')
    assert.equal(pieces.join(''), whole.text) // the thinking block is not text
    assert.equal((await stream.finalMessage()).text, whole.text)
  })

  it('retries an overload before any event and raises one after deltas with 529', async () => {
    const { client, session } = await sessionClient(mock)
    await script(mock, session, [{ sse: [START, PING, OVERLOADED] }, { sse: GOOD }])
    const retried = await client.messages.create({ model: MODEL, max_tokens: 9, messages: USER, stream: true }, { maxRetries: 1 })
    assert.equal((await retried.finalMessage()).text, 'Hello')
    assert.equal((await requests(mock, session)).length, 2)

    const second = await sessionClient(mock)
    await script(mock, second.session, [{ sse: [START, BLOCK, text('Hel'), OVERLOADED] }, { sse: GOOD }])
    const stream = await second.client.messages.create({ model: MODEL, max_tokens: 9, messages: USER, stream: true }, { maxRetries: 2 })
    const seen = []
    await assert.rejects(
      (async () => {
        for await (const e of stream) seen.push(e.type)
      })(),
      (error) => error instanceof StreamError && error.status === 529 && error.type === 'overloaded_error' && error.message === 'Overloaded',
    )
    assert.deepEqual(seen, ['message_start', 'content_block_start', 'content_block_delta'])
    await assert.rejects(stream.finalMessage(), StreamError)
    assert.equal((await requests(mock, second.session)).length, 1)
  })

  it('counts tokens and classifies an Anthropic error body', async () => {
    const { client, session } = await sessionClient(mock)
    const counted = await client.messages.countTokens({ model: MODEL, messages: USER, system: 's' })
    assert.equal(counted.input_tokens, 16)
    await script(mock, session, [{ status: 529, json: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } }])
    await assert.rejects(
      client.messages.create({ model: MODEL, max_tokens: 9, messages: USER }, { maxRetries: 0 }),
      (error) => error instanceof InternalServerError && error.status === 529 && error.type === 'overloaded_error' && error.code == null,
    )
  })

  it('rejects bad bodies before any request, and an aborted signal without I/O', async () => {
    const { client, session } = await sessionClient(mock)
    await assert.rejects(client.messages.create({ model: MODEL, messages: USER }), { name: 'TypeError', message: /max_tokens/ })
    await assert.rejects(client.messages.create({ model: MODEL, max_tokens: '9', messages: USER }), { name: 'TypeError', message: /max_tokens/ })
    await assert.rejects(client.messages.create({ model: MODEL, max_tokens: 1.5, messages: USER }), { name: 'RangeError', message: /max_tokens/ })
    await assert.rejects(client.messages.create({ model: MODEL, max_tokens: 9, messages: 'hi', stream: true }), { name: 'TypeError', message: /messages/ })
    await assert.rejects(client.messages.countTokens({ messages: USER }), { name: 'TypeError', message: /model/ })
    const aborted = AbortSignal.abort()
    await assert.rejects(client.messages.create({ model: MODEL, max_tokens: 9, messages: USER }, { signal: aborted }), APIUserAbortError)
    assert.equal((await requests(mock, session)).length, 0)
  })
})
