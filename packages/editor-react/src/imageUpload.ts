import { httpBaseOf } from './tokenLifecycle.js';

/** Where images of a document go: its sync server (WebSocket URL), the document, and the current token, if any. */
export interface UploadTarget {
  serverUrl: string;
  /** The same server as everyone reaches it, for the image's address (default `serverUrl`). */
  publicServerUrl?: string;
  docId: string;
  token: () => string | undefined;
}

/** An upload that did not succeed, with the sentence shown to the person; `retryable` when trying again may help. */
export class ImageUploadError extends Error {
  override readonly name = 'ImageUploadError';
  readonly retryable: boolean;

  constructor(message: string, retryable: boolean) {
    super(message);
    this.retryable = retryable;
  }
}

/** The image types the server takes (it checks the bytes; this only picks what to offer and send). */
export const UPLOADABLE_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

/** A file that is some kind of image by its type (the server decides from its bytes whether it takes it). */
export const isImageFile = (file: File) => file.type.startsWith('image/');

/** The sentence for an answer other than 201: the server's own for a refused image, ours otherwise. */
function failure(status: number, body: string): ImageUploadError {
  let message: string | null = null;
  try {
    const error = (JSON.parse(body) as { error?: unknown }).error;
    if (typeof error === 'string') message = error;
  } catch {
    // Not JSON: a proxy's page, say; the status speaks for it.
  }
  if (status === 0) return new ImageUploadError("The image could not be sent: the server can't be reached.", true);
  if (status === 401) return new ImageUploadError('The server did not accept your sign-in; reload the page and try again.', false);
  if (status === 403) return new ImageUploadError('You can view this document but not add images to it.', false);
  if ((status === 400 || status === 413 || status === 415) && message !== null) return new ImageUploadError(message, false);
  if (status >= 500) return new ImageUploadError('The server could not store the image; try again.', true);
  return new ImageUploadError(message ?? `The upload failed (HTTP ${status}).`, status === 429);
}

/**
 * Sends one image file to the sync server (`POST /api/docs/<doc>/uploads`, the file as the body,
 * with the document's token), reporting progress, and resolves to the image's absolute address on
 * `publicServerUrl` (everyone who opens the document loads it from there).
 * XMLHttpRequest rather than fetch: only it reports upload progress. Rejects with
 * `ImageUploadError`; `signal` aborts.
 */
export function uploadImage(
  target: UploadTarget,
  file: Blob,
  options: { onProgress?: (loaded: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<string> {
  const base = httpBaseOf(target.serverUrl);
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `${base}/api/docs/${encodeURIComponent(target.docId)}/uploads`);
    const token = target.token();
    if (token !== undefined) request.setRequestHeader('Authorization', `Bearer ${token}`);
    request.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    request.upload.onprogress = (event) => options.onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size);
    request.onload = () => {
      if (request.status !== 201) {
        reject(failure(request.status, request.responseText));
        return;
      }
      try {
        const { url } = JSON.parse(request.responseText) as { url: string };
        if (typeof url !== 'string' || !url.startsWith('/')) throw new Error('no url');
        resolve(`${httpBaseOf(target.publicServerUrl ?? target.serverUrl)}${url}`);
      } catch {
        reject(new ImageUploadError('The server answered the upload with something unexpected; try again.', true));
      }
    };
    request.onerror = () => reject(failure(0, ''));
    request.onabort = () => reject(new ImageUploadError('The upload was cancelled.', true));
    options.signal?.addEventListener('abort', () => request.abort(), { once: true });
    request.send(file);
  });
}
