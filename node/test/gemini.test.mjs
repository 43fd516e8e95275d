// Gemini generateContent seen from Node: results and their helpers, the streamed
// form, abort, errors in Google's shape, bad input, imagePart and fetchImage.

import assert from 'node:assert/strict'
import { getEventListeners } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, before, describe, it } from 'node:test'

import {
  APIConnectionError, APIUserAbortError, AuthenticationError, RateLimitError, Stream, Tokenhot, TokenhotError,
  imagePart,
} from '../lib/index.mjs'
import { requests, script, sessionClient, startMock, waitForLog, TEST_KEY } from './helpers/mock.mjs'

/** A 1x1 PNG, the one the mock answers with. */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='
const PNG = Buffer.from(PNG_BASE64, 'base64')
const MODEL = 'gemini-3.1-pro-preview'
const THINKING = { thinking_config: { thinking_level: 'low' } }

let mock
before(async () => {
  mock = await startMock()
})
after(() => mock.stop())

/** A scripted response whose first candidate has these parts. */
function response(parts, extra = {}) {
  return {
    candidates: [{ content: { parts, role: 'model' }, index: 0, finishReason: 'STOP' }],
    modelVersion: MODEL,
    responseId: 'resp-1',
    ...extra,
  }
}

/** An SSE frame carrying one partial response. */
function frame(parts, extra = {}) {
  return { data: JSON.stringify(response(parts, extra)), ...(extra.delay_ms ? { delay_ms: extra.delay_ms } : {}) }
}

const closed = (log) => log.length === 1 && log[0].outcome === 'client_closed'

function isAbort(error) {
  assert.equal(error.constructor, APIUserAbortError)
  assert.equal(error.name, 'AbortError')
  return true
}

