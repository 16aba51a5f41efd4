import { StoreError } from '../storeError.js';

/** `error` as a StoreError: itself if it is one, else one saying `message` (naming the doc, if any) with it as the cause. */
export function asStoreError(error: unknown, message: string, docName: string | null): StoreError {
  return error instanceof StoreError ? error : new StoreError(message, { docName, cause: error });
}
