// The conformance vectors (tests/vectors/README.md), every one, through the public
// Node API against the mock gateway. No skips: a case this runner cannot run fails.

import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'

import * as tokenhot from '../lib/index.mjs'
import { NODE_DIR, REPO_DIR, newSession, requests, script, startMock } from './helpers/mock.mjs'
import { subsetMismatch } from './helpers/subset.mjs'

const VECTORS_DIR = path.join(REPO_DIR, 'tests', 'vectors')
// The recorded streams `sse_fixture` names (tests/fixtures/README.md).
const STREAMS_DIR = path.join(REPO_DIR, 'tests', 'fixtures', 'streams')
const USER_AGENT = `tokenhot-node/${JSON.parse(readFileSync(path.join(NODE_DIR, 'package.json'), 'utf8')).version}`

// CONTRACT.md's hierarchy, written out so the runner checks it rather than trusts it.
const ANCESTORS = {
  TokenhotError: [],
  APIError: ['TokenhotError'],
  APIConnectionError: ['TokenhotError'],
  APITimeoutError: ['APIConnectionError', 'TokenhotError'],
  TaskFailedError: ['TokenhotError'],
  APIUserAbortError: ['TokenhotError'],
}
for (const name of [
  'BadRequestError', 'AuthenticationError', 'PermissionDeniedError', 'NotFoundError', 'ConflictError',
  'RequestTooLargeError', 'UnprocessableEntityError', 'RateLimitError', 'InternalServerError', 'StreamError',
]) {
  ANCESTORS[name] = ['APIError', 'TokenhotError']
}

function loadCases() {
  const files = readdirSync(VECTORS_DIR, { recursive: true })
    .filter((f) => f.endsWith('.json'))
    .sort()
  return files.map((file) => {
    const full = path.join(VECTORS_DIR, file)
    try {
      return { file, vector: JSON.parse(readFileSync(full, 'utf8')) }
    } catch (error) {
      return { file, loadError: error }
    }
  })
}

/** `sse_fixture` resolved to bytes, as the README says runners do. */
function resolveScript(answers = []) {
  return answers.map((answer) => {
    if (answer.sse_fixture === undefined) return answer
    const { sse_fixture: fixture, ...rest } = answer
    const bytes = readFileSync(path.join(STREAMS_DIR, fixture))
    return {
      ...rest,
      headers: { 'content-type': 'text/event-stream', ...(rest.headers || {}) },
      raw_base64: bytes.toString('base64'),
    }
  })
}

function buildClient(mock, spec = {}, session) {
  const options = {
    baseURL: mock.url + (spec.base_url_suffix ?? ''),
    apiKey: 'sk-vector-key',
    defaultHeaders: { ...(spec.default_headers || {}), 'x-mock-session': session },
  }
  if (spec.max_retries !== undefined) options.maxRetries = spec.max_retries
  if (spec.timeout_ms !== undefined) options.timeout = spec.timeout_ms
  if (spec.connect_timeout_ms !== undefined) options.connectTimeout = spec.connect_timeout_ms
  if (spec.stream_idle_timeout_ms !== undefined) options.streamIdleTimeout = spec.stream_idle_timeout_ms
  if (Object.hasOwn(spec, 'api_key')) options.apiKey = spec.api_key ?? undefined
  if (spec.api_key !== null) return new tokenhot.Tokenhot(options)
  // No key at all: the env fallback must not supply one. Construction is synchronous,
  // so no other case can observe the variable missing.
  const saved = process.env.TOKENHOT_API_KEY
  delete process.env.TOKENHOT_API_KEY
  try {
    return new tokenhot.Tokenhot(options)
  } finally {
    if (saved !== undefined) process.env.TOKENHOT_API_KEY = saved
  }
}

function callOptions(spec) {
  if (spec === undefined) return undefined
  const out = {}
  if (spec.timeout_ms !== undefined) out.timeout = spec.timeout_ms
  if (spec.connect_timeout_ms !== undefined) out.connectTimeout = spec.connect_timeout_ms
  if (spec.stream_idle_timeout_ms !== undefined) out.streamIdleTimeout = spec.stream_idle_timeout_ms
  if (spec.max_retries !== undefined) out.maxRetries = spec.max_retries
  if (spec.extra_headers !== undefined) out.headers = spec.extra_headers
  if (spec.extra_query !== undefined) out.query = spec.extra_query
  if (spec.extra_body !== undefined) out.body = spec.extra_body
  return out
}

