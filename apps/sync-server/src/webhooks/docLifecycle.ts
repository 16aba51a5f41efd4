/** What the documents API tells the webhooks about documents' lives (no-ops without webhooks). */
export interface DocLifecycle {
  /** A document was just made through the API (created, duplicated): announce it now. */
  created(name: string): Promise<void>;
  /** A document is about to be deleted: announce its changes nobody announced yet, first. */
  deleting(name: string): Promise<void>;
  deleted(
    name: string,
    details: { title: string | null; deletedBy: string | null; deletedAt: number; purgeAt: number | null; trashKey: string | null },
  ): Promise<void>;
  /** A deleted document is about to be written back: its first changes are the restore, not a creation. Call the result when done. */
  restoring(name: string): () => void;
  restored(name: string, details: { title: string | null; restoredBy: string | null; deletedAt: number; seq: number }): Promise<void>;
  /** A deleted document's retention ran out and its content is gone. */
  purged(entry: { name: string; title: string | null; deletedAt: number; key: string }): Promise<void>;
  /** A version was restored into the document. */
  versionRestored(
    name: string,
    details: { seq: number; toSeq: number; restoredBy: string | null; versionBefore: number | null; changed: boolean },
  ): Promise<void>;
}

export const noDocLifecycle: DocLifecycle = {
  created: async () => {},
  deleting: async () => {},
  deleted: async () => {},
  restoring: () => () => {},
  restored: async () => {},
  purged: async () => {},
  versionRestored: async () => {},
};
