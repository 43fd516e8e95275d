// Bad input rejects with TypeError/RangeError naming the field, before any request.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'

import { Tokenhot } from '../lib/index.mjs'
import { MESSAGES, requests, sessionClient, startMock } from './helpers/mock.mjs'

let mock
before(async () => {
  mock = await startMock()
})
after(() => mock.stop())

const cyclic = { model: 'gpt-test', messages: MESSAGES }
cyclic.self = cyclic

describe('bad call arguments', { concurrency: true }, () => {
  const cases = [
    ['no body', undefined, {}, TypeError, /plain object/],
    ['an array body', [], {}, TypeError, /plain object/],
    ['missing model', { messages: MESSAGES }, {}, TypeError, /model is required/],
    ['empty model', { model: '', messages: MESSAGES }, {}, TypeError, /model/],
    ['a numeric model', { model: 5, messages: MESSAGES }, {}, TypeError, /model/],
    ['missing messages', { model: 'm' }, {}, TypeError, /messages is required/],
    ['messages not an array', { model: 'm', messages: 'hi' }, {}, TypeError, /messages must be an array/],
    ['stream not a boolean', { model: 'm', messages: MESSAGES, stream: 'yes' }, {}, TypeError, /stream/],
    ['a BigInt in the body', { model: 'm', messages: MESSAGES, seed: 5n }, {}, TypeError, /body\.seed is a BigInt/],
    ['a deep BigInt', { model: 'm', messages: [{ role: 'user', content: [{ n: 1n }] }] }, {}, TypeError, /body\.messages\[0\]\.content\[0\]\.n/],
    ['a function in the body', { model: 'm', messages: MESSAGES, tools: [{ fn: () => 1 }] }, {}, TypeError, /body\.tools\[0\]\.fn is a function/],
    ['a symbol in the body', { model: 'm', messages: MESSAGES, user: Symbol('u') }, {}, TypeError, /body\.user is a symbol/],
    ['a Map in the body', { model: 'm', messages: MESSAGES, metadata: new Map() }, {}, TypeError, /body\.metadata is a Map/],
    ['a cycle in the body', cyclic, {}, TypeError, /body\.self refers back/],
    ['a negative timeout', { model: 'm', messages: MESSAGES }, { timeout: -1 }, RangeError, /timeout/],
    ['a zero timeout', { model: 'm', messages: MESSAGES }, { timeout: 0 }, RangeError, /timeout/],
    ['a NaN timeout', { model: 'm', messages: MESSAGES }, { timeout: NaN }, RangeError, /timeout/],
    ['an infinite idle timeout', { model: 'm', messages: MESSAGES }, { streamIdleTimeout: Infinity }, RangeError, /streamIdleTimeout/],
    ['a string connect timeout', { model: 'm', messages: MESSAGES }, { connectTimeout: '10' }, TypeError, /connectTimeout/],
    ['negative maxRetries', { model: 'm', messages: MESSAGES }, { maxRetries: -1 }, RangeError, /maxRetries/],
    ['fractional maxRetries', { model: 'm', messages: MESSAGES }, { maxRetries: 1.5 }, RangeError, /maxRetries/],
    ['a BigInt in options.body', { model: 'm', messages: MESSAGES }, { body: { x: 1n } }, TypeError, /options\.body\.x is a BigInt/],
    ['an object header value', { model: 'm', messages: MESSAGES }, { headers: { 'x-a': {} } }, TypeError, /headers/],
    ['a signal that is not one', { model: 'm', messages: MESSAGES }, { signal: {} }, TypeError, /signal/],
    ['a bad header name', { model: 'm', messages: MESSAGES }, { headers: { 'bad header': 'v' } }, TypeError, /bad header/],
  ]
  for (const [label, body, options, cls, pattern] of cases) {
    it(`${label}: ${cls.name}, nothing sent`, async () => {
      const { client, session } = await sessionClient(mock)
      const error = await client.chat.completions.create(body, { ...options }).then(() => assert.fail('resolved'), (e) => e)
      assert.equal(error.constructor, cls, `${error.constructor.name}: ${error.message}`)
      assert.match(error.message, pattern)
      assert.deepEqual(await requests(mock, session), [])
    })
  }

  it('create returns a promise even for bad input (never throws synchronously)', async () => {
    const { client } = await sessionClient(mock)
    const pending = client.chat.completions.create({ model: 'm' })
    assert.ok(pending instanceof Promise)
    await assert.rejects(pending, TypeError)
  })
})

describe('bad client options', () => {
  const cases = [
    [{ timeout: -5 }, RangeError, /timeout/],
    [{ connectTimeout: Infinity }, RangeError, /connectTimeout/],
    [{ maxRetries: -1 }, RangeError, /maxRetries/],
    [{ apiKey: 42 }, TypeError, /apiKey/],
    [{ baseURL: 'ftp://example.com' }, TypeError, /base_url|baseURL/],
    [{ baseURL: 'not a url' }, TypeError, /base_url|baseURL/],
    [{ defaultHeaders: { 'bad name': 'x' } }, TypeError, /bad name/],
  ]
  for (const [options, cls, pattern] of cases) {
    it(`${JSON.stringify(options)}: ${cls.name}`, () => {
      assert.throws(() => new Tokenhot({ apiKey: 'k', ...options }), (e) => e.constructor === cls && pattern.test(e.message))
    })
  }
})
