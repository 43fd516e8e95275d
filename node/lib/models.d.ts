// `client.models.list()`.
import type { RequestOptions } from './options'

export interface Model {
  id: string
  object: 'model' | (string & {})
  owned_by?: string
  [key: string]: unknown
}

export interface ModelList {
  object: 'list' | (string & {})
  data: Model[]
  readonly _request_id: string | null
  [key: string]: unknown
}

export interface Models {
  list(options?: RequestOptions): Promise<ModelList>
}
