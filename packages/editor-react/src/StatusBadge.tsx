import type { ConnectionStatus, OfflineCause } from './connectionStatus.js';
import type { SaveState } from './saveTracker.js';
import { useSettledSaveState } from './useSettledSaveState.js';

const descriptions = {
  connecting: 'Connecting to the server…',
  offline: 'Offline. Changes are kept on this device and will sync when the connection is back.',
  unreachable: 'The server cannot be reached. Changes are kept on this device and will sync once it is back.',
  saving: 'Connected. Saving your latest changes to the server…',
  saved: 'Connected. Every change is stored on the server.',
  unsaved: 'Connected. Changes made offline are on their way to the server.',
  live: 'Connected. View only: every change by others shows up as it happens.',
} as const;

const labels = {
  connecting: 'Connecting…',
  offline: 'Offline',
  unreachable: 'Server unreachable',
  saving: 'Saving…',
  saved: 'Saved',
  unsaved: 'Not saved yet',
  live: 'Live',
} as const;

/**
 * One badge for connection and durability: Connecting… / Offline (or Server unreachable) / Saving… / Saved, or Live for a
 * read-only document (it has nothing to save). "Saved" means the server has acknowledged writing
 * every change to disk; it comes back only once changes have been on disk for a moment (no flicker
 * while typing), never before.
 */
export function StatusBadge({
  status,
  saveState,
  synced,
  readOnly = false,
  offlineCause = null,
}: {
  status: ConnectionStatus;
  /** Why it is offline: says "Server unreachable" rather than "Offline" when the network is fine. */
  offlineCause?: OfflineCause | null;
  saveState: SaveState;
  synced: boolean;
  readOnly?: boolean;
}) {
  const settledSaveState = useSettledSaveState(saveState);
  const shown = status !== 'connected' ? status : !synced ? 'connecting' : readOnly ? 'live' : settledSaveState;
  const wording = shown === 'offline' && offlineCause === 'server' ? 'unreachable' : shown;
  return (
    <span
      className="tandem-status"
      data-testid="status-badge"
      data-status={status}
      data-save-state={saveState}
      data-shown={shown}
      data-cause={offlineCause ?? undefined}
      role="status"
      title={descriptions[wording]}
      aria-label={descriptions[wording]}
    >
      <span className="tandem-status__dot" aria-hidden="true" />
      <span className="tandem-status__label">{labels[wording]}</span>
    </span>
  );
}
