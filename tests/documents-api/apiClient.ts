import { createHash, randomBytes } from 'node:crypto';

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (null when it is not JSON). */
  json: Record<string, unknown> | null;
}

export interface CallOptions {
  /** A token or an API key, sent as `Authorization: Bearer …`. */
  auth?: string;
  /** A JSON body, or a text body with `contentType`. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

/** The documents API of the server at `httpUrl`, called with fetch. */
export function apiClient(httpUrl: string) {
  return async (method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.auth !== undefined) headers.Authorization = `Bearer ${options.auth}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['Content-Type'] = options.contentType ?? 'application/json';
    }
    const response = await fetch(`${httpUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let json: Record<string, unknown> | null = null;
    if ((response.headers.get('content-type') ?? '').startsWith('application/json')) json = JSON.parse(text) as Record<string, unknown>;
    return { status: response.status, headers: response.headers, text, json };
  };
}

export type Call = ReturnType<typeof apiClient>;

/** A new API key and its config entry (only its SHA-256 goes into the config). */
export function makeApiKey(id: string, scopes: string[], docs?: string[]) {
  const key = `tdk_${randomBytes(24).toString('base64url')}`;
  return { key, entry: { id, sha256: createHash('sha256').update(key).digest('hex'), scopes, ...(docs === undefined ? {} : { docs }) } };
}

/** A field of a JSON answer (throws when the answer is not JSON, so a test fails saying why). */
export function field<T>(response: ApiResponse, key: string): T {
  if (response.json === null) throw new Error(`expected a JSON answer, got ${response.status}: ${response.text.slice(0, 200)}`);
  return response.json[key] as T;
}

/** `/api/docs/<name>` with the name encoded. */
export const docPath = (name: string, rest = '') => `/api/docs/${encodeURIComponent(name)}${rest}`;
