import { ImageUploadError } from './imageUpload.js';

/** One image on its way to the server, or one that did not make it. */
export interface UploadItem {
  id: number;
  fileName: string;
  /** Bytes sent so far, and of how many. */
  loaded: number;
  total: number;
  state: 'uploading' | 'failed';
  /** Why it failed (shown as is), with `state` 'failed'. */
  error: string | null;
  /** Trying again may help (the server was unreachable), as opposed to a refusal. */
  retryable: boolean;
}

export interface UploadQueueOptions<Anchor> {
  /** Sends a file, reporting progress; resolves to the image's address. */
  upload: (file: File, onProgress: (loaded: number, total: number) => void) => Promise<string>;
  /** Puts the uploaded image where the upload was started (`anchor` has followed everyone's edits since). */
  insert: (src: string, anchor: Anchor) => void;
}

const FAILED_FALLBACK = 'The image could not be uploaded.';

/**
 * The uploads of one editor: each file is sent, its progress kept, and once stored the image is
 * inserted at its anchor (a place in the shared document that follows other people's edits, not
 * a number that goes stale). A failed upload stays listed with its reason until it is retried or
 * dismissed; `subscribe`/`getSnapshot` suit `useSyncExternalStore`.
 */
export class UploadQueue<Anchor> {
  readonly #options: UploadQueueOptions<Anchor>;
  readonly #listeners = new Set<() => void>();
  readonly #files = new Map<number, { file: File; anchor: Anchor }>();
  #items: readonly UploadItem[] = [];
  #nextId = 1;
  #closed = false;

  constructor(options: UploadQueueOptions<Anchor>) {
    this.#options = options;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): readonly UploadItem[] => this.#items;

  /** Starts uploading each file, to be inserted at `anchor`, in order. */
  add(files: readonly File[], anchor: Anchor): void {
    for (const file of files) {
      const id = this.#nextId++;
      this.#files.set(id, { file, anchor });
      this.#set([
        ...this.#items,
        { id, fileName: file.name || 'image', loaded: 0, total: file.size, state: 'uploading', error: null, retryable: false },
      ]);
      void this.#run(id);
    }
  }

  /** Shows a file that is not sent at all (not an image), as a failure with `message`. */
  refuse(file: File, message: string): void {
    const id = this.#nextId++;
    this.#set([
      ...this.#items,
      { id, fileName: file.name || 'file', loaded: 0, total: file.size, state: 'failed', error: message, retryable: false },
    ]);
  }

  retry(id: number): void {
    if (!this.#files.has(id)) return;
    this.#patch(id, { state: 'uploading', error: null, loaded: 0 });
    void this.#run(id);
  }

  dismiss(id: number): void {
    this.#files.delete(id);
    this.#set(this.#items.filter((item) => item.id !== id));
  }

  /** Stops reporting: uploads still running finish, but insert nothing. */
  close(): void {
    this.#closed = true;
    this.#listeners.clear();
  }

  async #run(id: number): Promise<void> {
    const entry = this.#files.get(id);
    if (entry === undefined) return;
    let src: string;
    try {
      src = await this.#options.upload(entry.file, (loaded, total) => this.#patch(id, { loaded, total }));
    } catch (error) {
      const known = error instanceof ImageUploadError;
      this.#patch(id, { state: 'failed', error: known ? error.message : FAILED_FALLBACK, retryable: known ? error.retryable : true });
      return;
    }
    if (this.#closed || !this.#files.has(id)) return;
    this.#options.insert(src, entry.anchor);
    this.dismiss(id);
  }

  #patch(id: number, patch: Partial<UploadItem>): void {
    if (!this.#items.some((item) => item.id === id)) return;
    this.#set(this.#items.map((item) => (item.id === id ? { ...item, ...patch } : item)));
  }

  #set(items: readonly UploadItem[]): void {
    if (this.#closed) return;
    this.#items = items;
    for (const listener of this.#listeners) listener();
  }
}
