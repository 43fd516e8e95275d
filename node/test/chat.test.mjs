// Chat completions seen from Node: results, options on the wire, streams.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'

import { Stream, VERSION } from '../lib/index.mjs'
import {
  MESSAGES, chunkFrame, completion, finishFrame, requests, script, sessionClient, startMock, waitForLog, TEST_KEY,
} from './helpers/mock.mjs'

let mock
before(async () => {
  mock = await startMock()
})
after(() => mock.stop())

describe('create', { concurrency: true }, () => {
  it('resolves to the plain wire object, key order and unknown keys kept', async () => {
    const { client, session } = await sessionClient(mock)
    const wire = completion({ zeta_unknown: { nested: [1, null, 'x'] }, alpha: null })
    await script(mock, session, [{ json: wire, headers: { 'x-request-id': 'req-42' } }])
    const result = await client.chat.completions.create({ model: 'gpt-test', messages: MESSAGES })
    assert.equal(Object.getPrototypeOf(result), Object.prototype)
    assert.deepEqual(Object.keys(result), Object.keys(wire))
    assert.equal(JSON.stringify(result), JSON.stringify(wire))
    assert.equal(result.choices[0].message.content, 'Hello!')
    assert.equal(result._request_id, 'req-42')
    assert.equal(Object.getOwnPropertyDescriptor(result, '_request_id').enumerable, false)
  })

  it('sends the body as given, with auth and the node user agent', async () => {
    const { client, session } = await sessionClient(mock)
    const body = { model: 'gpt-test', messages: MESSAGES, temperature: 0.5, new_param: { a: [1, 2] } }
    await client.chat.completions.create(body)
    const [request] = await requests(mock, session)
    assert.equal(request.method, 'POST')
    assert.equal(request.path, '/v1/chat/completions')
    assert.deepEqual(request.body, body)
    assert.equal(request.headers.authorization, `Bearer ${TEST_KEY}`)
    assert.equal(request.headers['user-agent'], `tokenhot-node/${VERSION}`)
    assert.equal(request.headers['content-type'], 'application/json')
  })

  it('puts extra headers, query and body on the wire', async () => {
    const { client, session } = await sessionClient(mock, { defaultHeaders: { 'x-default': 'd', 'x-over': 'client' } })
    await client.chat.completions.create(
      { model: 'gpt-test', messages: MESSAGES, temperature: 1 },
      { headers: { 'x-extra': 'e', 'x-over': 'call', 'x-num': 3 }, query: { 'api-version': '2024', n: 2 }, body: { temperature: 0, extra_field: true } },
    )
    const [request] = await requests(mock, session)
    assert.equal(request.headers['x-default'], 'd')
    assert.equal(request.headers['x-extra'], 'e')
    assert.equal(request.headers['x-over'], 'call')
    assert.equal(request.headers['x-num'], '3')
    assert.deepEqual(Object.fromEntries(new URLSearchParams(request.query)), { 'api-version': '2024', n: '2' })
    assert.equal(request.body.temperature, 0)
    assert.equal(request.body.extra_field, true)
  })

  it('drops stream: false from the body and keeps the call plain', async () => {
    const { client, session } = await sessionClient(mock)
    const result = await client.chat.completions.create({ model: 'gpt-test', messages: MESSAGES, stream: false })
    assert.equal(result.object, 'chat.completion')
    const [request] = await requests(mock, session)
    assert.equal(request.body.stream, undefined)
  })

  it('normalises a base URL ending in /v1/', async () => {
    const { client, session } = await sessionClient(mock, { baseURL: `${mock.url}/v1/` })
    assert.equal(client.baseURL, mock.url)
    await client.chat.completions.create({ model: 'gpt-test', messages: MESSAGES })
    assert.equal((await requests(mock, session))[0].path, '/v1/chat/completions')
  })

  it('lists models', async () => {
    const { client, session } = await sessionClient(mock)
    const list = await client.models.list()
    assert.equal(list.object, 'list')
    assert.ok(Array.isArray(list.data) && list.data.length > 0)
    assert.ok(typeof list._request_id === 'string')
    const [request] = await requests(mock, session)
    assert.equal(request.method, 'GET')
    assert.equal(request.path, '/v1/models')
  })

  it('runs many calls at once on one client', async () => {
    const { client } = await sessionClient(mock)
    const results = await Promise.all(
      Array.from({ length: 50 }, () => client.chat.completions.create({ model: 'gpt-test', messages: MESSAGES })),
    )
    assert.equal(results.length, 50)
    assert.ok(results.every((r) => r.choices[0].message.content === 'chunk0 chunk1 chunk2'))
  })

  it('never shows the api key when the client is inspected or serialised', async () => {
    const { inspect } = await import('node:util')
    const { client } = await sessionClient(mock, { apiKey: 'sk-very-secret-key' })
    const shown = [inspect(client, { showHidden: true, depth: 5 }), JSON.stringify(client), String(client)].join(' ')
    assert.ok(!shown.includes('very-secret'), shown)
    assert.ok(shown.includes('<redacted>'))
  })
})

