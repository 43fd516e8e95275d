#!/usr/bin/env node
'use strict'
// The `tokenhot` command (package.json "bin"): the same Rust command line that
// `cargo install --path cli` and the Python console script run, here run by the addon
// on a worker thread. This script owns Ctrl-C: the first cancels the command (it
// closes its connection, says what it must, and exits 130), a second exits at once.
// It never touches process.stdout/stderr: the command writes to the descriptors
// itself, and Node would make them non-blocking.

const { cliRun, CancelToken } = require('../lib/addon.js')

const INTERRUPTED = 130
const cancel = new CancelToken()
process.on('SIGINT', () => {
  if (cancel.isCancelled) process.exit(INTERRUPTED)
  cancel.cancel()
})

cliRun(['tokenhot', ...process.argv.slice(2)], cancel).then(
  (code) => process.exit(code),
  (error) => {
    require('node:fs').writeSync(2, `tokenhot: TokenhotError: internal error: ${error && error.message}\n`)
    process.exit(1)
  },
)
