// Types for `import ... from 'tokenhot'`: the same declarations as index.d.ts (the
// ESM entry re-exports the CommonJS one at run time), with Tokenhot as the default.
import { Tokenhot } from './index.js'
export * from './index.js'
export default Tokenhot
