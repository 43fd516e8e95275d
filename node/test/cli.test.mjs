// The package's `bin` (bin/tokenhot.js) run as `npx tokenhot` runs it: a separate
// process against the mock gateway, output piped (so plain), exit statuses checked.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'

import { NODE_DIR, chunkFrame, newSession, requests, script, startMock, waitForLog } from './helpers/mock.mjs'

const BIN = path.join(NODE_DIR, 'bin', 'tokenhot.js')
const KEY = 'sk-node-cli-key-0123456789'

let mock
before(async () => {
  mock = await startMock()
})
after(() => mock.stop())

function env() {
  const e = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TOKENHOT_')))
  return { ...e, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' }
}

/** Starts the bin; `done` resolves to `{ code, stdout, stderr }`. */
function start(args, { stdin } = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { env: env(), stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d))
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d))
  child.stdin.end(stdin)
  const done = new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })))
  return { child, done, stdout: () => stdout }
}

function against(session, ...args) {
  return [...args, '--base-url', mock.url, '--api-key', KEY, '-H', `x-mock-session: ${session}`]
}

function assertPlain({ stdout, stderr }) {
  for (const s of [stdout, stderr]) {
    assert.ok(!s.includes('\x1b'), `escape codes in piped output: ${JSON.stringify(s)}`)
    assert.ok(!s.includes(KEY), 'the key in the output')
  }
}

describe('tokenhot bin', () => {
  it('streams a chat to stdout', async () => {
    const session = newSession('cli')
    const result = await start(against(session, 'chat', '-m', 'gpt-5', 'Say hello')).done
    assert.equal(result.code, 0, result.stderr)
    assert.equal(result.stdout, 'chunk0 chunk1 chunk2\n')
    assertPlain(result)
    const [logged] = await requests(mock, session)
    assert.deepEqual(logged.body.messages, [{ role: 'user', content: 'Say hello' }])
  })

  it('reads the prompt from stdin, prints events with --json, and speaks gemini', async () => {
    const session = newSession('cli')
    const json = await start(against(session, 'chat', '-m', 'gpt-5', '--json'), { stdin: 'piped' }).done
    assert.equal(json.code, 0, json.stderr)
    const events = json.stdout.trimEnd().split('\n').map((line) => JSON.parse(line))
    assert.equal(events.length, 5)
    assert.equal(events[1].choices[0].delta.content, 'chunk0')
    assert.equal((await requests(mock, session))[0].body.messages[0].content, 'piped')
    const gemini = await start(against(session, 'chat', '--api', 'gemini', '-m', 'gemini-2.5-flash', 'hi')).done
    assert.equal(gemini.stdout, 'chunk0 chunk1 chunk2\n')
  })

  it('lists models', async () => {
    const result = await start(against(newSession('cli'), 'models')).done
    assert.equal(result.code, 0, result.stderr)
    assert.ok(result.stdout.split('\n').includes('gpt-5'))
  })

  it('says a 401 in one line and exits 1', async () => {
    const session = newSession('cli')
    const body = { error: { message: 'Invalid token', type: 'new_api_error', code: 'invalid_api_key' } }
    await script(mock, session, [{ status: 401, json: body, headers: { 'x-request-id': 'req-node-401' } }])
    const result = await start(against(session, 'chat', '-m', 'gpt-5', 'hi')).done
    assert.equal(result.code, 1)
    assert.equal(result.stdout, '')
    assert.equal(result.stderr, 'tokenhot: AuthenticationError 401 (request id req-node-401): Invalid token\n')
    assertPlain(result)
  })

  it('exits 2 on a bad flag', async () => {
    const result = await start(['chat', '--no-such-flag']).done
    assert.equal(result.code, 2)
    assert.match(result.stderr, /--no-such-flag/)
  })

  it('stops on Ctrl-C with 130 and closes the connection', async () => {
    const session = newSession('cli')
    await script(mock, session, [{ sse: [chunkFrame('first'), { ...chunkFrame(' later'), delay_ms: 10000 }] }])
    const run = start(against(session, 'chat', '-m', 'gpt-5', 'hi'))
    await new Promise((resolve) => run.child.stdout.on('data', () => run.stdout().includes('first') && resolve()))
    run.child.kill('SIGINT')
    const result = await run.done
    assert.equal(result.code, 130, result.stderr)
    await waitForLog(mock, session, (log) => log[0]?.outcome === 'client_closed')
  })

  it('runs the mock gateway: URL first, serves, Ctrl-C stops it', async () => {
    const served = start(['mock', '--api-key', KEY])
    const url = await new Promise((resolve) =>
      served.child.stdout.on('data', () => {
        const line = served.stdout().split('\n')
        if (line.length > 1) resolve(line[0])
      }),
    )
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/)
    const models = await start(['models', '--base-url', url, '--api-key', KEY]).done
    assert.equal(models.code, 0, models.stderr)
    served.child.kill('SIGINT')
    assert.equal((await served.done).code, 130)
  })
})