describe('stream', { concurrency: true }, () => {
  it('iterates the chunks with for await and gives the final completion', async () => {
    const { client, session } = await sessionClient(mock, { defaultHeaders: { 'x-mock-chunks': '5' } })
    const stream = await client.chat.completions.create({
      model: 'gpt-test', messages: MESSAGES, stream: true, stream_options: { include_usage: true },
    })
    assert.ok(stream instanceof Stream)
    assert.match(stream.requestId, /^mock-req-/)
    assert.equal(stream.headers['content-type'], 'text/event-stream')
    const chunks = []
    for await (const chunk of stream) chunks.push(chunk)
    assert.equal(chunks.length, 8) // role, 5 words, finish, usage
    assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk'))
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('')
    assert.equal(text, 'chunk0 chunk1 chunk2 chunk3 chunk4')
    const final = await stream.finalCompletion()
    assert.equal(final.choices[0].message.content, text)
    assert.equal(final.choices[0].finish_reason, 'stop')
    assert.equal(final.usage.completion_tokens, 5)
    assert.equal(final._request_id, stream.requestId)
    const [request] = await requests(mock, session)
    assert.equal(request.body.stream, true)
    assert.equal(request.headers.accept, 'text/event-stream')
  })

  it('gives the final completion without iterating', async () => {
    const { client } = await sessionClient(mock)
    const stream = await client.chat.completions.create({ model: 'gpt-test', messages: MESSAGES, stream: true })
    const final = await stream.finalCompletion()
    assert.equal(final.choices[0].message.content, 'chunk0 chunk1 chunk2')
  })

  it('closes the connection on break, and finalCompletion then rejects', async () => {
    const { client, session } = await sessionClient(mock)
    await script(mock, session, [{ sse: [chunkFrame('a'), { ...chunkFrame('b'), delay_ms: 2000 }, finishFrame(), { data: '[DONE]' }] }])
    const stream = await client.chat.completions.create({ model: 'gpt-test', messages: MESSAGES, stream: true })
    for await (const chunk of stream) {
      assert.equal(chunk.choices[0].delta.content, 'a')
      break
    }
    const log = await waitForLog(mock, session, (l) => l[0]?.outcome === 'client_closed')
    assert.equal(log.length, 1)
    const { StreamError } = await import('../lib/index.mjs')
    await assert.rejects(stream.finalCompletion(), StreamError)
  })

  it('refuses the final completion after a break however far it was read ahead, not after the end', async () => {
    const { client } = await sessionClient(mock, { defaultHeaders: { 'x-mock-chunks': '3' } })
    const { StreamError } = await import('../lib/index.mjs')
    const early = await client.chat.completions.create({ model: 'gpt-test', messages: MESSAGES, stream: true })
    for await (const _chunk of early) break
    await assert.rejects(early.finalCompletion(), StreamError)
    const read = await client.chat.completions.create({ model: 'gpt-test', messages: MESSAGES, stream: true })
    let text = ''
    for await (const chunk of read) text += chunk.choices[0]?.delta?.content ?? ''
    read.close()
    assert.equal((await read.finalCompletion()).choices[0].message.content, text)
  })

  it('close() during a pending read ends the iteration', async () => {
    const { client, session } = await sessionClient(mock)
    await script(mock, session, [{ sse: [chunkFrame('a'), { ...chunkFrame('b'), delay_ms: 3000 }] }])
    const stream = await client.chat.completions.create({ model: 'gpt-test', messages: MESSAGES, stream: true })
    const seen = []
    const started = Date.now()
    setTimeout(() => stream.close(), 200)
    for await (const chunk of stream) seen.push(chunk.choices[0].delta.content)
    assert.deepEqual(seen, ['a'])
    assert.ok(Date.now() - started < 2000)
    await waitForLog(mock, session, (l) => l[0]?.outcome === 'client_closed')
  })

  it('keeps a lone surrogate escape as JSON.parse does; the final text joins a split pair', async () => {
    // A server may split an emoji's UTF-16 pair between two chunks (as Python's test).
    const { client, session } = await sessionClient(mock)
    const texts = [chunkFrame('\ud83d').data, chunkFrame('\ude00').data, chunkFrame('x', { id: 'chatcmpl-\ud800' }).data]
    await script(mock, session, [{ sse: [...texts.map((data) => ({ data })), { data: '[DONE]' }] }])
    const stream = await client.chat.completions.create({ model: 'gpt-test', messages: MESSAGES, stream: true })
    const chunks = []
    for await (const chunk of stream) chunks.push(chunk)
    assert.deepEqual(chunks, texts.map((text) => JSON.parse(text)))
    assert.equal((await stream.finalCompletion()).choices[0].message.content, '\u{1f600}x')
    const plain = '{"id":"c","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"a\\ud83db"}}]}'
    await script(mock, session, [{ text: plain }])
    const result = await client.chat.completions.create({ model: 'gpt-test', messages: MESSAGES })
    assert.equal(result.choices[0].message.content, 'a\ud83db')
  })

  it('hands over several events of one read together, in order', async () => {
    const { client, session } = await sessionClient(mock)
    const frames = Array.from({ length: 200 }, (_, i) => `data: ${chunkFrame(String(i)).data}\n\n`)
    await script(mock, session, [{ sse: [{ raw: frames.join('') + 'data: [DONE]\n\n' }] }])
    const stream = await client.chat.completions.create({ model: 'gpt-test', messages: MESSAGES, stream: true })
    const seen = []
    for await (const chunk of stream) seen.push(chunk.choices[0].delta.content)
    assert.deepEqual(seen, Array.from({ length: 200 }, (_, i) => String(i)))
  })

  it('after a transparent retry, requestId and headers are the answer that was read', async () => {
    const { client, session } = await sessionClient(mock)
    const overloaded = { data: JSON.stringify({ error: { message: 'overloaded', type: 'overloaded_error', code: null } }) }
    await script(mock, session, [
      { headers: { 'x-request-id': 'first' }, sse: [overloaded] },
      { headers: { 'x-request-id': 'second' }, sse: [chunkFrame('a'), finishFrame(), { data: '[DONE]' }] },
    ])
    const stream = await client.chat.completions.create({ model: 'gpt-test', messages: MESSAGES, stream: true })
    const chunks = []
    for await (const chunk of stream) chunks.push(chunk)
    assert.equal(chunks.length, 2)
    assert.equal(stream.requestId, 'second')
    assert.equal(stream.headers['x-request-id'], 'second')
    assert.equal((await requests(mock, session)).length, 2)
  })

  it('a slow consumer still gets every chunk, in order', async () => {
    const { client } = await sessionClient(mock, { defaultHeaders: { 'x-mock-chunks': '20000' } })
    const stream = await client.chat.completions.create({ model: 'gpt-test', messages: MESSAGES, stream: true })
    let expected = 0
    let count = 0
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta?.content
      if (content && content.trim().startsWith('chunk')) {
        assert.equal(content.trim(), `chunk${expected++}`)
      }
      if (++count % 1000 === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    }
    assert.equal(expected, 20000)
  })
})
