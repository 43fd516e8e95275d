// `require` and `import` load one copy: the same classes, so `instanceof` holds
// across both, and errors made under one are caught by the other's classes.
'use strict'

const assert = require('node:assert/strict')
const { test } = require('node:test')

const required = require('tokenhot')

test('require and import give the same classes', async () => {
  const imported = await import('tokenhot')
  for (const name of ['Tokenhot', 'Stream', 'TokenhotError', 'APIError', 'RateLimitError', 'APIUserAbortError', 'APITimeoutError']) {
    assert.equal(imported[name], required[name], name)
  }
  assert.equal(imported.default, required.Tokenhot)
  assert.equal(required.default, required.Tokenhot)
  const error = new imported.RateLimitError('slow down', { status: 429 })
  assert.ok(error instanceof required.RateLimitError)
  assert.ok(error instanceof required.APIError)
  assert.ok(error instanceof required.TokenhotError)
  assert.ok(error instanceof Error)
  assert.equal(error.name, 'RateLimitError')
  assert.equal(error.status, 429)
})

test('the error hierarchy is the one of CONTRACT.md', () => {
  const parent = (cls) => Object.getPrototypeOf(cls)
  const e = required
  assert.equal(parent(e.TokenhotError), Error)
  assert.equal(parent(e.APIError), e.TokenhotError)
  for (const name of ['BadRequestError', 'AuthenticationError', 'PermissionDeniedError', 'NotFoundError', 'ConflictError',
    'RequestTooLargeError', 'UnprocessableEntityError', 'RateLimitError', 'InternalServerError', 'StreamError']) {
    assert.equal(parent(e[name]), e.APIError, name)
  }
  assert.equal(parent(e.APIConnectionError), e.TokenhotError)
  assert.equal(parent(e.APITimeoutError), e.APIConnectionError)
  assert.equal(parent(e.TaskFailedError), e.TokenhotError)
  assert.equal(parent(e.APIUserAbortError), e.TokenhotError)
  assert.equal(new e.APIUserAbortError('x').name, 'AbortError')
  const withCause = new e.APIConnectionError('down', { cause: new Error('refused') })
  assert.equal(withCause.cause.message, 'refused')
  assert.equal(Object.keys(withCause).includes('cause'), false)
})

test('the package version is the native version', () => {
  assert.equal(required.VERSION, require('../package.json').version)
})