describe('generateContent', { concurrency: true }, () => {
  it('answers a plain string prompt with the wire object and its text', async () => {
    const { client, session } = await sessionClient(mock)
    const r = await client.gemini.generateContent({ model: MODEL, contents: 'Say hi' })
    assert.equal(Object.getPrototypeOf(r), Object.prototype)
    assert.deepEqual(Object.keys(r), ['candidates', 'usageMetadata', 'modelVersion', 'responseId'])
    assert.equal(r.text, 'chunk0 chunk1 chunk2')
    assert.equal(r.thoughtText, null)
    assert.deepEqual(r.functionCalls, [])
    assert.deepEqual(r.images(), [])
    assert.deepEqual(r.imageUrls(), [])
    assert.equal(r.usageMetadata.candidatesTokenCount, 3)
    assert.match(r._request_id, /^mock-req-/)
    for (const name of ['text', 'thoughtText', 'functionCalls', 'images', 'imageUrls', '_request_id']) {
      assert.equal(Object.getOwnPropertyDescriptor(r, name).enumerable, false, name)
    }
    const [request] = await requests(mock, session)
    assert.equal(request.path, `/v1beta/models/${MODEL}:generateContent`)
    assert.deepEqual(request.body, { contents: [{ role: 'user', parts: [{ text: 'Say hi' }] }] })
    assert.equal(request.headers.authorization, `Bearer ${TEST_KEY}`)
  })

  it('keeps the wire JSON: key order, unknown keys, JSON.stringify unchanged', async () => {
    const { client, session } = await sessionClient(mock)
    const wire = response([{ text: 'Hi', zeta: 1 }], { zUnknown: { a: [1, null] }, promptFeedback: { x: 1 } })
    await script(mock, session, [{ json: wire, headers: { 'x-request-id': 'req-g' } }])
    const r = await client.gemini.generateContent({ model: MODEL, contents: 'hi' })
    assert.equal(JSON.stringify(r), JSON.stringify(wire))
    assert.equal(r._request_id, 'req-g')
    assert.equal(r.text, 'Hi')
  })

  it('sends known snake_case keys as camelCase, never user data; drops model and stream', async () => {
    const { client, session } = await sessionClient(mock)
    const schema = { type: 'object', properties: { first_name: { type: 'string' } } }
    await client.gemini.generateContent({
      model: 'models/gemini-2.5-flash',
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
      system_instruction: 'Be brief',
      generation_config: { max_output_tokens: 10, response_mime_type: 'application/json', response_schema: schema },
      stream: false,
    })
    const [request] = await requests(mock, session)
    assert.equal(request.path, '/v1beta/models/gemini-2.5-flash:generateContent')
    assert.deepEqual(request.body.generationConfig, { maxOutputTokens: 10, responseMimeType: 'application/json', responseSchema: schema })
    assert.deepEqual(request.body.systemInstruction, { parts: [{ text: 'Be brief' }] })
    assert.equal(request.body.model, undefined)
    assert.equal(request.body.stream, undefined)
  })

  it('puts options on the wire and percent-encodes the model', async () => {
    const { client, session } = await sessionClient(mock)
    await client.gemini.generateContent(
      { model: 'tenant/custom:model v2', contents: 'hi' },
      { headers: { 'x-extra': 'e' }, query: { trace: 1 }, body: { safetySettings: [] }, timeout: 5000, maxRetries: 0 },
    ).catch(() => {})
    const [request] = await requests(mock, session)
    assert.equal(request.path, '/v1beta/models/tenant%2Fcustom%3Amodel%20v2:generateContent')
    assert.equal(request.headers['x-extra'], 'e')
    assert.deepEqual(Object.fromEntries(new URLSearchParams(request.query)), { trace: '1' })
    assert.deepEqual(request.body.safetySettings, [])
  })

  it('gives thoughts apart from the text', async () => {
    const { client } = await sessionClient(mock)
    const r = await client.gemini.generateContent({ model: MODEL, contents: 'hi', generation_config: THINKING })
    assert.equal(r.thoughtText, 'The user wants a short answer.')
    assert.equal(r.text, 'chunk0 chunk1 chunk2')
    assert.equal(r.candidates[0].content.parts[1].thoughtSignature, 'bW9jay10aG91Z2h0LXNpZ25hdHVyZQ==')
    assert.equal(r.usageMetadata.thoughtsTokenCount, 7)
  })

  it('decodes an image answer into a Buffer', async () => {
    const { client } = await sessionClient(mock)
    const r = await client.gemini.generateContent({
      model: 'gemini-2.5-flash-image',
      contents: 'draw',
      generationConfig: { responseModalities: ['TEXT', 'IMAGE'] },
    })
    const images = r.images()
    assert.equal(images.length, 1)
    assert.ok(Buffer.isBuffer(images[0].data))
    assert.deepEqual(images[0].data, PNG)
    assert.equal(images[0].mimeType, 'image/png')
    // The wire object still has the base64 text, untouched.
    assert.equal(r.candidates[0].content.parts.at(-1).inlineData.data, PNG_BASE64)
  })

  it('finds function calls and image links; a safety block has no text', async () => {
    const { client, session } = await sessionClient(mock)
    const call = { name: 'get_weather', args: { city_name: 'Paris' } }
    await script(mock, session, [
      { json: response([{ text: 'Calling' }, { functionCall: call }, { functionCall: { name: 'b', args: {} } }]) },
      { json: response([{ text: 'Here: ![img](https://cdn.example.com/a.png).' }]) },
      { json: { promptFeedback: { blockReason: 'SAFETY' }, modelVersion: MODEL } },
    ])
    const calls = await client.gemini.generateContent({ model: MODEL, contents: 'hi' })
    assert.deepEqual(calls.functionCalls, [call, { name: 'b', args: {} }])
    const link = await client.gemini.generateContent({ model: MODEL, contents: 'hi' })
    assert.deepEqual(link.imageUrls(), ['https://cdn.example.com/a.png'])
    const blocked = await client.gemini.generateContent({ model: MODEL, contents: 'hi' })
    assert.equal(blocked.text, null)
    assert.equal(blocked.thoughtText, null)
    assert.deepEqual(blocked.functionCalls, [])
    assert.deepEqual(blocked.images(), [])
    assert.equal(blocked.promptFeedback.blockReason, 'SAFETY')
  })

  it('raises an invalid inline image as an APIError from images()', async () => {
    const { client, session } = await sessionClient(mock)
    await script(mock, session, [{ json: response([{ inlineData: { mimeType: 'image/png', data: '%%%' } }]) }])
    const r = await client.gemini.generateContent({ model: MODEL, contents: 'hi' })
    assert.throws(() => r.images(), (e) => e instanceof TokenhotError && /base64/.test(e.message))
  })
})