function errorMismatch(expected, error, where) {
  if (error === undefined) return `${where}: expected an error, got none`
  const { class: cls, ...fields } = expected
  if (cls === 'InvalidArgumentError') {
    if (!(error instanceof TypeError || error instanceof RangeError)) {
      return `${where}: expected TypeError or RangeError, got ${error && error.constructor.name}: ${error && error.message}`
    }
  } else if (cls !== undefined) {
    const expectedClass = tokenhot[cls]
    if (!expectedClass) return `${where}: unknown class ${cls}`
    if (!error || error.constructor !== expectedClass) {
      return `${where}: expected ${cls}, got ${error && error.constructor.name}: ${error && error.message}`
    }
    for (const ancestor of ANCESTORS[cls] || []) {
      if (!(error instanceof tokenhot[ancestor])) return `${where}: ${cls} is not an instance of ${ancestor}`
    }
    if (!(error instanceof Error)) return `${where}: not an Error`
  }
  const actual = {
    status: error.status ?? null,
    code: error.code ?? null,
    type: error.type ?? null,
    param: error.param ?? null,
    request_id: error.requestId ?? null,
    attempts: error.attempts,
    body: error.body ?? null,
  }
  for (const [key, value] of Object.entries(fields)) {
    let m
    if (key === 'message_contains') {
      m = typeof error.message === 'string' && error.message.includes(value) ? null : `expected message containing ${JSON.stringify(value)}, got ${JSON.stringify(error.message)}`
    } else if (Object.hasOwn(actual, key)) {
      m = subsetMismatch(value, actual[key], key, { userAgent: USER_AGENT })
    } else {
      m = `unknown error field ${key}`
    }
    if (m) return `${where}: ${m} (${error.constructor.name}: ${error.message})`
  }
  return null
}

const STREAM_OPS = new Set(['chat.completions.stream', 'gemini.stream_generate_content', 'responses.stream'])
const RESPONSES_BY_ID = { 'responses.retrieve': 'retrieve', 'responses.cancel': 'cancel', 'responses.delete': 'delete' }

/** Opens the stream of a streamed op (`args.model` stays inside the body for Gemini). */
function openStream(client, call) {
  const body = { ...call.args, stream: true }
  if (call.op === 'gemini.stream_generate_content') return client.gemini.generateContent(body, callOptions(call.options))
  if (call.op === 'responses.stream') return client.responses.create(body, callOptions(call.options))
  return client.chat.completions.create(body, callOptions(call.options))
}

/** What the Gemini helpers give, in the canonical names of the README. */
function helpersOf(response, expected) {
  // Responses has one helper; the others are Gemini's.
  if ('output_text' in expected) return { output_text: response.output_text }
  return {
    text: response.text,
    thought_text: response.thoughtText,
    function_calls: response.functionCalls,
    images: response.images().map(({ data, mimeType }) => {
      assert.ok(Buffer.isBuffer(data), 'images() gives Buffers')
      return { mime_type: mimeType, size: data.length }
    }),
  }
}

function helpersMismatch(expected, response, where, ctx) {
  let actual
  try {
    actual = helpersOf(response, expected)
  } catch (e) {
    return `${where}: the helpers failed: ${e.constructor.name}: ${e.message}`
  }
  return subsetMismatch(expected, actual, where, ctx)
}

async function runStream(client, call) {
  const stream = await openStream(client, call)
  const chunks = []
  let error
  try {
    for await (const chunk of stream) chunks.push(chunk)
  } catch (e) {
    error = e
  }
  return { stream, chunks, error }
}

async function checkStream(expected, client, call) {
  const { stream, chunks, error } = await runStream(client, call)
  const ctx = { userAgent: USER_AGENT }
  if (expected.chunks !== undefined) {
    const m = subsetMismatch(expected.chunks, chunks, 'stream.chunks', ctx)
    if (m) return m
  }
  if (expected.chunk_count !== undefined && chunks.length !== expected.chunk_count) {
    return `stream: expected ${expected.chunk_count} chunks, got ${chunks.length}`
  }
  if (expected.error !== undefined) {
    const m = errorMismatch(expected.error, error, 'stream.error')
    if (m) return m
  } else if (error !== undefined) {
    return `stream: iteration failed: ${error.constructor.name}: ${error.message}`
  }
  const gemini = call.op === 'gemini.stream_generate_content' || call.op === 'responses.stream'
  const finalOf = () => (gemini ? stream.finalResponse() : stream.finalCompletion())
  if (expected.final !== undefined || expected.helpers !== undefined) {
    let final
    try {
      final = await finalOf()
    } catch (e) {
      return `stream.final: the final result failed: ${e.constructor.name}: ${e.message}`
    }
    if (expected.final !== undefined) {
      const m = subsetMismatch(expected.final, JSON.parse(JSON.stringify(final)), 'stream.final', ctx)
      if (m) return m
    }
    if (expected.helpers !== undefined) {
      const m = helpersMismatch(expected.helpers, final, 'stream.helpers', ctx)
      if (m) return m
    }
  }
  if (expected.final_error !== undefined) {
    let finalError
    try {
      await finalOf()
    } catch (e) {
      finalError = e
    }
    const m = errorMismatch(expected.final_error, finalError, 'stream.final_error')
    if (m) return m
  }
  return null
}

