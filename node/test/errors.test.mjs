// Failures seen from Node: each status to its class with its fields, retries,
// transport failures, timeouts, and the ways a stream can fail.

import assert from 'node:assert/strict'
import net from 'node:net'
import { after, before, describe, it } from 'node:test'

import * as tokenhot from '../lib/index.mjs'
import {
  MESSAGES, chunkFrame, completion, finishFrame, requests, script, sessionClient, startMock,
} from './helpers/mock.mjs'

const {
  APIConnectionError, APIError, APITimeoutError, AuthenticationError, BadRequestError, ConflictError,
  InternalServerError, NotFoundError, PermissionDeniedError, RateLimitError, RequestTooLargeError,
  StreamError, Tokenhot, TokenhotError, UnprocessableEntityError,
} = tokenhot

const BODY = { model: 'gpt-test', messages: MESSAGES }

let mock
before(async () => {
  mock = await startMock()
})
after(() => mock.stop())

function gatewayError(message, code, type = 'invalid_request_error', param = null) {
  return { error: { message, type, param, code } }
}

describe('HTTP error statuses', { concurrency: true }, () => {
  const table = [
    [400, BadRequestError],
    [401, AuthenticationError],
    [402, PermissionDeniedError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [413, RequestTooLargeError],
    [418, APIError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
    [529, InternalServerError],
  ]
  for (const [status, cls] of table) {
    it(`${status} rejects with ${cls.name}, fields filled`, async () => {
      const { client, session } = await sessionClient(mock, { maxRetries: 0 })
      const body = gatewayError(`failure ${status}`, `code_${status}`, 'some_type', 'messages')
      await script(mock, session, [{ status, json: body, headers: { 'x-request-id': `req-${status}`, 'x-extra': 'yes' } }])
      const error = await client.chat.completions.create(BODY).then(() => assert.fail('resolved'), (e) => e)
      assert.equal(error.constructor, cls)
      assert.ok(error instanceof APIError && error instanceof TokenhotError && error instanceof Error)
      assert.equal(error.name, cls.name)
      assert.equal(error.status, status)
      assert.equal(error.message, `failure ${status}`)
      assert.equal(error.code, `code_${status}`)
      assert.equal(error.type, 'some_type')
      assert.equal(error.param, 'messages')
      assert.equal(error.requestId, `req-${status}`)
      assert.deepEqual(error.body, body)
      assert.equal(error.headers['x-extra'], 'yes')
      assert.equal(error.attempts, 1)
      assert.ok(error.stack.includes(cls.name))
    })
  }

  it('a 400 with code task_not_exist is a NotFoundError', async () => {
    const { client, session } = await sessionClient(mock)
    await script(mock, session, [{ status: 400, json: gatewayError('no task', 'task_not_exist') }])
    await assert.rejects(client.chat.completions.create(BODY), (e) => e.constructor === NotFoundError && e.status === 400)
  })

  it('a body that is not JSON is kept as text', async () => {
    const { client, session } = await sessionClient(mock, { maxRetries: 0 })
    await script(mock, session, [{ status: 502, text: '<html>bad gateway</html>' }])
    const error = await client.chat.completions.create(BODY).catch((e) => e)
    assert.equal(error.constructor, InternalServerError)
    assert.equal(error.body, '<html>bad gateway</html>')
  })

  it('a missing api key is an AuthenticationError without status, naming TOKENHOT_API_KEY', async () => {
    const saved = process.env.TOKENHOT_API_KEY
    delete process.env.TOKENHOT_API_KEY
    let client
    try {
      client = new Tokenhot({ baseURL: mock.url })
    } finally {
      if (saved !== undefined) process.env.TOKENHOT_API_KEY = saved
    }
    const error = await client.chat.completions.create(BODY).catch((e) => e)
    assert.equal(error.constructor, AuthenticationError)
    assert.equal(error.status, null)
    assert.match(error.message, /TOKENHOT_API_KEY/)
    assert.equal(error.attempts, 0)
  })

  it('takes the key and URL from the environment', async () => {
    const { newSession } = await import('./helpers/mock.mjs')
    const session = newSession()
    process.env.TOKENHOT_API_KEY = 'sk-from-env'
    process.env.TOKENHOT_BASE_URL = `${mock.url}/v1`
    let client
    try {
      client = new Tokenhot({ defaultHeaders: { 'x-mock-session': session } })
    } finally {
      delete process.env.TOKENHOT_API_KEY
      delete process.env.TOKENHOT_BASE_URL
    }
    await client.chat.completions.create(BODY)
    const [request] = await requests(mock, session)
    assert.equal(request.headers.authorization, 'Bearer sk-from-env')
  })
})

describe('retries', { concurrency: true }, () => {
  const retryAfterForms = [
    ['retry-after-ms', '20'],
    ['retry-after', '0.05'],
    ['retry-after', new Date(Date.now() + 1000).toUTCString()],
  ]
  for (const [name, value] of retryAfterForms) {
    it(`429 with ${name}: ${value}, then success`, async () => {
      const { client, session } = await sessionClient(mock)
      await script(mock, session, [
        { status: 429, headers: { [name]: value }, json: gatewayError('slow down', 'rate_limit') },
        { json: completion() },
      ])
      const result = await client.chat.completions.create(BODY)
      assert.equal(result.id, 'chatcmpl-1')
      assert.equal((await requests(mock, session)).length, 2)
    })
  }

  it('503 until the retries run out: InternalServerError with attempts', async () => {
    const { client, session } = await sessionClient(mock, { maxRetries: 2 })
    const answer = { status: 503, headers: { 'retry-after-ms': '1' }, json: gatewayError('overloaded', 'busy') }
    await script(mock, session, [answer, answer, answer, answer])
    const error = await client.chat.completions.create(BODY).catch((e) => e)
    assert.equal(error.constructor, InternalServerError)
    assert.equal(error.status, 503)
    assert.equal(error.attempts, 3)
    assert.equal((await requests(mock, session)).length, 3)
  })

  it('per-call maxRetries overrides the client', async () => {
    const { client, session } = await sessionClient(mock, { maxRetries: 5 })
    const answer = { status: 500, headers: { 'retry-after-ms': '1' }, json: gatewayError('boom', null) }
    await script(mock, session, [answer, answer, answer])
    const error = await client.chat.completions.create(BODY, { maxRetries: 1 }).catch((e) => e)
    assert.equal(error.attempts, 2)
  })

  it('never retries a 400', async () => {
    const { client, session } = await sessionClient(mock, { maxRetries: 3 })
    await script(mock, session, [{ status: 400, json: gatewayError('bad', 'bad') }, { json: completion() }])
    const error = await client.chat.completions.create(BODY).catch((e) => e)
    assert.equal(error.constructor, BadRequestError)
    assert.equal(error.attempts, 1)
    assert.equal((await requests(mock, session)).length, 1)
  })

  it('retries a connection cut before the head', async () => {
    const { client, session } = await sessionClient(mock)
    await script(mock, session, [{ drop: 'before_head' }, { json: completion() }])
    assert.equal((await client.chat.completions.create(BODY)).id, 'chatcmpl-1')
    assert.equal((await requests(mock, session)).length, 2)
  })
})

describe('transport failures and timeouts', { concurrency: true }, () => {
  it('connection refused is an APIConnectionError with a cause', async () => {
    const port = await new Promise((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address()
        server.close(() => resolve(port))
      })
    })
    const client = new Tokenhot({ apiKey: 'sk-test', baseURL: `http://127.0.0.1:${port}`, maxRetries: 1 })
    const error = await client.chat.completions.create(BODY).catch((e) => e)
    assert.equal(error.constructor, APIConnectionError)
    assert.equal(error.status, null)
    assert.equal(error.attempts, 2)
    assert.ok(error.cause instanceof Error, 'cause')
    assert.ok(error.cause.message.length > 0)
  })

  it('a total timeout is an APITimeoutError', async () => {
    const { client, session } = await sessionClient(mock, { maxRetries: 0 })
    await script(mock, session, [{ delay_ms: 2000, json: completion() }])
    const started = Date.now()
    const error = await client.chat.completions.create(BODY, { timeout: 150 }).catch((e) => e)
    assert.equal(error.constructor, APITimeoutError)
    assert.ok(error instanceof APIConnectionError)
    assert.ok(Date.now() - started < 1500)
  })

  it('the client timeout applies when the call gives none', async () => {
    const { client, session } = await sessionClient(mock, { maxRetries: 0, timeout: 150 })
    await script(mock, session, [{ delay_ms: 2000, json: completion() }])
    await assert.rejects(client.chat.completions.create(BODY), APITimeoutError)
  })
})