describe('streamed generateContent', { concurrency: true }, () => {
  it('accumulates to the non-streamed answer', async () => {
    const { client } = await sessionClient(mock)
    const body = { model: MODEL, contents: 'hi', generationConfig: { responseModalities: ['TEXT', 'IMAGE'] } }
    const options = { headers: { 'x-mock-chunks': '40' } }
    const whole = await client.gemini.generateContent(body, options)
    const stream = await client.gemini.generateContent({ ...body, stream: true }, options)
    let chunks = 0
    for await (const _ of stream) chunks++
    assert.equal(chunks, 41)
    const final = await stream.finalResponse()
    assert.deepEqual(JSON.parse(JSON.stringify(final)), JSON.parse(JSON.stringify(whole)))
  })

  it('gives helpers on every chunk and on the final response', async () => {
    const { client } = await sessionClient(mock)
    const body = {
      model: MODEL,
      contents: 'hi',
      generation_config: { ...THINKING, response_modalities: ['TEXT', 'IMAGE'] },
    }
    const options = { headers: { 'x-mock-chunks': '6' } }
    const whole = await client.gemini.generateContent(body, options)
    const stream = await client.gemini.generateContent({ ...body, stream: true }, options)
    assert.ok(stream instanceof Stream)
    assert.match(stream.requestId, /^mock-req-/)
    assert.match(stream.headers['content-type'], /text\/event-stream/)
    let text = ''
    let thoughts = ''
    let images = 0
    let chunks = 0
    for await (const chunk of stream) {
      chunks++
      assert.equal(Object.getOwnPropertyDescriptor(chunk, 'text').enumerable, false)
      assert.ok(!JSON.stringify(chunk).includes('thoughtText'))
      text += chunk.text ?? ''
      thoughts += chunk.thoughtText ?? ''
      images += chunk.images().length
    }
    assert.equal(chunks, 8) // a thought, six words, an image
    assert.equal(text, whole.text)
    assert.equal(thoughts, whole.thoughtText)
    assert.equal(images, 1)
    const final = await stream.finalResponse()
    // The part with the thought signature stays whole (CONTRACT.md), so with thinking
    // on the parts differ from the non-streamed answer's; what they say does not.
    assert.equal(final.text, 'chunk0 chunk1 chunk2 chunk3 chunk4 chunk5')
    assert.equal(final.candidates[0].content.parts[1].thoughtSignature, 'bW9jay10aG91Z2h0LXNpZ25hdHVyZQ==')
    assert.deepEqual(final.usageMetadata, whole.usageMetadata)
    assert.equal(final.thoughtText, whole.thoughtText)
    assert.deepEqual(final.images(), whole.images())
    assert.equal(final._request_id, stream.requestId)
    // Asked again, the same answer.
    assert.equal((await stream.finalResponse()).text, final.text)
  })

  it('finalResponse() alone reads the whole stream', async () => {
    const { client } = await sessionClient(mock)
    const stream = await client.gemini.generateContent({ model: MODEL, contents: 'hi', stream: true })
    const final = await stream.finalResponse()
    assert.equal(final.text, 'chunk0 chunk1 chunk2')
    assert.equal(final.candidates[0].finishReason, 'STOP')
  })

  it('keeps function calls and thought signatures in the final response', async () => {
    const { client, session } = await sessionClient(mock)
    const call = { name: 'f', args: { a: 1 } }
    await script(mock, session, [{
      sse: [
        frame([{ text: 'plan', thought: true }]),
        frame([{ functionCall: call, thoughtSignature: 'c2ln' }]),
      ],
    }])
    const stream = await client.gemini.generateContent({ model: MODEL, contents: 'hi', stream: true })
    const seen = []
    for await (const chunk of stream) seen.push(chunk.functionCalls)
    assert.deepEqual(seen, [[], [call]])
    const final = await stream.finalResponse()
    assert.deepEqual(final.functionCalls, [call])
    assert.equal(final.candidates[0].content.parts[1].thoughtSignature, 'c2ln')
  })

  it('break closes the connection', async () => {
    const { client, session } = await sessionClient(mock)
    await script(mock, session, [{ sse: [frame([{ text: 'a' }]), { ...frame([{ text: 'b' }]), delay_ms: 3000 }] }])
    const stream = await client.gemini.generateContent({ model: MODEL, contents: 'hi', stream: true })
    for await (const chunk of stream) {
      assert.equal(chunk.text, 'a')
      break
    }
    await waitForLog(mock, session, closed)
    await assert.rejects(stream.finalResponse(), (e) => e instanceof TokenhotError && /closed/.test(e.message))
  })

  it('a lone surrogate (half an emoji) does not break the stream', async () => {
    const { client, session } = await sessionClient(mock)
    const frames = [response([{ text: 'a\ud83d' }]), response([{ text: 'b' }])]
    await script(mock, session, [{ sse: frames.map((f) => ({ data: JSON.stringify(f) })) }])
    const stream = await client.gemini.generateContent({ model: MODEL, contents: 'hi', stream: true })
    const chunks = []
    for await (const chunk of stream) chunks.push(chunk)
    // The chunk's own data keeps the half, as JSON.parse does; the helpers are core's,
    // where it is U+FFFD.
    assert.deepEqual(chunks.map((c) => c.candidates[0].content.parts[0].text), ['a\ud83d', 'b'])
    assert.deepEqual(chunks.map((c) => c.text), ['a\ufffd', 'b'])
    assert.deepEqual(chunks[0].images(), [])
    assert.deepEqual(chunks[0].imageUrls(), [])
    assert.equal((await stream.finalResponse()).text, 'a\ufffdb')
  })

  it('a cut stream is an APIConnectionError', async () => {
    const { client, session } = await sessionClient(mock)
    const body = `data: ${JSON.stringify(response([{ text: 'a' }]))}\n\ndata: {"cand`
    await script(mock, session, [{
      headers: { 'content-type': 'text/event-stream' },
      text: body,
      drop: 'after_bytes',
      drop_after_bytes: Buffer.byteLength(body),
    }])
    const stream = await client.gemini.generateContent({ model: MODEL, contents: 'hi', stream: true }, { maxRetries: 0 })
    const texts = []
    const error = await (async () => {
      try {
        for await (const chunk of stream) texts.push(chunk.text)
      } catch (e) {
        return e
      }
    })()
    assert.deepEqual(texts, ['a'])
    assert.ok(error instanceof APIConnectionError, `${error}`)
  })
})

