import type { DeviceDocs } from '@/offline/deviceDocs';
import type { ListedDocument } from '@/workspace/documentList';
import type { DocSummary } from './docSummary';

/** One document on the home page: the app's record (who made it, who shared it) and the sync server's (live title, last edit, activity). */
export interface HomeRow {
  name: string;
  title: string | null;
  /** Last stored edit (sync server); null when it holds nothing of it yet. */
  updatedAt: number | null;
  createdAt: number | null;
  /** Only known from this device: when it was last opened here. */
  openedAt?: number;
  editors: number;
  /** This device holds edits of it that the server has not stored yet. */
  unsynced: boolean;
  mine: boolean;
  createdBy: string | null;
  sharedWithMe: ListedDocument['sharedWithMe'];
  access: 'edit' | 'view' | null;
  canDelete: boolean;
}

export type HomeFilter = 'all' | 'mine' | 'shared';
export type HomeSort = 'edited' | 'created' | 'title';

export interface HomeSources {
  /** The sync server's documents (what the token lists) and live connection counts. */
  docs: readonly DocSummary[];
  activity: ReadonlyMap<string, number>;
  /** The sync server's list has loaded (else the device's documents stand in for it). */
  ready: boolean;
  /** The app's list (null: not loaded, e.g. offline). */
  app: readonly ListedDocument[] | null;
  /** In the trash: left out even where a list from before still names them. */
  trashed: ReadonlySet<string>;
  device: DeviceDocs;
}

/**
 * Every document the person can open: the app's (their workspace's, shared with them, through
 * links) joined with the sync server's metadata by name; those the sync server lists that the app
 * has no record of (made through its API); those open right now but not stored yet; and, when the
 * list cannot be had (offline), those opened on this device (and always those with edits the
 * server has not stored). Never one in the trash.
 */
export function homeRows({ docs, activity, ready, app, trashed, device }: HomeSources): HomeRow[] {
  const unsynced = (name: string) => device[name]?.unsynced === true;
  const rows = new Map<string, HomeRow>();
  const base = (name: string): HomeRow => ({
    name,
    title: null,
    updatedAt: null,
    createdAt: null,
    editors: activity.get(name) ?? 0,
    unsynced: unsynced(name),
    mine: false,
    createdBy: null,
    sharedWithMe: null,
    access: null,
    canDelete: false,
  });
  for (const doc of app ?? []) {
    rows.set(doc.id, {
      ...base(doc.id),
      title: doc.title,
      createdAt: doc.createdAt,
      mine: doc.mine,
      createdBy: doc.createdBy?.name ?? null,
      sharedWithMe: doc.sharedWithMe,
      access: doc.access,
      canDelete: doc.canDelete,
    });
  }
  for (const doc of docs) {
    const row = rows.get(doc.name) ?? base(doc.name);
    rows.set(doc.name, { ...row, title: doc.title ?? row.title, updatedAt: doc.updatedAt, createdAt: row.createdAt ?? doc.createdAt });
  }
  for (const name of activity.keys()) if (!rows.has(name)) rows.set(name, base(name));
  for (const doc of Object.values(device)) {
    if (rows.has(doc.name) || (ready && !doc.unsynced)) continue;
    rows.set(doc.name, { ...base(doc.name), title: doc.title || null, openedAt: doc.openedAt });
  }
  return [...rows.values()].filter((row) => !trashed.has(row.name));
}

/** When it was last worked on: stored edit, else being edited now, else opened here, else created. */
function lastTouched(row: HomeRow): number {
  if (row.updatedAt !== null) return row.updatedAt;
  if (row.editors > 0) return Number.POSITIVE_INFINITY;
  return row.openedAt ?? row.createdAt ?? 0;
}

const titleOf = (row: HomeRow) => (row.title?.trim() || 'Untitled').toLocaleLowerCase();

/** The rows a filter, a title search (any case, any part) and a sort leave, in order. */
export function shownRows(rows: readonly HomeRow[], view: { filter: HomeFilter; query: string; sort: HomeSort }): HomeRow[] {
  const query = view.query.trim().toLocaleLowerCase();
  const kept = rows.filter(
    (row) =>
      (view.filter === 'all' || (view.filter === 'mine' ? row.mine : row.sharedWithMe !== null)) &&
      (query === '' || titleOf(row).includes(query)),
  );
  const byName = (a: HomeRow, b: HomeRow) => a.name.localeCompare(b.name);
  const order: Record<HomeSort, (a: HomeRow, b: HomeRow) => number> = {
    edited: (a, b) => lastTouched(b) - lastTouched(a) || byName(a, b),
    created: (a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0) || byName(a, b),
    title: (a, b) => titleOf(a).localeCompare(titleOf(b)) || byName(a, b),
  };
  return kept.sort(order[view.sort]);
}