describe('stream failures', { concurrency: true }, () => {
  const STREAM = { ...BODY, stream: true }

  async function drain(stream) {
    const chunks = []
    try {
      for await (const chunk of stream) chunks.push(chunk)
    } catch (error) {
      return { chunks, error }
    }
    return { chunks, error: undefined }
  }

  it('an HTTP error status rejects create itself', async () => {
    const { client, session } = await sessionClient(mock, { maxRetries: 0 })
    await script(mock, session, [{ status: 429, json: gatewayError('slow', 'rate') }])
    await assert.rejects(client.chat.completions.create(STREAM), RateLimitError)
  })

  it('idle timeout mid-stream is an APITimeoutError after the chunks before it', async () => {
    const { client, session } = await sessionClient(mock)
    await script(mock, session, [{ sse: [chunkFrame('a'), { ...chunkFrame('b'), delay_ms: 2000 }] }])
    const stream = await client.chat.completions.create(STREAM, { streamIdleTimeout: 150 })
    const { chunks, error } = await drain(stream)
    assert.equal(chunks.length, 1)
    assert.equal(error.constructor, APITimeoutError)
    await assert.rejects(stream.finalCompletion(), StreamError)
  })

  it('an error frame mid-stream is a StreamError classified by its code', async () => {
    const { client, session } = await sessionClient(mock)
    await script(mock, session, [{
      sse: [chunkFrame('a'), { data: JSON.stringify({ error: { message: 'upstream overloaded', type: 'server_error', code: 'rate_limit_exceeded' } }) }],
    }])
    const stream = await client.chat.completions.create(STREAM)
    const { chunks, error } = await drain(stream)
    assert.equal(chunks.length, 1)
    assert.equal(error.constructor, StreamError)
    assert.ok(error instanceof APIError)
    assert.equal(error.message, 'upstream overloaded')
    assert.equal(error.code, 'rate_limit_exceeded')
    assert.equal(error.status, 429)
  })

  it('a cut mid-stream is an APIConnectionError', async () => {
    const { client, session } = await sessionClient(mock)
    const first = `data: ${chunkFrame('a').data}\n\n`
    await script(mock, session, [{
      headers: { 'content-type': 'text/event-stream' },
      raw_base64: Buffer.from(first + first + 'data: {"partial').toString('base64'),
      drop: 'after_bytes',
      drop_after_bytes: Buffer.byteLength(first) + 10,
    }])
    const stream = await client.chat.completions.create(STREAM)
    const { chunks, error } = await drain(stream)
    assert.equal(chunks.length, 1)
    assert.equal(error.constructor, APIConnectionError)
  })

  it('a clean end without [DONE] and without a finish reason is an APIConnectionError', async () => {
    const { client, session } = await sessionClient(mock)
    await script(mock, session, [{ sse: [chunkFrame('a')] }])
    const { error } = await drain(await client.chat.completions.create(STREAM))
    assert.equal(error.constructor, APIConnectionError)
  })

  it('a clean end without [DONE] after a finish reason is accepted', async () => {
    const { client, session } = await sessionClient(mock)
    await script(mock, session, [{ sse: [chunkFrame('a'), finishFrame()] }])
    const stream = await client.chat.completions.create(STREAM)
    const { chunks, error } = await drain(stream)
    assert.equal(error, undefined)
    assert.equal(chunks.length, 2)
    assert.equal((await stream.finalCompletion()).choices[0].message.content, 'a')
  })
})