describe('gemini abort', { concurrency: true }, () => {
  it('an already-aborted signal sends nothing', async () => {
    const { client, session } = await sessionClient(mock)
    const signal = AbortSignal.abort()
    await assert.rejects(client.gemini.generateContent({ model: MODEL, contents: 'hi' }, { signal }), isAbort)
    await assert.rejects(client.gemini.generateContent({ model: MODEL, contents: 'hi', stream: true }, { signal }), isAbort)
    await assert.rejects(client.gemini.fetchImage(`${mock.url}/a.png`, { signal }), isAbort)
    assert.deepEqual(await requests(mock, session), [])
  })

  it('aborts before the head', async () => {
    const { client, session } = await sessionClient(mock)
    await script(mock, session, [{ delay_ms: 3000, json: response([{ text: 'late' }]) }])
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    await assert.rejects(client.gemini.generateContent({ model: MODEL, contents: 'hi' }, { signal: controller.signal }), isAbort)
    await waitForLog(mock, session, closed)
  })

  it('aborts mid-stream: iteration rejects, the mock sees the client close', async () => {
    const { client, session } = await sessionClient(mock)
    await script(mock, session, [{ sse: [frame([{ text: 'a' }]), { ...frame([{ text: 'b' }]), delay_ms: 3000 }] }])
    const controller = new AbortController()
    const { signal } = controller
    const stream = await client.gemini.generateContent({ model: MODEL, contents: 'hi', stream: true }, { signal })
    assert.equal(getEventListeners(signal, 'abort').length, 1)
    const seen = []
    const error = await (async () => {
      try {
        for await (const chunk of stream) {
          seen.push(chunk.text)
          setTimeout(() => controller.abort(), 50)
        }
      } catch (e) {
        return e
      }
    })()
    isAbort(error)
    assert.deepEqual(seen, ['a'])
    assert.equal(getEventListeners(signal, 'abort').length, 0)
    await waitForLog(mock, session, closed)
  })
})

