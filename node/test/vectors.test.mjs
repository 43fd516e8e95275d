// The conformance vectors (tests/vectors/README.md), every one, through the public
// Node API against the mock gateway. No skips: a case this runner cannot run fails.

import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'

import * as tokenhot from '../lib/index.mjs'
import { NODE_DIR, REPO_DIR, newSession, requests, script, startMock } from './helpers/mock.mjs'
import { subsetMismatch } from './helpers/subset.mjs'
import { VIDEO_OPS, VideoCall, taskView } from './helpers/vector_videos.mjs'

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

// The files the images vectors upload (README, Images).
const IMAGE_FILES = path.join(VECTORS_DIR, 'images', 'files')

/** `$MOCK_URL` and `$FILE_BASE64:NAME` in script strings. */
function placeholders(value, mockUrl) {
  if (typeof value === 'string') {
    if (value.startsWith('$FILE_BASE64:')) return readFileSync(path.join(IMAGE_FILES, value.slice(13))).toString('base64')
    return value.replaceAll('$MOCK_URL', mockUrl)
  }
  if (Array.isArray(value)) return value.map((v) => placeholders(v, mockUrl))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, placeholders(v, mockUrl)]))
  }
  return value
}

/** A vector's file spec as the Node API takes it. */
function fileSpec(spec) {
  if (Array.isArray(spec)) return spec.map(fileSpec)
  if (spec.$file !== undefined) return path.join(IMAGE_FILES, spec.$file)
  if (spec.$bytes !== undefined) return readFileSync(path.join(IMAGE_FILES, spec.$bytes))
  if (spec.$directory !== undefined) return IMAGE_FILES
  if (spec.$named !== undefined) {
    const [filename, data, mimeType] = spec.$named
    return { filename, data: fileSpec(data), ...(mimeType !== undefined ? { mimeType } : {}) }
  }
  throw new Error(`not a file spec: ${JSON.stringify(spec)}`)
}

function withFiles(args) {
  const out = { ...args }
  for (const key of ['image', 'mask']) if (out[key] !== undefined) out[key] = fileSpec(out[key])
  return out
}

function pngSize(data) {
  if (data.length >= 24 && data[0] === 0x89 && data.toString('latin1', 1, 4) === 'PNG') {
    return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) }
  }
  return { width: null, height: null }
}

