/** A version as the server lists it (see the sync server's openapi.json, `Version`). */
export interface VersionInfo {
  seq: number;
  createdAt: number;
  kind: 'auto' | 'named';
  name: string | null;
  createdBy: string | null;
  authors: string[];
}

/** One insertion or deletion of a comparison, and who made it. */
export interface VersionChangeInfo {
  type: 'added' | 'removed';
  author: string;
  text: string;
  block: number | 'title';
  wholeBlock: boolean;
}

/** A comparison as the panel asks for it: the document with both states as HTML (`compare?format=html`). */
export interface VersionComparison {
  from: number;
  to: number;
  /** Written by the document's schema on the server: insertions in `<ins>`, deletions in `<del>`, `data-author` on each. */
  html: string;
  changes: VersionChangeInfo[];
  authors: string[];
}

export interface RestoreAnswer {
  restored: number;
  changed: boolean;
  before: number | null;
  /** The forward change (Yjs v1 update, base64), for the restorer's editor to apply as its own. */
  update: string | null;
  viaConnection: boolean;
  baseStateVector: string;
}

/** The HTTP address of a sync server from its WebSocket address (same host and port). */
export function httpUrlOf(serverUrl: string): string {
  return serverUrl.replace(/^ws(s?):\/\//, 'http$1://').replace(/\/+$/, '');
}

/** An answer other than success, with the server's message. */
export class HistoryRequestError extends Error {
  override readonly name = 'HistoryRequestError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface HistoryApiOptions {
  /** The sync server's WebSocket URL (its HTTP API is on the same host and port). */
  serverUrl: string;
  docId: string;
  /** The token for the server, when auth is on. */
  getToken?: () => Promise<string>;
}

/** The version history API of one document (`/api/docs/{name}/versions…`). */
export function createHistoryApi({ serverUrl, docId, getToken }: HistoryApiOptions) {
  const base = `${httpUrlOf(serverUrl)}/api/docs/${encodeURIComponent(docId)}/versions`;
  async function request(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (getToken !== undefined) headers.Authorization = `Bearer ${await getToken()}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
    if (!response.ok) {
      const answer = (await response.json().catch(() => ({}))) as { error?: string };
      throw new HistoryRequestError(response.status, answer.error ?? `the server answered ${response.status}`);
    }
    return response;
  }
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> =>
    (await (await request(method, path, body)).json()) as T;
  return {
    list: (before: number | null = null, limit = 200) =>
      call<{ versions: VersionInfo[]; nextBefore: number | null }>('GET', `?limit=${limit}${before === null ? '' : `&before=${before}`}`),
    /** The version as HTML, written by the document's schema on the server (see VersionPreview). */
    html: async (seq: number) => (await request('GET', `/${seq}?format=html`)).text(),
    compare: (seq: number, to: number | 'current' = 'current') => call<VersionComparison>('GET', `/${seq}/compare?to=${to}&format=html`),
    name: (name: string, seq?: number) => call<{ version: VersionInfo }>('POST', '', seq === undefined ? { name } : { name, seq }),
    restore: (seq: number, clientId: number) => call<RestoreAnswer>('POST', `/${seq}/restore`, { clientId }),
  };
}

export type HistoryApi = ReturnType<typeof createHistoryApi>;
