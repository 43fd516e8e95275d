// `client.images`: generate, edit, fetch, save (CONTRACT.md, Images).
import type { RequestOptions } from './options'
import type { Stream } from './stream'

/** One image: a `url` (DALL·E's expire after about an hour) or `b64_json`. */
export interface Image {
  url?: string
  b64_json?: string
  revised_prompt?: string | null
  [key: string]: unknown
}

export interface ImagesUsage {
  input_tokens?: number
  output_tokens?: number
  total_tokens?: number
  input_tokens_details?: { text_tokens?: number; image_tokens?: number; [key: string]: unknown }
  [key: string]: unknown
}

export interface ImagesResponseBody {
  created?: number
  data: Image[]
  usage?: ImagesUsage
  [key: string]: unknown
}

export interface ImagesResponse extends ImagesResponseBody {
  /** The `x-request-id` of the answer (non-enumerable: not part of the wire JSON). */
  readonly _request_id: string | null
}

/** An event of a streamed image call; unknown event types pass through. */
export interface ImageStreamEvent {
  type: 'image_generation.partial_image' | 'image_generation.completed' | 'image_edit.partial_image' | 'image_edit.completed' | (string & {})
  b64_json?: string
  created_at?: number
  size?: string
  quality?: string
  background?: string
  output_format?: string
  partial_image_index?: number
  usage?: ImagesUsage
  [key: string]: unknown
}

export interface ImageGenerateParamsBase {
  model: string
  prompt: string
  n?: number
  /** `1024x1024`; Seedream also `2K` / `4K`. */
  size?: string
  quality?: string
  /** `url` or `b64_json`; GPT Image models refuse it (they always answer base64). */
  response_format?: 'url' | 'b64_json' | (string & {})
  style?: string
  background?: string
  output_format?: string
  /** Seedream's reference images: URLs or `data:` URLs. */
  image?: string | string[]
  watermark?: boolean
  partial_images?: number
  [key: string]: unknown
}

/**
 * A file to upload: a path (string or `file:` URL; read and streamed natively), its
 * bytes, or `{ filename, data, mimeType? }`. The part's type is `mimeType` when given,
 * else the bytes' signature (PNG, JPEG, WebP, GIF), else the filename's extension,
 * else a TypeError; its filename carries that type's extension. A file that cannot be
 * read is a TypeError naming its path, before any request.
 */
export type ImageFile = string | URL | Uint8Array | ArrayBuffer | { filename?: string; data: Uint8Array | ArrayBuffer; mimeType?: string }

export interface ImageEditParamsBase {
  model: string
  prompt: string
  /** One image (sent as the part `image`) or several (`image[]`). */
  image: ImageFile | ImageFile[]
  mask?: ImageFile
  n?: number
  size?: string
  quality?: string
  partial_images?: number
  [key: string]: unknown
}

export interface ImageFetchOptions extends RequestOptions {
  /** Largest download accepted, in bytes. Default 64 MiB. */
  maxBytes?: number
}

export interface FetchedImage {
  data: Buffer
  mimeType: string
}

/** `client.images` (a type only: not constructed by users). Image calls take minutes: the timeout is the client's (600 s by default). */
export interface Images {
  generate(body: ImageGenerateParamsBase & { stream: true }, options?: RequestOptions): Promise<Stream<ImageStreamEvent, ImagesResponse>>
  generate(body: ImageGenerateParamsBase & { stream?: false | null }, options?: RequestOptions): Promise<ImagesResponse>
  edit(body: ImageEditParamsBase & { stream: true }, options?: RequestOptions): Promise<Stream<ImageStreamEvent, ImagesResponse>>
  edit(body: ImageEditParamsBase & { stream?: false | null }, options?: RequestOptions): Promise<ImagesResponse>
  /** One image's bytes: `b64_json` decoded without I/O, a URL downloaded (the key only to the base URL's host). */
  fetch(itemOrUrl: Image | string | URL, options?: ImageFetchOptions): Promise<FetchedImage>
  /**
   * Writes the images and resolves to their paths: a directory (created if missing)
   * gives `image-<i>.<ext>`; a file path is used as is for one image and as
   * `<stem>-<i><suffix>` for several. Each file appears only when complete.
   */
  save(resultOrItem: ImagesResponseBody | Image | string | URL, path: string | URL, options?: RequestOptions): Promise<string[]>
}
