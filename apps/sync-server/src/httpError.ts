/** An HTTP answer other than success, thrown by a route: the router sends `{ "error": message }` with this status. */
export class HttpError extends Error {
  readonly status: number;
  /** Extra response headers (e.g. `WWW-Authenticate`, `ETag`). */
  readonly headers: Readonly<Record<string, string>>;
  /** Extra fields of the JSON body besides `error`. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(status: number, message: string, options: { headers?: Record<string, string>; details?: Record<string, unknown> } = {}) {
    super(message);
    this.status = status;
    this.headers = options.headers ?? {};
    this.details = options.details ?? {};
  }
}
