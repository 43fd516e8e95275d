// client.images seen from Node: the input forms (path string, file: URL, Buffer,
// Uint8Array, ArrayBuffer, { filename, data, mimeType }), results as plain wire
// objects, save resolving to paths, fetch, bad input as TypeError before any request,
// streams and abort. Wire details shared by every language: tests/vectors/images/.

import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, before, describe, it } from 'node:test'

import { APIUserAbortError, NotFoundError, Stream } from '../lib/index.mjs'
import { REPO_DIR, requests, script, sessionClient, startMock } from './helpers/mock.mjs'

const FILES = path.join(REPO_DIR, 'tests', 'vectors', 'images', 'files')
const PNG = readFileSync(path.join(FILES, 'tiny.png'))

let mock
before(async () => {
  mock = await startMock()
})
after(() => mock.stop())

const tmp = () => mkdtempSync(path.join(tmpdir(), 'tokenhot-node-images-'))
const pngSize = (data) => [data.readUInt32BE(16), data.readUInt32BE(20)]
const partsOf = (logged) => logged.multipart.map((p) => [p.name, p.filename, p.content_type])

describe('images', () => {
  it('generates, saves to a directory and a file, and fetches', async () => {
    const { client, session } = await sessionClient(mock)
    const r = await client.images.generate({ model: 'gpt-image-1.5', prompt: 'a fox', size: '10x6', n: 2 })
    assert.equal(r.data.length, 2)
    assert.ok(r.data[0].b64_json && r.usage.total_tokens > 0 && r._request_id)
    assert.ok(!Object.keys(r).includes('_request_id'), 'the request id is not enumerable')
    const dir = tmp()
    const paths = await client.images.save(r, path.join(dir, 'out'))
    assert.deepEqual(paths, [path.join(dir, 'out', 'image-0.png'), path.join(dir, 'out', 'image-1.png')])
    for (const p of paths) assert.deepEqual(pngSize(readFileSync(p)), [10, 6])
    const [one] = await client.images.save(r.data[1], pathToFileURL(path.join(dir, 'one.png')))
    assert.equal(one, path.join(dir, 'one.png'))
    const { data, mimeType } = await client.images.fetch(r.data[0])
    assert.ok(Buffer.isBuffer(data) && mimeType === 'image/png')
    assert.deepEqual(data, readFileSync(paths[0]))
    assert.equal((await requests(mock, session)).length, 1, 'base64 is decoded without any request')
  })

  it('downloads URL results with the key', async () => {
    const { client, session } = await sessionClient(mock)
    const r = await client.images.generate({ model: 'dall-e-3', prompt: 'a lighthouse', size: '4x9' })
    assert.match(r.data[0].url, /\/mock-files\/images\/4x9-0\.png$/)
    const [saved] = await client.images.save(r, tmp())
    assert.deepEqual(pngSize(readFileSync(saved)), [4, 9])
    const log = await requests(mock, session)
    assert.equal(log[1].method, 'GET')
    assert.match(log[1].headers.authorization, /^Bearer /)
  })

  it('edits with every Node file form', async () => {
    const { client, session } = await sessionClient(mock)
    const dir = tmp()
    const misnamed = path.join(dir, 'photo.jpeg')
    writeFileSync(misnamed, PNG)
    const image = [
      misnamed,
      pathToFileURL(path.join(FILES, 'head.jpg')),
      new Uint8Array(PNG),
      PNG.buffer.slice(PNG.byteOffset, PNG.byteOffset + PNG.length),
      { filename: 'mine.bin', data: PNG },
      { filename: 'w', data: Buffer.from('RIFF....'), mimeType: 'image/webp' },
    ]
    const r = await client.images.edit({ model: 'gpt-image-1', prompt: 'merge', image, mask: PNG, n: 1 })
    assert.equal(r.data.length, 1)
    const [logged] = await requests(mock, session)
    assert.deepEqual(partsOf(logged), [
      ['model', null, null],
      ['prompt', null, null],
      ['n', null, null],
      ['image[]', 'photo.png', 'image/png'],
      ['image[]', 'head.jpg', 'image/jpeg'],
      ['image[]', 'image-2.png', 'image/png'],
      ['image[]', 'image-3.png', 'image/png'],
      ['image[]', 'mine.png', 'image/png'],
      ['image[]', 'w.webp', 'image/webp'],
      ['mask', 'mask.png', 'image/png'],
    ])
  })

  it('refuses bad input before any request', async () => {
    const { client, session } = await sessionClient(mock)
    const cases = [
      [{ image: path.join(FILES, 'nope.png') }, 'nope.png'],
      [{ image: FILES }, 'directory'],
      [{ image: Buffer.from('plain text') }, 'image'],
      [{ image: [PNG, Buffer.from('??')] }, 'image[1]'],
      [{ image: [] }, 'image'],
      [{ image: PNG, mask: [PNG, PNG] }, 'mask'],
      [{ image: [PNG, 42] }, 'image[1]'],
      [{ image: { filename: 'a.png', data: 'text' } }, 'image.data'],
      [{ image: new URL('https://example.com/a.png') }, 'file: URL'],
      [{}, 'image is required'],
    ]
    for (const [args, named] of cases) {
      await assert.rejects(client.images.edit({ model: 'gpt-image-1', prompt: 'p', ...args }), (e) => {
        assert.ok(e instanceof TypeError, `${named}: ${e}`)
        assert.ok(e.message.includes(named), `${e.message} should name ${named}`)
        return true
      })
    }
    await assert.rejects(client.images.save({ data: [] }, 42), TypeError)
    await assert.rejects(client.images.generate({ model: 'gpt-image-1' }), /prompt/)
    assert.deepEqual(await requests(mock, session), [])
  })

  it('leaves no file when a download fails', async () => {
    const { client } = await sessionClient(mock)
    const dir = tmp()
    const result = { data: [{ b64_json: PNG.toString('base64') }, { url: `${mock.url}/mock-files/images/gone` }] }
    await assert.rejects(client.images.save(result, path.join(dir, 'x.png')), NotFoundError)
    assert.deepEqual(readdirSync(dir), [])
  })

  it('streams partial images and accumulates the final response', async () => {
    const { client } = await sessionClient(mock)
    const stream = await client.images.generate({ model: 'gpt-image-1.5', prompt: 'p', partial_images: 2, size: '4x4', stream: true })
    assert.ok(stream instanceof Stream)
    const types = []
    for await (const event of stream) types.push(event.type)
    assert.deepEqual(types, ['image_generation.partial_image', 'image_generation.partial_image', 'image_generation.completed'])
    const final = await stream.finalResponse()
    assert.equal(final.data.length, 1)
    assert.equal(final.usage.output_tokens, 272)
    const edit = await client.images.edit({ model: 'gpt-image-1', prompt: 'p', image: PNG, stream: true })
    const events = []
    for await (const event of edit) events.push(event.type)
    assert.deepEqual(events, ['image_edit.completed'])
  })

  it('aborts a slow image call', async () => {
    const { client, session } = await sessionClient(mock)
    await script(mock, session, [{ delay_ms: 5000, json: { created: 1, data: [] } }])
    const controller = new AbortController()
    const call = client.images.generate({ model: 'gpt-image-1', prompt: 'p' }, { signal: controller.signal })
    setTimeout(() => controller.abort(), 50)
    await assert.rejects(call, APIUserAbortError)
  })
})
