// Subset matching of tests/vectors/README.md: objects may have extra keys, arrays
// match element by element, numbers by value, `{"$...": ...}` objects are matchers.
// Returns null on a match, else a sentence saying where and why it failed.

import { isDeepStrictEqual } from 'node:util'

export function subsetMismatch(expected, actual, where = '$', ctx = {}) {
  if (isMatcher(expected)) return matcher(expected, actual, where, ctx)
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${where}: expected an array, got ${show(actual)}`
    if (expected.length !== actual.length) {
      return `${where}: expected ${expected.length} elements, got ${actual.length}: ${show(actual)}`
    }
    for (let i = 0; i < expected.length; i++) {
      const m = subsetMismatch(expected[i], actual[i], `${where}[${i}]`, ctx)
      if (m) return m
    }
    return null
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return `${where}: expected an object, got ${show(actual)}`
    }
    for (const [key, value] of Object.entries(expected)) {
      const present = Object.hasOwn(actual, key)
      if (isMatcher(value) && Object.hasOwn(value, '$absent')) {
        if (present) return `${where}.${key}: expected absent, got ${show(actual[key])}`
        continue
      }
      if (!present) return `${where}.${key}: missing (have ${Object.keys(actual).join(', ')})`
      const m = subsetMismatch(value, actual[key], `${where}.${key}`, ctx)
      if (m) return m
    }
    return null
  }
  if (typeof expected === 'number' && typeof actual === 'number') {
    return expected === actual ? null : `${where}: expected ${expected}, got ${actual}`
  }
  return isDeepStrictEqual(expected, actual) ? null : `${where}: expected ${show(expected)}, got ${show(actual)}`
}

function isMatcher(v) {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false
  const keys = Object.keys(v)
  return keys.length === 1 && keys[0].startsWith('$')
}

function matcher(m, actual, where, ctx) {
  const [[name, arg]] = Object.entries(m)
  switch (name) {
    case '$absent':
      return actual === undefined ? null : `${where}: expected absent, got ${show(actual)}`
    case '$any':
      return actual === undefined ? `${where}: expected a value` : null
    case '$prefix':
      return typeof actual === 'string' && actual.startsWith(arg) ? null : `${where}: expected prefix ${show(arg)}, got ${show(actual)}`
    case '$contains':
      return typeof actual === 'string' && actual.includes(arg) ? null : `${where}: expected to contain ${show(arg)}, got ${show(actual)}`
    case '$user_agent':
      return actual === ctx.userAgent ? null : `${where}: expected user agent ${show(ctx.userAgent)}, got ${show(actual)}`
    default:
      return `${where}: unknown matcher ${name}`
  }
}

function show(v) {
  const text = JSON.stringify(v)
  return text === undefined ? String(v) : text.length > 300 ? text.slice(0, 300) + '...' : text
}