describe('gemini errors', { concurrency: true }, () => {
  const exhausted = { error: { code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED' } }

  it("Google's 429 is a RateLimitError with a numeric code", async () => {
    const { client, session } = await sessionClient(mock)
    await script(mock, session, [{ status: 429, json: exhausted, headers: { 'x-request-id': 'req-429' } }])
    const error = await client.gemini.generateContent({ model: MODEL, contents: 'hi' }, { maxRetries: 0 }).catch((e) => e)
    assert.equal(error.constructor, RateLimitError)
    assert.equal(error.status, 429)
    assert.equal(error.code, 429)
    assert.equal(error.type, 'RESOURCE_EXHAUSTED')
    assert.match(error.message, /exhausted/)
    assert.equal(error.requestId, 'req-429')
    assert.deepEqual(error.body, exhausted)
  })

  it('a 429 is retried, then answered', async () => {
    const { client, session } = await sessionClient(mock)
    await script(mock, session, [{ status: 429, headers: { 'retry-after-ms': '10' }, json: exhausted }])
    const r = await client.gemini.generateContent({ model: MODEL, contents: 'hi' }, { maxRetries: 1 })
    assert.equal(r.text, 'chunk0 chunk1 chunk2')
    assert.equal((await requests(mock, session)).length, 2)
  })

  it('the streamed call raises an HTTP error when it opens', async () => {
    const { client, session } = await sessionClient(mock)
    await script(mock, session, [{ status: 429, json: exhausted }])
    const error = await client.gemini.generateContent({ model: MODEL, contents: 'hi', stream: true }, { maxRetries: 0 }).catch((e) => e)
    assert.equal(error.constructor, RateLimitError)
    assert.equal(error.code, 429)
  })
})

describe('bad gemini arguments', { concurrency: true }, () => {
  const cyclic = { model: MODEL, contents: 'hi' }
  cyclic.self = cyclic
  const cases = [
    ['no body', undefined, {}, TypeError, /plain object/],
    ['missing model', { contents: 'hi' }, {}, TypeError, /model is required/],
    ['empty model', { model: '', contents: 'hi' }, {}, TypeError, /model/],
    ['a models/ prefix alone', { model: 'models/', contents: 'hi' }, {}, TypeError, /model/],
    ['a numeric model', { model: 3, contents: 'hi' }, {}, TypeError, /model/],
    ['missing contents', { model: MODEL }, {}, TypeError, /contents/],
    ['contents of the wrong type', { model: MODEL, contents: 5 }, {}, TypeError, /contents/],
    ['both spellings of a key', { model: MODEL, contents: 'hi', system_instruction: 'a', systemInstruction: 'b' }, {}, TypeError, /both spellings/],
    ['stream not a boolean', { model: MODEL, contents: 'hi', stream: 1 }, {}, TypeError, /stream/],
    ['a BigInt in the body', { model: MODEL, contents: 'hi', generationConfig: { seed: 1n } }, {}, TypeError, /body\.generationConfig\.seed is a BigInt/],
    ['a function in the body', { model: MODEL, contents: [{ parts: [{ text: () => 1 }] }] }, {}, TypeError, /body\.contents\[0\]\.parts\[0\]\.text is a function/],
    ['a cycle', cyclic, {}, TypeError, /body(\.self)+ refers back/], // the stream: true copy has one level more
    ['a negative timeout', { model: MODEL, contents: 'hi' }, { timeout: -1 }, RangeError, /timeout/],
  ]
  for (const [label, body, options, cls, pattern] of cases) {
    it(`${label}: ${cls.name}, nothing sent`, async () => {
      const { client, session } = await sessionClient(mock)
      for (const stream of [false, true]) {
        const withStream = body && typeof body === 'object' && !Object.hasOwn(body, 'stream') && stream ? { ...body, stream } : body
        const error = await client.gemini.generateContent(withStream, { ...options }).then(() => assert.fail('resolved'), (e) => e)
        assert.equal(error.constructor, cls, `${error.constructor.name}: ${error.message}`)
        assert.match(error.message, pattern)
      }
      assert.deepEqual(await requests(mock, session), [])
    })
  }

  it('generateContent returns a promise even for bad input', async () => {
    const { client } = await sessionClient(mock)
    const pending = client.gemini.generateContent({ contents: 'hi' })
    assert.ok(pending instanceof Promise)
    await assert.rejects(pending, TypeError)
  })
})

describe('imagePart', () => {
  let dir
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'tokenhot-image-'))
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('builds an inlineData part from a file, a Buffer, a Uint8Array and an ArrayBuffer', () => {
    const file = path.join(dir, 'pixel.png')
    writeFileSync(file, PNG)
    const expected = { inlineData: { mimeType: 'image/png', data: PNG_BASE64 } }
    assert.deepEqual(imagePart(file), expected)
    assert.deepEqual(imagePart(pathToFileURL(file)), expected)
    assert.deepEqual(imagePart(PNG), expected)
    assert.deepEqual(imagePart(new Uint8Array(PNG)), expected)
    const copy = new Uint8Array(PNG)
    assert.deepEqual(imagePart(copy.buffer), expected)
    // A view into part of a larger buffer sends only its own bytes.
    const padded = Buffer.concat([Buffer.from('xx'), PNG, Buffer.from('yy')])
    assert.deepEqual(imagePart(padded.subarray(2, 2 + PNG.length)), expected)
  })

  it('takes the MIME type from the argument, the extension or the bytes', () => {
    const jpeg = path.join(dir, 'photo.JPG')
    writeFileSync(jpeg, Buffer.from('not really a jpeg'))
    assert.equal(imagePart(jpeg).inlineData.mimeType, 'image/jpeg')
    assert.equal(imagePart(Buffer.from('raw'), 'image/webp').inlineData.mimeType, 'image/webp')
    assert.equal(imagePart(Buffer.from([0xff, 0xd8, 0xff, 0xe0])).inlineData.mimeType, 'image/jpeg')
    assert.equal(imagePart(PNG, 'image/x-custom').inlineData.mimeType, 'image/x-custom')
  })

  it('rejects what it cannot use with a TypeError', () => {
    assert.throws(() => imagePart(Buffer.from('plain text')), (e) => e instanceof TypeError && /mime_type/.test(e.message))
    assert.throws(() => imagePart(path.join(dir, 'missing.png')), (e) => e instanceof TypeError && /missing\.png/.test(e.message))
    assert.throws(() => imagePart(42), TypeError)
    assert.throws(() => imagePart(''), TypeError)
    assert.throws(() => imagePart(PNG, 5), /mimeType/)
  })

  it('goes out as sent, in either spelling of the part', async () => {
    const { client, session } = await sessionClient(mock)
    const part = imagePart(PNG)
    await client.gemini.generateContent({ model: MODEL, contents: [{ role: 'user', parts: [{ text: 'What is this?' }, part] }] })
    await client.gemini.generateContent({
      model: MODEL,
      contents: [{ role: 'user', parts: [{ inline_data: { mime_type: 'image/png', data: PNG_BASE64 } }] }],
    })
    const [first, second] = await requests(mock, session)
    assert.deepEqual(first.body.contents[0].parts[1], part)
    assert.deepEqual(second.body.contents[0].parts[0], part)
  })
})

