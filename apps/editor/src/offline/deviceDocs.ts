import { isValidDocName } from '@tandem/editor-react/doc-name';

/**
 * The documents opened on this device, in localStorage: what the list shows when the sync server
 * cannot be reached, and which of them hold edits the server has not stored yet (`unsynced`: made
 * here, kept in this browser's IndexedDB, not yet acknowledged as durable by the server).
 */
export const DEVICE_DOCS_STORAGE_KEY = 'tandem.deviceDocs';
/** The most remembered; the least recently opened go first (never one with unsynced edits). */
export const MAX_DEVICE_DOCS = 200;

export interface DeviceDoc {
  name: string;
  title: string;
  /** When it was last opened here (epoch ms). */
  openedAt: number;
  unsynced: boolean;
}

export type DeviceDocs = Record<string, DeviceDoc>;

export function parseDeviceDocs(raw: string | null): DeviceDocs {
  if (raw === null) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const docs: DeviceDocs = {};
  for (const [name, entry] of Object.entries(value)) {
    const { title, openedAt, unsynced } = (entry ?? {}) as Record<string, unknown>;
    if (!isValidDocName(name) || typeof openedAt !== 'number') continue;
    docs[name] = { name, title: typeof title === 'string' ? title : '', openedAt, unsynced: unsynced === true };
  }
  return docs;
}

/** `name` with `patch` applied (added if new), and the oldest synced entries dropped past `MAX_DEVICE_DOCS`. */
export function withDeviceDoc(docs: DeviceDocs, name: string, patch: Partial<Omit<DeviceDoc, 'name'>>): DeviceDocs {
  const current = docs[name] ?? { name, title: '', openedAt: 0, unsynced: false };
  const next: DeviceDocs = { ...docs, [name]: { ...current, ...patch, name } };
  const removable = Object.values(next)
    .filter((doc) => !doc.unsynced && doc.name !== name)
    .sort((a, b) => a.openedAt - b.openedAt);
  for (let excess = Object.keys(next).length - MAX_DEVICE_DOCS; excess > 0; excess--) {
    const oldest = removable.shift();
    if (oldest === undefined) break;
    delete next[oldest.name];
  }
  return next;
}

/** Most recently opened first. */
export const deviceDocList = (docs: DeviceDocs): DeviceDoc[] =>
  Object.values(docs).sort((a, b) => b.openedAt - a.openedAt || a.name.localeCompare(b.name));

export function loadDeviceDocs(): DeviceDocs {
  return parseDeviceDocs(localStorage.getItem(DEVICE_DOCS_STORAGE_KEY));
}

/** Records a change for one document; a change that changes nothing is not written. */
export function updateDeviceDoc(name: string, patch: Partial<Omit<DeviceDoc, 'name'>>): void {
  const docs = loadDeviceDocs();
  const current = docs[name];
  if (current !== undefined && Object.entries(patch).every(([key, value]) => current[key as keyof DeviceDoc] === value)) return;
  localStorage.setItem(DEVICE_DOCS_STORAGE_KEY, JSON.stringify(withDeviceDoc(docs, name, patch)));
  window.dispatchEvent(new Event(DEVICE_DOCS_CHANGED));
}

/** Fired in this tab when the record changes (other tabs get the `storage` event). */
export const DEVICE_DOCS_CHANGED = 'tandem:device-docs';
