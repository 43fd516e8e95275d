// The mock gateway (tests/mock), one process per test file, and helpers for its
// per-session script and request log. Every test uses its own `x-mock-session`, so
// tests may run concurrently against one mock.

import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

// Loopback must never go through a proxy the machine may have configured. Set before
// any client is built: core reads the proxy variables when it builds its pool.
process.env.NO_PROXY = ['127.0.0.1', 'localhost', process.env.NO_PROXY].filter(Boolean).join(',')

export const NODE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const REPO_DIR = path.resolve(NODE_DIR, '..')

export function mockBinary() {
  if (process.env.TOKENHOT_MOCK_BIN) return process.env.TOKENHOT_MOCK_BIN
  const targetDir = process.env.CARGO_TARGET_DIR || path.join(REPO_DIR, 'target')
  const bin = path.join(path.resolve(REPO_DIR, targetDir), 'release', 'tokenhot-mock')
  if (!existsSync(bin)) {
    throw new Error(`mock gateway not found at ${bin}: build it with cargo build --release -p tokenhot-mock or set TOKENHOT_MOCK_BIN`)
  }
  return bin
}

/** Starts the mock; resolves to `{ url, stop() }`. It exits when our stdin closes. */
export function startMock(args = []) {
  const child = spawn(mockBinary(), ['--exit-on-stdin-eof', ...args], { stdio: ['pipe', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    let seen = ''
    const onData = (data) => {
      seen += data
      const match = /listening on (http:\/\/\S+)/.exec(seen)
      if (!match) return
      child.stdout.off('data', onData)
      child.stdout.resume()
      resolve({
        url: match[1],
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done()
            child.once('exit', () => done())
            child.stdin.end()
          }),
      })
    }
    child.stdout.on('data', onData)
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`the mock exited (${code}) before it listened: ${seen}`)))
  })
}

export function newSession(label = 'test') {
  return `${label}-${randomUUID()}`
}

async function mockFetch(url, session, init = {}) {
  const response = await fetch(url, {
    ...init,
    headers: { 'x-mock-session': session, 'content-type': 'application/json', ...(init.headers || {}) },
  })
  if (!response.ok) throw new Error(`mock ${init.method || 'GET'} ${url}: ${response.status} ${await response.text()}`)
  return response
}

/** Queues answers (tests/mock/README.md, Script API) for one session. */
export async function script(mock, session, answers) {
  await mockFetch(`${mock.url}/__mock/script`, session, { method: 'POST', body: JSON.stringify(answers) })
}

/** The session's request log, oldest first. */
export async function requests(mock, session) {
  return (await mockFetch(`${mock.url}/__mock/requests`, session)).json()
}

/** Polls the log until `predicate(log)` holds (outcomes settle after the client acts). */
export async function waitForLog(mock, session, predicate, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const log = await requests(mock, session)
    if (predicate(log)) return log
    if (Date.now() > deadline) throw new Error(`mock log never matched: ${JSON.stringify(log)}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** The suites' key: CI runs with a random canary (scripts/test.sh) and fails if it shows in the output. */
export const TEST_KEY = process.env.TOKENHOT_TEST_KEY || 'sk-test'

/** A client pointed at the mock with its own session; `extra` adds client options. */
export async function sessionClient(mock, extra = {}) {
  const { Tokenhot } = await import('../../lib/index.mjs')
  const session = newSession()
  const client = new Tokenhot({
    apiKey: TEST_KEY,
    baseURL: mock.url,
    ...extra,
    defaultHeaders: { ...(extra.defaultHeaders || {}), 'x-mock-session': session },
  })
  return { client, session }
}

export const MESSAGES = [{ role: 'user', content: 'hi' }]

/** One scripted chat completion answer (wire JSON). */
export function completion(extra = {}) {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1700000000,
    model: 'gpt-test',
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hello!' }, finish_reason: 'stop' }],
    ...extra,
  }
}

/** A chat chunk's SSE frame. */
export function chunkFrame(content, extra = {}) {
  const chunk = {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1700000000,
    model: 'gpt-test',
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
    ...extra,
  }
  return { data: JSON.stringify(chunk) }
}

export function finishFrame() {
  return chunkFrame(undefined, {
    choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
  })
}
