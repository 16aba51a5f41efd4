import type { ConnectionStatus } from './connectionStatus.js';
import type { SaveState } from './saveTracker.js';

const descriptions = {
  connecting: 'Connecting to the server…',
  offline: 'Offline. Changes are kept on this device and will sync when the connection is back.',
  saving: 'Connected. Saving your latest changes to the server…',
  saved: 'Connected. Every change is stored on the server.',
  unsaved: 'Connected. Changes made offline are on their way to the server.',
  live: 'Connected. View only: every change by others shows up as it happens.',
} as const;

const labels = {
  connecting: 'Connecting…',
  offline: 'Offline',
  saving: 'Saving…',
  saved: 'Saved',
  unsaved: 'Not saved yet',
  live: 'Live',
} as const;

/**
 * One badge for connection and durability: Connecting… / Offline / Saving… / Saved, or Live for a
 * read-only document (it has nothing to save). "Saved" means the server has acknowledged writing
 * every change to disk.
 */
export function StatusBadge({ status, saveState, synced, readOnly = false }: { status: ConnectionStatus; saveState: SaveState; synced: boolean; readOnly?: boolean }) {
  const shown = status !== 'connected' ? status : !synced ? 'connecting' : readOnly ? 'live' : saveState;
  return (
    <span className="tandem-status" data-testid="status-badge" data-status={status} data-save-state={saveState} data-shown={shown} role="status" title={descriptions[shown]} aria-label={descriptions[shown]}>
      <span className="tandem-status__dot" aria-hidden="true" />
      {labels[shown]}
    </span>
  );
}
