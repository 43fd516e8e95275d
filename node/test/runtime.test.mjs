// Runtime hygiene: the process exits by itself, workers, the event loop keeps
// turning during a long stream, and a Rust panic becomes a TokenhotError.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'

import * as tokenhot from '../lib/index.mjs'
import { MESSAGES, chunkFrame, newSession, script, sessionClient, startMock } from './helpers/mock.mjs'

// The hidden test hook is non-enumerable on the CommonJS exports, so not in the ESM view.
const { __panicForTest } = createRequire(import.meta.url)('../lib/index.js')
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures')

let mock
before(async () => {
  mock = await startMock()
})
after(() => mock.stop())

/** Runs a fixture in a fresh Node process; rejects if it fails or outlives `timeoutMs`. */
function runFixture(name, timeoutMs, { flags = [], env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    execFile(
      process.execPath,
      [...flags, path.join(FIXTURES, name)],
      { env: { ...process.env, MOCK_URL: mock.url, ...env }, timeout: timeoutMs, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${name}: ${error.message} (killed: ${error.killed})\n${stdout}\n${stderr}`))
        resolve({ stdout, elapsed: Date.now() - started })
      },
    )
  })
}

describe('process and threads', { concurrency: true }, () => {
  it('a script that made calls and left a stream half-read exits on its own', async () => {
    const { stdout } = await runFixture('exits-on-its-own.mjs', 10000)
    assert.match(stdout, /done/)
  })

  it('the addon works in workers that exit (one mid-call) while the main thread goes on', async () => {
    const { stdout } = await runFixture('worker-only.mjs', 20000)
    assert.match(stdout, /main chunk0 chunk1 chunk2/)
  })

  it('a stream dropped half-read closes its connection once collected', async () => {
    const session = newSession('gc')
    await script(mock, session, [{ sse: [chunkFrame('a'), { ...chunkFrame('b'), delay_ms: 10000 }] }])
    const { stdout } = await runFixture('gc-closes-stream.mjs', 10000, { flags: ['--expose-gc'], env: { MOCK_SESSION: session } })
    assert.match(stdout, /closed/)
  })

  it('a worker and the main thread use the addon at the same time', async () => {
    const entry = fileURLToPath(new URL('../lib/index.js', import.meta.url))
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads')
       const { Tokenhot, RateLimitError } = require(workerData.entry)
       const client = new Tokenhot({ apiKey: 'k', baseURL: workerData.url })
       Promise.all(Array.from({ length: 20 }, () => client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })))
         .then((all) => parentPort.postMessage(all.length), (e) => parentPort.postMessage(String(e)))`,
      { eval: true, workerData: { entry, url: mock.url } },
    )
    const { client } = await sessionClient(mock)
    const [fromWorker, mine] = await Promise.all([
      new Promise((resolve) => worker.once('message', resolve)),
      Promise.all(Array.from({ length: 20 }, () => client.chat.completions.create({ model: 'm', messages: MESSAGES }))),
    ])
    assert.equal(fromWorker, 20)
    assert.equal(mine.length, 20)
    await worker.terminate()
  })
})

describe('event loop', () => {
  it('keeps turning during a long stream', async () => {
    const { client } = await sessionClient(mock, { defaultHeaders: { 'x-mock-chunks': '100000' } })
    let ticks = 0
    let last = Date.now()
    let longestGap = 0
    const timer = setInterval(() => {
      const now = Date.now()
      longestGap = Math.max(longestGap, now - last)
      last = now
      ticks++
    }, 5)
    const started = Date.now()
    let chunks = 0
    try {
      for await (const _ of await client.chat.completions.create({ model: 'm', messages: MESSAGES, stream: true })) chunks++
    } finally {
      clearInterval(timer)
    }
    const elapsed = Date.now() - started
    assert.equal(chunks, 100002)
    assert.ok(ticks >= Math.floor(elapsed / 50), `only ${ticks} ticks in ${elapsed} ms`)
    assert.ok(longestGap < 250, `the event loop stalled for ${longestGap} ms`)
  })
})

describe('panics', { concurrency: true }, () => {
  for (const kind of ['sync', 'async']) {
    it(`a panic (${kind}) rejects with TokenhotError and the process goes on`, async () => {
      const pending = __panicForTest(kind)
      const error = await pending.then(() => assert.fail('resolved'), (e) => e)
      assert.equal(error.constructor, tokenhot.TokenhotError)
      assert.match(error.message, /^internal error: /)
      // The addon still works afterwards.
      const { client } = await sessionClient(mock)
      assert.ok((await client.chat.completions.create({ model: 'm', messages: MESSAGES })).id)
    })
  }
})
