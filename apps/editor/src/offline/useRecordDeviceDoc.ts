'use client';

import type { Collaboration } from '@tandem/editor-react';
import { useEffect } from 'react';
import { TITLE_FIELD } from '@/document/TitleField';
import { updateDeviceDoc } from './deviceDocs';

/**
 * Keeps this device's record of an open document: when it was opened, its title, and whether it
 * holds edits the server has not stored yet. Those are marked as soon as the editor has any
 * (`saveState` other than saved), and cleared only once the editor is connected, synced and
 * told by the server that everything is durable: edits kept in IndexedDB from an earlier visit
 * count until then, because they reach the server only in the next connection's sync.
 */
export function useRecordDeviceDoc(docId: string, collaboration: Collaboration): void {
  const { doc, saveState, synced, status, readOnly } = collaboration;

  useEffect(() => {
    updateDeviceDoc(docId, { openedAt: Date.now() });
  }, [docId]);

  useEffect(() => {
    if (doc === null) return;
    const title = doc.getText(TITLE_FIELD);
    const record = () => {
      const text = title.toString().trim();
      if (text !== '') updateDeviceDoc(docId, { title: text });
    };
    record();
    title.observe(record);
    return () => title.unobserve(record);
  }, [doc, docId]);

  useEffect(() => {
    if (readOnly) return;
    if (saveState !== 'saved') updateDeviceDoc(docId, { unsynced: true });
    else if (status === 'connected' && synced) updateDeviceDoc(docId, { unsynced: false });
  }, [docId, saveState, synced, status, readOnly]);
}
