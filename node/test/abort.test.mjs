// AbortSignal at every stage: before the call, before the head, mid-body, during a
// retry backoff, mid-stream. The mock must see the connection close.

import assert from 'node:assert/strict'
import { getEventListeners } from 'node:events'
import { after, before, describe, it } from 'node:test'

import { APIUserAbortError, TokenhotError } from '../lib/index.mjs'
import {
  MESSAGES, chunkFrame, completion, requests, script, sessionClient, startMock, waitForLog,
} from './helpers/mock.mjs'

const BODY = { model: 'gpt-test', messages: MESSAGES }

let mock
before(async () => {
  mock = await startMock()
})
after(() => mock.stop())

function isAbort(error) {
  assert.equal(error.constructor, APIUserAbortError)
  assert.ok(error instanceof TokenhotError)
  assert.equal(error.name, 'AbortError')
  assert.equal(error.status, null)
  return true
}

const closed = (log) => log.length === 1 && log[0].outcome === 'client_closed'

describe('abort', { concurrency: true }, () => {
  it('an already-aborted signal rejects without any I/O', async () => {
    const { client, session } = await sessionClient(mock)
    const signal = AbortSignal.abort()
    await assert.rejects(client.chat.completions.create(BODY, { signal }), isAbort)
    await assert.rejects(client.chat.completions.create({ ...BODY, stream: true }, { signal }), isAbort)
    await assert.rejects(client.models.list({ signal }), isAbort)
    assert.deepEqual(await requests(mock, session), [])
  })

  it('aborts before the response head', async () => {
    const { client, session } = await sessionClient(mock)
    await script(mock, session, [{ delay_ms: 3000, json: completion() }])
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    const started = Date.now()
    await assert.rejects(client.chat.completions.create(BODY, { signal: controller.signal }), isAbort)
    assert.ok(Date.now() - started < 1500)
    await waitForLog(mock, session, closed)
  })

  it('aborts while the body is being read', async () => {
    const { client, session } = await sessionClient(mock)
    // A body sent in pieces with pauses: the head arrives, the rest is slow.
    await script(mock, session, [{ sse: [{ raw: '{"id":' }, { raw: '"x"}', delay_ms: 3000 }] }])
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 200)
    await assert.rejects(client.chat.completions.create(BODY, { signal: controller.signal }), isAbort)
    await waitForLog(mock, session, closed)
  })

  it('aborts during a retry backoff', async () => {
    const { client, session } = await sessionClient(mock)
    await script(mock, session, [
      { status: 429, headers: { 'retry-after': '30' }, json: { error: { message: 'slow' } } },
      { json: completion() },
    ])
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 200)
    const started = Date.now()
    const error = await client.chat.completions.create(BODY, { signal: controller.signal }).catch((e) => e)
    isAbort(error)
    assert.equal(error.attempts, 1)
    assert.ok(Date.now() - started < 1500)
    assert.equal((await requests(mock, session)).length, 1)
  })

  it('aborts a stream before its head', async () => {
    const { client, session } = await sessionClient(mock)
    await script(mock, session, [{ delay_ms: 3000, sse: [chunkFrame('a')] }])
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    await assert.rejects(client.chat.completions.create({ ...BODY, stream: true }, { signal: controller.signal }), isAbort)
    await waitForLog(mock, session, closed)
  })

  it('aborts a stream mid-body: iteration rejects and the connection closes', async () => {
    const { client, session } = await sessionClient(mock)
    await script(mock, session, [{ sse: [chunkFrame('a'), { ...chunkFrame('b'), delay_ms: 3000 }] }])
    const controller = new AbortController()
    const stream = await client.chat.completions.create({ ...BODY, stream: true }, { signal: controller.signal })
    const seen = []
    const error = await (async () => {
      try {
        for await (const chunk of stream) {
          seen.push(chunk.choices[0].delta.content)
          setTimeout(() => controller.abort(), 50)
        }
      } catch (e) {
        return e
      }
    })()
    isAbort(error)
    assert.deepEqual(seen, ['a'])
    await waitForLog(mock, session, closed)
  })

  it('removes its abort listener once the call settles', async () => {
    const { client, session } = await sessionClient(mock)
    const controller = new AbortController()
    const { signal } = controller
    await client.chat.completions.create(BODY, { signal })
    assert.equal(getEventListeners(signal, 'abort').length, 0)
    await script(mock, session, [{ status: 400, json: { error: { message: 'bad' } } }])
    await client.chat.completions.create(BODY, { signal }).catch(() => {})
    assert.equal(getEventListeners(signal, 'abort').length, 0)
    const stream = await client.chat.completions.create({ ...BODY, stream: true }, { signal })
    assert.equal(getEventListeners(signal, 'abort').length, 1, 'a stream keeps listening while open')
    for await (const _ of stream);
    assert.equal(getEventListeners(signal, 'abort').length, 0)
    const closedEarly = await client.chat.completions.create({ ...BODY, stream: true }, { signal })
    closedEarly.close()
    assert.equal(getEventListeners(signal, 'abort').length, 0)
    // A signal that fires after the call settled changes nothing.
    controller.abort()
  })

  it('one signal aborts many calls at once', async () => {
    const { client, session } = await sessionClient(mock)
    await script(mock, session, Array.from({ length: 5 }, () => ({ delay_ms: 3000, json: completion() })))
    const controller = new AbortController()
    const calls = Array.from({ length: 5 }, () => client.chat.completions.create(BODY, { signal: controller.signal }))
    setTimeout(() => controller.abort(), 100)
    const results = await Promise.allSettled(calls)
    assert.ok(results.every((r) => r.status === 'rejected' && r.reason instanceof APIUserAbortError))
  })
})
