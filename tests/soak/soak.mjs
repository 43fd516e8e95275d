// The Node driver of the fault soak (tests/soak/README.md): N mixed calls through the
// fault proxy, C at a time, then the checks every driver makes. Prints one JSON summary
// line; exits 1 if a check failed.
//
//   node soak.mjs --proxy http://127.0.0.1:PORT --calls 5000 [--concurrency 32]

import fs from 'node:fs'
import net from 'node:net'
import { parseArgs } from 'node:util'

import { Tokenhot, TokenhotError } from '../../node/lib/index.mjs'

// The same budget in every driver (see soak-rust.rs), in milliseconds here.
const TIMEOUT = 2000
const IDLE = 1000
const MAX_RETRIES = 2
const DEADLINE = 3 * 2000 + 2 * 1100 + 1000
// RSS growth is judged only over a window long enough that warm-up (V8 compiling) is noise.
const RSS_WINDOW = 2000
const EXPECTED = 'chunk0 chunk1 chunk2'
const MESSAGES = [{ role: 'user', content: 'Say hello' }]
// Chat, Gemini, Responses, Messages, each plain and streamed.
const KINDS = 8
const DOCUMENTED = new Set(['InternalServerError', 'RateLimitError', 'APIConnectionError', 'APITimeoutError', 'APIError', 'StreamError'])
const KEY = process.env.TOKENHOT_TEST_KEY || 'sk-soak'

const { values: args } = parseArgs({
  options: { proxy: { type: 'string' }, calls: { type: 'string', default: '5000' }, concurrency: { type: 'string', default: '32' } },
})
const calls = Number(args.calls)
const concurrency = Number(args.concurrency)

