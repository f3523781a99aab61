// Engine API wire types of the JSON-lines progress streams (pull, push, build, load,
// import): Docker's jsonmessage.JSONMessage, which the spec gives as CreateImageInfo,
// PushImageInfo and BuildInfo.

/** `ProgressDetail`: bytes done of a layer. */
export interface ProgressDetail {
  current?: number;
  total?: number;
}

/** `ErrorDetail`: the error that ends a stream. */
export interface ErrorDetail {
  code?: number;
  message: string;
}

/** One line of a progress stream. */
export interface JSONMessage {
  status?: string;
  id?: string;
  stream?: string;
  progress?: string;
  progressDetail?: ProgressDetail;
  /** Out-of-band data: the built image's `{ID}`, a pushed tag's digest and size. */
  aux?: Record<string, unknown>;
  error?: string;
  errorDetail?: ErrorDetail;
}
