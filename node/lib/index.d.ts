// Types of the `tokenhot` package (the JS face in lib/; the generated native.d.ts
// types the addon underneath). Results are the gateway's wire JSON: wire key names,
// unknown keys kept, so every object type is open.

export * from './options'
export * from './chat'
export * from './models'
export * from './videos'
export * from './stream'
export * from './gemini'
export * from './messages'
export * from './images'
export * from './responses'
export * from './errors'

import type { ClientOptions } from './options'
import type { Chat } from './chat'
import type { Models } from './models'
import type { Videos } from './videos'
import type { Gemini } from './gemini'
import type { Messages } from './messages'
import type { Images } from './images'
import type { Responses } from './responses'

export declare class Tokenhot {
  constructor(options?: ClientOptions)
  readonly chat: Chat
  readonly gemini: Gemini
  readonly messages: Messages
  readonly images: Images
  readonly models: Models
  readonly videos: Videos
  readonly responses: Responses
  /** The gateway's root URL after env fallback and normalisation. */
  readonly baseURL: string
}
export default Tokenhot

/** This package's version (the user agent says `tokenhot-node/<version>`). */
export declare const VERSION: string