describe('fetchImage', () => {
  // fetchImage sends no session header, so these mocks serve this block alone.
  let gateway, elsewhere
  before(async () => {
    ;[gateway, elsewhere] = await Promise.all([startMock(), startMock()])
  })
  after(() => Promise.all([gateway?.stop(), elsewhere?.stop()]))

  const png = [{ headers: { 'content-type': 'image/png' }, raw_base64: PNG_BASE64 }]
  const client = () => new Tokenhot({ apiKey: 'sk-gateway', baseURL: gateway.url })

  it('downloads from the gateway with the key, and sends no key elsewhere', async () => {
    await script(gateway, '', png)
    const image = await client().gemini.fetchImage(`${gateway.url}/files/a.png`)
    assert.ok(Buffer.isBuffer(image.data))
    assert.deepEqual(image.data, PNG)
    assert.equal(image.mimeType, 'image/png')
    const [toGateway] = await requests(gateway, '')
    assert.equal(toGateway.method, 'GET')
    assert.equal(toGateway.headers.authorization, 'Bearer sk-gateway')

    await script(elsewhere, '', png)
    // The other host wants a key like any gateway, and gets none.
    const error = await client().gemini.fetchImage(new URL(`${elsewhere.url}/b.png`)).catch((e) => e)
    assert.equal(error.constructor, AuthenticationError)
    assert.equal(error.status, 401)
    const [toElsewhere] = await requests(elsewhere, '')
    assert.equal(toElsewhere.headers.authorization, undefined)
  })

  it('bounds the size', async () => {
    await script(gateway, '', png)
    const error = await client().gemini.fetchImage(`${gateway.url}/c.png`, { maxBytes: 10 }).catch((e) => e)
    assert.ok(error instanceof TokenhotError)
    assert.match(error.message, /larger than/)
  })

  it('bounds the time and can be aborted', async () => {
    await script(gateway, '', [{ delay_ms: 3000, ...png[0] }, { delay_ms: 3000, ...png[0] }])
    const started = Date.now()
    const late = await client().gemini.fetchImage(`${gateway.url}/d.png`, { timeout: 100 }).catch((e) => e)
    assert.ok(late instanceof APIConnectionError && /timed out/.test(late.message), `${late}`)
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    await assert.rejects(client().gemini.fetchImage(`${gateway.url}/e.png`, { signal: controller.signal }), isAbort)
    assert.ok(Date.now() - started < 2500)
  })

  it('rejects bad arguments before any request', async () => {
    await assert.rejects(client().gemini.fetchImage('file:///etc/passwd'), TypeError)
    await assert.rejects(client().gemini.fetchImage('not a url'), TypeError)
    await assert.rejects(client().gemini.fetchImage(42), TypeError)
    await assert.rejects(client().gemini.fetchImage(`${gateway.url}/a.png`, { maxBytes: 0 }), RangeError)
    await assert.rejects(client().gemini.fetchImage(`${gateway.url}/a.png`, { maxBytes: 1.5 }), RangeError)
    await assert.rejects(client().gemini.fetchImage(`${gateway.url}/a.png`, { maxBytes: '10' }), TypeError)
  })
})
