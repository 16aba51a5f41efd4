/**
 * A request to the app's own API from the browser: the JSON answer, or an Error with the message
 * the app gave (`{ error }`), shown to the person as it is.
 */
export async function appRequest<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  const answer = (await response.json().catch(() => null)) as (T & { error?: string }) | null;
  if (!response.ok) throw new Error(answer?.error ?? `the app answered ${response.status}`);
  return answer as T;
}

export const documentPath = (docId: string, rest = '') => `/api/documents/${encodeURIComponent(docId)}${rest}`;
