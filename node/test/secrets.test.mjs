// The key never shows: not in util.inspect, JSON.stringify or String of a client, a
// result, a stream or any error (status, connection, timeout, a failed stream), nor in
// an error's stack. CI runs the whole suite with a random canary key (TOKENHOT_TEST_KEY,
// scripts/test.sh) and TOKENHOT_LOG=debug, and fails if the canary appears in its output.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { inspect } from 'node:util'

import * as tokenhot from '../lib/index.mjs'
import { MESSAGES, TEST_KEY as KEY, chunkFrame, completion, finishFrame, script, sessionClient, startMock } from './helpers/mock.mjs'

const BODY = { model: 'gpt-test', messages: MESSAGES }

let mock
before(async () => {
  mock = await startMock()
})
after(() => mock.stop())

/** Everything a user would see when logging, serialising or throwing these values. */
function shown(...values) {
  return values
    .flatMap((v) => {
      let json
      try {
        json = JSON.stringify(v)
      } catch {
        json = ''
      }
      return [inspect(v, { showHidden: true, depth: 6, getters: true }), json, String(v), v?.stack ?? '']
    })
    .join('\n')
}

// Say which kind of leak it was, never the key itself (the output is grepped for it).
function assertHidden(text, what) {
  assert.ok(!text.includes(KEY), `the api key appears in ${what}`)
  assert.ok(!text.includes(KEY.slice(-8)), `a tail of the api key appears in ${what}`)
}

describe('the api key never shows', { concurrency: true }, () => {
  it('in a client, a result and a stream', async () => {
    const { client, session } = await sessionClient(mock, { apiKey: KEY })
    await script(mock, session, [{ json: completion() }, { sse: [chunkFrame('Hi'), finishFrame(), { data: '[DONE]' }] }])
    const result = await client.chat.completions.create(BODY)
    const stream = await client.chat.completions.create({ ...BODY, stream: true })
    const chunks = []
    for await (const chunk of stream) chunks.push(chunk)
    assertHidden(shown(client, client.chat.completions, result, stream, ...chunks), 'a client, result or stream')
  })

  it('in status errors', async () => {
    const { client, session } = await sessionClient(mock, { apiKey: KEY, maxRetries: 0 })
    const statuses = [400, 401, 403, 404, 429, 500]
    await script(mock, session, statuses.map((status) => ({ status, json: { error: { message: `status ${status}` } } })))
    for (const status of statuses) {
      const error = await client.chat.completions.create(BODY).catch((e) => e)
      assert.ok(error instanceof tokenhot.APIError, String(error))
      assert.equal(error.status, status)
      assertHidden(shown(error), `a ${status} error`)
    }
  })

  it('in a failed stream and its error', async () => {
    const { client, session } = await sessionClient(mock, { apiKey: KEY, maxRetries: 0 })
    await script(mock, session, [{ sse: [chunkFrame('Hi'), chunkFrame(' there')], drop: 'after_bytes', drop_after_bytes: 60 }])
    const stream = await client.chat.completions.create({ ...BODY, stream: true })
    const error = await (async () => {
      for await (const _ of stream);
    })().catch((e) => e)
    assert.ok(error instanceof tokenhot.APIConnectionError, String(error))
    assertHidden(shown(error, stream), 'a failed stream')
  })

  it('in connection and timeout errors', async () => {
    const refused = new tokenhot.Tokenhot({ apiKey: KEY, baseURL: 'http://127.0.0.1:9', maxRetries: 0 })
    const refusedError = await refused.chat.completions.create(BODY).catch((e) => e)
    assert.ok(refusedError instanceof tokenhot.APIConnectionError, String(refusedError))
    const { client, session } = await sessionClient(mock, { apiKey: KEY, maxRetries: 0, timeout: 150 })
    await script(mock, session, [{ delay_ms: 2000, json: completion() }])
    const timeoutError = await client.chat.completions.create(BODY).catch((e) => e)
    assert.ok(timeoutError instanceof tokenhot.APITimeoutError, String(timeoutError))
    assertHidden(shown(refused, refusedError, client, timeoutError), 'a connection or timeout error')
  })
})
