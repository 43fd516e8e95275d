'use strict'
// The addon, loaded once per JS environment (main thread or worker) by the loader
// that `napi build` generates beside package.json.
module.exports = require('../native.js')
