'use client';

import { useSyncExternalStore } from 'react';
import { DEVICE_DOCS_CHANGED, DEVICE_DOCS_STORAGE_KEY, type DeviceDocs, loadDeviceDocs } from './deviceDocs';

let cached: { raw: string | null; docs: DeviceDocs } = { raw: null, docs: {} };

function snapshot(): DeviceDocs {
  const raw = localStorage.getItem(DEVICE_DOCS_STORAGE_KEY);
  if (raw !== cached.raw) cached = { raw, docs: loadDeviceDocs() };
  return cached.docs;
}

function subscribe(onChange: () => void): () => void {
  const onStorage = (event: StorageEvent) => {
    if (event.key === DEVICE_DOCS_STORAGE_KEY || event.key === null) onChange();
  };
  window.addEventListener('storage', onStorage);
  window.addEventListener(DEVICE_DOCS_CHANGED, onChange);
  return () => {
    window.removeEventListener('storage', onStorage);
    window.removeEventListener(DEVICE_DOCS_CHANGED, onChange);
  };
}

const none: DeviceDocs = {};

/** The documents opened on this device, kept current across tabs; empty while rendered on the server. */
export function useDeviceDocs(): DeviceDocs {
  return useSyncExternalStore(subscribe, snapshot, () => none);
}