function filesUnder(root) {
  return readdirSync(root, { recursive: true })
    .filter((f) => statSync(path.join(root, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort()
}

/** `images.save` / `images.fetch`: generate, then act on the result (README, Images). */
async function checkOutput(expect, client, call) {
  const ctx = { userAgent: USER_AGENT }
  const generated = await client.images.generate({ ...call.args }, callOptions(call.options))
  const spec = call.save ?? {}
  const target = spec.item === undefined ? generated : generated.data[spec.item]
  const root = mkdtempSync(path.join(os.tmpdir(), 'tokenhot-vector-'))
  try {
    let actual, error
    try {
      if (call.op === 'images.fetch') {
        const { data, mimeType } = await client.images.fetch(target)
        actual = { fetched: { mime_type: mimeType, size: data.length, ...pngSize(data) } }
      } else {
        const paths = await client.images.save(target, path.join(root, spec.path))
        const saved = paths.map((p) => {
          if (typeof p !== 'string') throw new Error(`save resolved to ${p}, not a string`)
          return { path: path.relative(root, p).split(path.sep).join('/'), ...pngSize(readFileSync(p)) }
        })
        actual = { saved }
      }
    } catch (e) {
      error = e
    }
    for (const key of ['saved', 'fetched']) {
      if (expect[key] === undefined) continue
      if (error !== undefined) return `expected ${key}, got ${error.constructor.name}: ${error.message}`
      const m = subsetMismatch(expect[key], actual[key], key, ctx)
      if (m) return m
    }
    if (expect.error !== undefined) {
      const m = errorMismatch(expect.error, error, 'error')
      if (m) return m
    }
    if (expect.files !== undefined) return subsetMismatch(expect.files, filesUnder(root), 'files', ctx)
    return null
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

/** `sse_fixture` resolved to bytes, as the README says runners do. */
function resolveScript(answers = [], mockUrl = '') {
  answers = placeholders(answers, mockUrl)
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
    task: error.task == null ? null : taskView(error.task),
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

const MESSAGES_OPS = new Set(['messages.create', 'messages.stream'])
const STREAM_OPS = new Set(['chat.completions.stream', 'gemini.stream_generate_content', 'messages.stream', 'images.generate_stream', 'images.edit_stream', 'responses.stream'])
const RESPONSES_BY_ID = { 'responses.retrieve': 'retrieve', 'responses.cancel': 'cancel', 'responses.delete': 'delete' }

/** Opens the stream of a streamed op (`args.model` stays inside the body for Gemini). */
function openStream(client, call) {
  const body = { ...call.args, stream: true }
  if (call.op === 'gemini.stream_generate_content') return client.gemini.generateContent(body, callOptions(call.options))
  if (call.op === 'messages.stream') return client.messages.create(body, callOptions(call.options))
  if (call.op === 'images.generate_stream') return client.images.generate(body, callOptions(call.options))
  if (call.op === 'images.edit_stream') return client.images.edit(withFiles(body), callOptions(call.options))
  if (call.op === 'responses.stream') return client.responses.create(body, callOptions(call.options))
  return client.chat.completions.create(body, callOptions(call.options))
}

/** What the Gemini helpers give, in the canonical names of the README. */
function helpersOf(response, op, expected) {
  // Messages has one helper: `text`, a non-enumerable property.
  // Responses has one helper, `output_text`; Gemini the rest.
  if ('output_text' in expected) return { output_text: response.output_text }
  if (MESSAGES_OPS.has(op)) {
    assert.ok(!Object.keys(response).includes('text'), 'text is non-enumerable')
    return { text: response.text }
  }
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

function helpersMismatch(expected, response, where, ctx, op) {
  let actual
  try {
    actual = helpersOf(response, op, expected)
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
  const gemini = call.op === 'gemini.stream_generate_content' || call.op.startsWith('images.') || call.op === 'responses.stream'
  const finalOf = () =>
    gemini ? stream.finalResponse() : MESSAGES_OPS.has(call.op) ? stream.finalMessage() : stream.finalCompletion()
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
      const m = helpersMismatch(expected.helpers, final, 'stream.helpers', ctx, call.op)
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
  const video = new VideoCall()
  try {
    return await runCaseWith(mock, vector, video)
  } finally {
    video.close()
  }
}

async function runCaseWith(mock, vector, video) {
  const session = newSession(`vector-${vector.name}`)
  await script(mock, session, resolveScript(vector.script, mock.url))
  const client = buildClient(mock, vector.client, session)
  const { call, expect } = vector
  const ctx = { userAgent: USER_AGENT }
  let mismatch = null

  if (call.op === 'images.save' || call.op === 'images.fetch') {
    mismatch = await checkOutput(expect, client, call)
  } else if (expect.stream !== undefined) {
    if (!STREAM_OPS.has(call.op)) return `expect.stream needs a streamed op, not ${call.op}`
    mismatch = await checkStream(expect.stream, client, call)
  } else {
    let result, error
    try {
      if (call.op === 'chat.completions.create') {
        result = await client.chat.completions.create({ ...call.args }, callOptions(call.options))
      } else if (call.op === 'gemini.generate_content') {
        result = await client.gemini.generateContent({ ...call.args }, callOptions(call.options))
      } else if (call.op === 'messages.create') {
        result = await client.messages.create({ ...call.args }, callOptions(call.options))
      } else if (call.op === 'messages.count_tokens') {
        result = await client.messages.countTokens({ ...call.args }, callOptions(call.options))
      } else if (STREAM_OPS.has(call.op)) {
        // Only the opening is under test here (expect.error): it must raise.
        const stream = await openStream(client, call)
        stream.close()
        result = stream
      } else if (call.op === 'images.generate') {
        result = await client.images.generate({ ...call.args }, callOptions(call.options))
      } else if (call.op === 'images.edit') {
        result = await client.images.edit(withFiles(call.args), callOptions(call.options))
      } else if (call.op === 'responses.create') {
        result = await client.responses.create({ ...call.args }, callOptions(call.options))
      } else if (RESPONSES_BY_ID[call.op] !== undefined) {
        // `delete` resolves to undefined: compared as null, "nothing".
        result = (await client.responses[RESPONSES_BY_ID[call.op]](call.args.id, callOptions(call.options))) ?? null
      } else if (call.op === 'models.list') {
        result = await client.models.list(callOptions(call.options))
      } else if (VIDEO_OPS.has(call.op)) {
        result = await video.run(client, call, callOptions(call.options))
      } else {
        return `unknown op ${call.op}`
      }
    } catch (e) {
      error = e
    }
    if (VIDEO_OPS.has(call.op) && expect.error === undefined) {
      if (error !== undefined) return `expected a result, got ${error.constructor.name}: ${error.message}`
      if (expect.download !== undefined) mismatch = subsetMismatch(expect.download, video.written(result), 'download', ctx)
      if (!mismatch && expect.task !== undefined) mismatch = subsetMismatch(expect.task, taskView(result), 'task', ctx)
      if (!mismatch && expect.result !== undefined) mismatch = subsetMismatch(expect.result, result.raw, 'result', ctx)
    } else if (expect.result !== undefined || expect.helpers !== undefined) {
      if (error !== undefined) return `expected a result, got ${error.constructor.name}: ${error.message}`
      if (expect.result !== undefined) {
        mismatch = subsetMismatch(expect.result, JSON.parse(JSON.stringify(result)), 'result', ctx)
      }
      if (!mismatch && expect.helpers !== undefined) {
        mismatch = helpersMismatch(expect.helpers, result, 'helpers', ctx, call.op)
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
  if (!mismatch && expect.progress !== undefined) mismatch = subsetMismatch(expect.progress, video.seen, 'progress', ctx)
  if (!mismatch && expect.files_left !== undefined) mismatch = subsetMismatch(expect.files_left, video.filesLeft(), 'files_left', ctx)
  if (mismatch) return mismatch

  if (expect.requests !== undefined) {
    const log = (await requests(mock, session)).map((r) => ({
      method: r.method,
      path: r.path,
      query: Object.fromEntries(new URLSearchParams(r.query)),
      headers: r.headers,
      body: r.body,
      ...(r.multipart !== undefined ? { multipart: r.multipart } : {}),
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