const openFds = () => fs.readdirSync('/proc/self/fd').length
function fdTargets() {
  return fs.readdirSync('/proc/self/fd').map((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`)
    } catch {
      return ''
    }
  })
}
const rssKb = () => Math.round(process.memoryUsage().rss / 1024)

/** A port nobody listens on: 2 % of calls meet a refused connection. */
async function refusedUrl() {
  const server = net.createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return `http://127.0.0.1:${port}`
}

function client(baseURL) {
  return new Tokenhot({ apiKey: KEY, baseURL, timeout: TIMEOUT, connectTimeout: 1000, streamIdleTimeout: IDLE, maxRetries: MAX_RETRIES })
}

async function call(c, kind, id) {
  const options = id ? { headers: { 'x-soak-call': id } } : {}
  if (kind === 0) {
    const r = await c.chat.completions.create({ model: 'gpt-5.2', messages: MESSAGES }, options)
    return r.choices[0].message.content ?? ''
  }
  if (kind === 1) {
    let text = ''
    for await (const chunk of await c.chat.completions.create({ model: 'gpt-5.2', messages: MESSAGES, stream: true }, options)) {
      text += chunk.choices[0]?.delta?.content ?? ''
    }
    return text
  }
  if (kind === 2) return (await c.gemini.generateContent({ model: 'gemini-2.5-flash', contents: 'Say hello' }, options)).text ?? ''
  if (kind === 3) {
    let text = ''
    for await (const part of await c.gemini.generateContent({ model: 'gemini-2.5-flash', contents: 'Say hello', stream: true }, options)) {
      text += part.text ?? ''
    }
    return text
  }
  if (kind === 4) return (await c.responses.create({ model: 'gpt-5.2', input: 'Say hello' }, options)).output_text
  const claude = { model: 'claude-sonnet-4-5', max_tokens: 64, messages: MESSAGES }
  if (kind === 6) return (await c.messages.create(claude, options)).text
  const stream = kind === 5
    ? await c.responses.create({ model: 'gpt-5.2', input: 'Say hello', stream: true }, options)
    : await c.messages.create({ ...claude, stream: true }, options)
  let text = ''
  for await (const piece of stream.textStream()) text += piece
  return text
}

const tally = { ok: 0, wrong: 0, late: 0, slowest: 0, errors: {}, crashes: {} }
function record(started, text, error) {
  const elapsed = performance.now() - started
  tally.slowest = Math.max(tally.slowest, elapsed)
  if (elapsed > DEADLINE) tally.late++
  if (error === undefined) {
    if (text === EXPECTED) tally.ok++
    else tally.wrong++
  } else if (error instanceof TokenhotError && !String(error.message).includes('internal error')) {
    tally.errors[error.constructor.name] = (tally.errors[error.constructor.name] ?? 0) + 1
  } else {
    const what = `${error?.constructor?.name}: ${error?.message}`.slice(0, 200)
    tally.crashes[what] = (tally.crashes[what] ?? 0) + 1
  }
}

let uncaught = 0
process.on('uncaughtException', () => uncaught++)
process.on('unhandledRejection', () => uncaught++)

// Every path once on a client of its own (the runtime starts on first use and stays), so
// the descriptor baseline counts only what the soak opens.
const warm = client(args.proxy)
for (let kind = 0; kind < KINDS; kind++) await call(warm, kind, '')
const deadUrl = await refusedUrl() // before the baseline: Node's resolver opens a file on first use
const fdsStart = openFds()
const targetsStart = fdTargets()
const started = performance.now()
const soakClient = client(args.proxy)
const dead = client(deadUrl)
let rssMid = 0
let next = 0
async function worker() {
  for (let i = next++; i < calls; i = next++) {
    if (i === Math.floor(calls / 2)) rssMid = rssKb()
    const begun = performance.now()
    try {
      record(begun, await call(i % 50 === 49 ? dead : soakClient, i % KINDS, `node-${process.pid}-${i}`))
    } catch (error) {
      record(begun, undefined, error)
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, worker))
const rssEnd = rssKb()
// Closing is asynchronous: wait for the descriptor count to come back, with a deadline.
const closing = performance.now()
while (openFds() > fdsStart && performance.now() - closing < 3000) await new Promise((r) => setTimeout(r, 20))
const fdsEnd = openFds()
if (fdsEnd > fdsStart) {
  const left = fdTargets().filter((t) => {
    const at = targetsStart.indexOf(t)
    if (at < 0) return true
    targetsStart.splice(at, 1)
    return false
  })
  console.error(`left open: ${JSON.stringify(left)}`)
}
const stats = await (await fetch(`${args.proxy}/__soak/stats`)).json()
const mine = Object.entries(stats.per_call).filter(([k]) => k.startsWith(`node-${process.pid}-`)).map(([, n]) => n)
const maxRequests = Math.max(0, ...mine)
const undocumented = Object.entries(tally.errors).filter(([k]) => !DOCUMENTED.has(k)).reduce((a, [, n]) => a + n, 0)
const growth = rssMid ? ((rssEnd - rssMid) / rssMid) * 100 : 0
const passed = tally.wrong === 0 && tally.late === 0 && Object.keys(tally.crashes).length === 0 && uncaught === 0
  && undocumented === 0 && fdsEnd <= fdsStart && (calls < RSS_WINDOW || growth < 5) && maxRequests <= MAX_RETRIES + 1 && tally.ok > 0
console.log(JSON.stringify({
  language: 'node', calls, ok: tally.ok, errors: Object.fromEntries(Object.entries(tally.errors).sort()), wrong_results: tally.wrong,
  late: tally.late, slowest_s: Math.round(tally.slowest) / 1000, crashes: tally.crashes, uncaught, undocumented_errors: undocumented,
  fds_start: fdsStart, fds_end: fdsEnd, rss_mid_kb: rssMid, rss_end_kb: rssEnd, rss_growth_pct: Math.round(growth * 100) / 100,
  max_requests_per_call: maxRequests, seconds: Math.round(performance.now() - started) / 1000, passed,
}))
process.exit(passed ? 0 : 1)
