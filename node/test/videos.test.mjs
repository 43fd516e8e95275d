// client.videos seen from Node against the mock's video routes: both routes, wait
// (progress, failure, deadline and hints, flaky polls, a throwing onProgress, abort
// between polls) and download (streamed, byte progress, vendor fallback without the
// key, refusal of an unfinished task). Times are milliseconds.

import assert from 'node:assert/strict'
import { getEventListeners } from 'node:events'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'

import { APIUserAbortError, APITimeoutError, NotFoundError, TaskFailedError, TokenhotError } from '../lib/index.mjs'
import { requests, script, sessionClient, startMock } from './helpers/mock.mjs'

let mock
let dir
before(async () => {
  mock = await startMock()
  dir = mkdtempSync(path.join(tmpdir(), 'tokenhot-videos-'))
})
after(async () => {
  rmSync(dir, { recursive: true, force: true })
  await mock.stop()
})

/** The mock's generated video: byte i is i % 251. */
function patternOk(data) {
  for (let i = 0; i < data.length; i++) if (data[i] !== i % 251) return false
  return true
}

function isAbort(error) {
  assert.equal(error.constructor, APIUserAbortError)
  assert.equal(error.name, 'AbortError')
  return true
}

const FAST = { pollInterval: 1 }

describe('videos', { concurrency: true }, () => {
  it('creates a Sora task, waits with progress and downloads it into a folder', async () => {
    const { client, session } = await sessionClient(mock)
    const task = await client.videos.create({ model: 'sora-2', prompt: 'a cat', seconds: 8, size: '1280x720' })
    assert.deepEqual(Object.keys(task), ['id', 'status', 'progress', 'videoUrl', 'error', 'model', 'route', 'raw'])
    assert.deepEqual([task.route, task.status, task.progress, task.model], ['videos', 'queued', 0, 'sora-2'])
    assert.equal(typeof task._request_id, 'string')
    const [sent] = await requests(mock, session)
    assert.deepEqual([sent.path, sent.body.seconds], ['/v1/videos', '8'])
    const seen = []
    const done = await client.videos.wait(task, { ...FAST, onProgress: (t) => seen.push([t.status, t.progress]) })
    assert.deepEqual(seen, [['unknown', 0], ['queued', 0], ['in_progress', 30], ['in_progress', 60], ['completed', 100]])
    assert.equal(done.status, 'completed')
    assert.equal(done.videoUrl, done.raw.metadata.url)
    assert.match(done.videoUrl, /\/vendor\//)
    const sub = mkdtempSync(path.join(dir, 'sora-'))
    const progress = []
    const written = await client.videos.download(done, sub, { onProgress: (n, total) => progress.push([n, total]) })
    assert.equal(written, path.join(sub, `${done.id}.mp4`))
    const bytes = readFileSync(written)
    assert.equal(bytes.length, 4096)
    assert.ok(patternOk(bytes))
    assert.deepEqual(progress.at(-1), [4096, 4096])
    assert.deepEqual(readdirSync(sub), [`${done.id}.mp4`])
  })

  it('reads the Seedance envelope, retrieves by id and through the OpenAI view', async () => {
    const { client, session } = await sessionClient(mock)
    const body = { model: 'doubao-seedance-2-0-260128', content: [{ type: 'text', text: 'waves' }], ratio: '16:9', duration: 5 }
    const task = await client.videos.create(body)
    assert.equal(task.route, 'generations')
    assert.deepEqual((await requests(mock, session))[0].body, body)
    const first = await client.videos.retrieve(task.id)
    assert.deepEqual([first.status, first.raw.code, first.raw.data.status], ['queued', 'success', 'NOT_START'])
    await client.videos.retrieve(task.id)
    const third = await client.videos.retrieve(task.id)
    assert.deepEqual([third.status, third.progress, third.raw.data.progress], ['in_progress', 30, '30%'])
    const openai = await client.videos.retrieve(task.id, { route: 'videos' })
    assert.deepEqual([openai.route, openai.progress], ['videos', 60])
    const done = await client.videos.wait(task.id, FAST)
    assert.equal(done.status, 'completed')
    assert.equal(done.videoUrl, done.raw.data.result_url)
  })

  it('a missing task is NotFoundError (400 task_not_exist)', async () => {
    const { client } = await sessionClient(mock)
    await assert.rejects(client.videos.retrieve('task_nope'), (error) => {
      assert.equal(error.constructor, NotFoundError)
      assert.equal(error.status, 400)
      assert.equal(error.code, 'task_not_exist')
      return true
    })
  })

  it('a failed task rejects with TaskFailedError carrying the task', async () => {
    const { client } = await sessionClient(mock)
    const task = await client.videos.create({ model: 'sora-2', prompt: 'x' }, { headers: { 'x-mock-video-fail': '1' } })
    await assert.rejects(client.videos.wait(task, FAST), (error) => {
      assert.equal(error.constructor, TaskFailedError)
      assert.ok(error instanceof TokenhotError)
      assert.equal(error.code, 'content_policy_violation')
      assert.equal(error.task.id, task.id)
      assert.equal(error.task.status, 'failed')
      assert.equal(error.task.error.message, 'the prompt was refused by the vendor')
      return true
    })
  })

  it('past the deadline: APITimeoutError with the last task; the server hint wins over pollInterval', async () => {
    const { client, session } = await sessionClient(mock)
    const task = await client.videos.create({ model: 'sora-2', prompt: 'x' }, { headers: { 'x-mock-video-poll-after-ms': '1500' } })
    const started = Date.now()
    await assert.rejects(client.videos.wait(task.id, { deadline: 800, pollInterval: 1 }), (error) => {
      assert.equal(error.constructor, APITimeoutError)
      assert.equal(error.task.status, 'queued')
      return true
    })
    assert.ok(Date.now() - started < 1500)
    // The create and one poll: the 1.5 s hint kept the second poll past the deadline.
    assert.equal((await requests(mock, session)).length, 2)
  })

  it('a flaky poll is ridden out; an onProgress that throws ends the wait with its error', async () => {
    const { client, session } = await sessionClient(mock)
    let task = await client.videos.create({ model: 'sora-2', prompt: 'x' })
    await script(mock, session, [{ status: 503, json: { error: { message: 'busy' } } }])
    assert.equal((await client.videos.wait(task, { ...FAST, maxRetries: 0 })).status, 'completed')
    task = await client.videos.create({ model: 'sora-2', prompt: 'x' })
    const mine = new RangeError('mine')
    await assert.rejects(client.videos.wait(task, { ...FAST, onProgress: () => { throw mine } }), (error) => error === mine)
  })

  it('an AbortSignal stops a wait between polls and lets go of its listener', async () => {
    const { client, session } = await sessionClient(mock)
    const task = await client.videos.create({ model: 'sora-2', prompt: 'x' })
    const controller = new AbortController()
    let polls = 0
    const onProgress = () => {
      polls += 1
      // After the first poll the wait sleeps 30 s: abort during that sleep.
      setTimeout(() => controller.abort(), 50)
    }
    const started = Date.now()
    await assert.rejects(client.videos.wait(task, { pollInterval: 30000, onProgress, signal: controller.signal }), isAbort)
    assert.ok(Date.now() - started < 3000)
    assert.equal(polls, 1)
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0)
    assert.equal((await requests(mock, session)).length, 2)
    await assert.rejects(client.videos.wait(task, { signal: AbortSignal.abort() }), isAbort)
  })

  it('download falls back to the vendor link without the key, and an abort stops it', async () => {
    const { client } = await sessionClient(mock)
    const headers = { 'x-mock-video-content-status': '502', 'x-mock-video-bytes': '300000' }
    const task = await client.videos.wait(await client.videos.create({ model: 'sora-2', prompt: 'x' }, { headers }), FAST)
    const target = path.join(dir, 'fallback.mp4')
    assert.equal(await client.videos.download(task, target, { maxRetries: 0 }), target)
    const bytes = readFileSync(target)
    assert.equal(bytes.length, 300000)
    assert.ok(patternOk(bytes))
    await assert.rejects(client.videos.download(task, path.join(dir, 'never.mp4'), { signal: AbortSignal.abort() }), isAbort)
  })

  it('an unfinished task is refused before any download; bad arguments are TypeErrors', async () => {
    const { client, session } = await sessionClient(mock)
    const task = await client.videos.create({ model: 'sora-2', prompt: 'x' })
    await assert.rejects(client.videos.download(task, dir), (error) => error instanceof TypeError && /not completed/.test(error.message))
    assert.equal((await requests(mock, session)).length, 1)
    await assert.rejects(client.videos.create({ model: 'sora-2', prompt: 'x', seconds: true }), TypeError)
    await assert.rejects(client.videos.create(null), TypeError)
    await assert.rejects(client.videos.retrieve(42), TypeError)
    await assert.rejects(client.videos.retrieve('t', { route: 'other' }), TypeError)
    await assert.rejects(client.videos.wait('t', { pollInterval: 0 }), TypeError)
    await assert.rejects(client.videos.wait('t', { deadline: -1 }), TypeError)
    await assert.rejects(client.videos.wait('t', { onProgress: 'no' }), TypeError)
    await assert.rejects(client.videos.download(task, ''), TypeError)
    assert.equal((await requests(mock, session)).length, 1)
  })
})
