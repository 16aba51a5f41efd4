import type { PresenceNotice } from './presence.js';

/** Short-lived "Ada joined" / "Ada left" notices. */
export function Notices({ notices }: { notices: readonly PresenceNotice[] }) {
  return (
    <ol className="tandem-notices" aria-live="polite" data-testid="presence-notices">
      {notices.map((notice) => (
        <li key={notice.id} className="tandem-notices__item" data-testid="presence-notice" data-kind={notice.kind}>
          <span className="tandem-notices__dot" style={{ background: notice.color }} aria-hidden="true" />
          {notice.name} {notice.kind === 'joined' ? 'joined' : 'left'}
        </li>
      ))}
    </ol>
  );
}
