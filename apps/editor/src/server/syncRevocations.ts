import type { Kysely } from 'kysely';
import type { AppTables } from '@/db/tables';

/** A `POST /api/revocations` body (see the sync server's README, "Revoking access"). */
export interface RevocationBody {
  sub?: string;
  jti?: string;
  access: 'none' | 'read';
  docs: string[];
  reason: string;
}

export interface SyncRevocations {
  /** Whether an admin API key is configured (without one, access ends at the next token renewal). */
  readonly live: boolean;
  /** Takes effect on open connections now; when the sync server cannot be reached, kept and sent again. */
  revoke(body: RevocationBody): Promise<'sent' | 'queued' | 'off'>;
  /** Lifts every revocation naming this user (they were let back in). */
  liftUser(sub: string): Promise<void>;
  /** Sends the kept revocations again; returns how many are still waiting. */
  retryPending(): Promise<number>;
}

interface Log {
  info(message: string): void;
  error(message: string): void;
}

/**
 * The app's side of the sync server's `/api/revocations` (admin API key): a removed member or a
 * narrowed right loses access on the connections already open, not only at the next token. A
 * revocation the server did not take is kept in `pending_revocation` and sent again (`retryPending`).
 */
export function createSyncRevocations(options: {
  httpUrl: string | null;
  adminKey: string | null;
  db: Kysely<AppTables>;
  log: Log;
  fetch?: typeof fetch;
}): SyncRevocations {
  const { httpUrl, db, log } = options;
  // Both are needed: the key, and where to send it.
  const adminKey = httpUrl === null ? null : options.adminKey;
  const doFetch = options.fetch ?? fetch;
  const headers = { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' };

  const post = async (body: RevocationBody): Promise<void> => {
    const response = await doFetch(`${httpUrl}/api/revocations`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`the sync server answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  };
  const describe = (body: RevocationBody) =>
    `${body.sub ? `user ${body.sub}` : `token ${body.jti}`} → ${body.access} on ${body.docs.join(',')}`;

  return {
    live: adminKey !== null,
    async revoke(body) {
      if (adminKey === null) return 'off';
      try {
        await post(body);
        log.info(`revoked on the sync server: ${describe(body)} (${body.reason})`);
        return 'sent';
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log.error(`could not revoke ${describe(body)} on the sync server, kept to send again: ${message}`);
        await db
          .insertInto('pending_revocation')
          .values({ body: JSON.stringify(body), created_at: Date.now(), last_error: message })
          .execute();
        return 'queued';
      }
    },
    async liftUser(sub) {
      if (adminKey === null) return;
      await db
        .deleteFrom('pending_revocation')
        .where('body', 'like', `%"sub":${JSON.stringify(sub)}%`)
        .execute();
      const response = await doFetch(`${httpUrl}/api/revocations`, { headers });
      if (!response.ok) throw new Error(`listing revocations: the sync server answered ${response.status}`);
      const { revocations } = (await response.json()) as { revocations: { id: string; sub: string | null }[] };
      for (const revocation of revocations.filter((r) => r.sub === sub)) {
        const lifted = await doFetch(`${httpUrl}/api/revocations/${encodeURIComponent(revocation.id)}`, { method: 'DELETE', headers });
        if (!lifted.ok && lifted.status !== 404)
          throw new Error(`lifting revocation ${revocation.id}: the sync server answered ${lifted.status}`);
      }
      log.info(`lifted the sync server's revocations of user ${sub}`);
    },
    async retryPending() {
      if (adminKey === null) return 0;
      const pending = await db.selectFrom('pending_revocation').selectAll().orderBy('id').limit(100).execute();
      let waiting = pending.length;
      for (const row of pending) {
        try {
          await post(JSON.parse(row.body) as RevocationBody);
          await db.deleteFrom('pending_revocation').where('id', '=', row.id).execute();
          waiting -= 1;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          await db
            .updateTable('pending_revocation')
            .set({ attempts: row.attempts + 1, last_error: message })
            .where('id', '=', row.id)
            .execute();
          break; // the server is still away: try the rest next time, in order
        }
      }
      return waiting;
    },
  };
}