async function runCase(mock, vector) {
  const session = newSession(`vector-${vector.name}`)
  await script(mock, session, resolveScript(vector.script))
  const client = buildClient(mock, vector.client, session)
  const { call, expect } = vector
  const ctx = { userAgent: USER_AGENT }
  let mismatch = null

  if (expect.stream !== undefined) {
    if (!STREAM_OPS.has(call.op)) return `expect.stream needs a streamed op, not ${call.op}`
    mismatch = await checkStream(expect.stream, client, call)
  } else {
    let result, error
    try {
      if (call.op === 'chat.completions.create') {
        result = await client.chat.completions.create({ ...call.args }, callOptions(call.options))
      } else if (call.op === 'gemini.generate_content') {
        result = await client.gemini.generateContent({ ...call.args }, callOptions(call.options))
      } else if (STREAM_OPS.has(call.op)) {
        // Only the opening is under test here (expect.error): it must raise.
        const stream = await openStream(client, call)
        stream.close()
        result = stream
      } else if (call.op === 'responses.create') {
        result = await client.responses.create({ ...call.args }, callOptions(call.options))
      } else if (RESPONSES_BY_ID[call.op] !== undefined) {
        // `delete` resolves to undefined: compared as null, "nothing".
        result = (await client.responses[RESPONSES_BY_ID[call.op]](call.args.id, callOptions(call.options))) ?? null
      } else if (call.op === 'models.list') {
        result = await client.models.list(callOptions(call.options))
      } else {
        return `unknown op ${call.op}`
      }
    } catch (e) {
      error = e
    }
    if (expect.result !== undefined || expect.helpers !== undefined) {
      if (error !== undefined) return `expected a result, got ${error.constructor.name}: ${error.message}`
      if (expect.result !== undefined) {
        mismatch = subsetMismatch(expect.result, JSON.parse(JSON.stringify(result)), 'result', ctx)
      }
      if (!mismatch && expect.helpers !== undefined) {
        mismatch = helpersMismatch(expect.helpers, result, 'helpers', ctx)
      }
      if (!mismatch && expect.request_id !== undefined) {
        mismatch = subsetMismatch(expect.request_id, result._request_id, 'request_id', ctx)
      }
    } else if (expect.error !== undefined) {
      mismatch = errorMismatch(expect.error, error, 'error')
    } else {
      return 'expect has no outcome (result, helpers, stream or error)'
    }
  }
  if (mismatch) return mismatch

  if (expect.requests !== undefined) {
    const log = (await requests(mock, session)).map((r) => ({
      method: r.method,
      path: r.path,
      query: Object.fromEntries(new URLSearchParams(r.query)),
      headers: r.headers,
      body: r.body,
    }))
    return subsetMismatch(expect.requests, log, 'requests', ctx)
  }
  return null
}

const cases = loadCases()
let passed = 0
let failed = 0

describe('conformance vectors', { concurrency: 8 }, () => {
  let mock
  before(async () => {
    mock = await startMock()
  })
  after(async () => {
    await mock?.stop()
    console.log(`vectors: ${passed} passed, ${failed} failed`)
  })

  it('finds the vectors', () => {
    assert.ok(cases.length > 0, `no vectors under ${VECTORS_DIR}`)
  })

  for (const { file, vector, loadError } of cases) {
    it(file, async () => {
      let mismatch
      try {
        mismatch = loadError ? `does not parse: ${loadError.message}` : await runCase(mock, vector)
      } catch (error) {
        mismatch = `the runner failed: ${error && error.stack}`
      }
      if (mismatch) {
        failed++
        assert.fail(`${file}: ${mismatch}`)
      }
      passed++
    })
  }
})
