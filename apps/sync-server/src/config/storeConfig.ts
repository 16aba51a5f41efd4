import * as z from 'zod';
import { boolean, field, optionalText as optional, threshold } from './configField.js';

/** The LevelDB store's keys (the CLI opens the store with them). */
export const storeFields = {
  compactAfterUpdates: field(threshold(2), 500, 'Compact a document once it has this many stored update records (Infinity = never).'),
  compactAfterBytes: field(
    threshold(1),
    1024 * 1024,
    'Compact a document once this many update bytes were appended since the last compaction.',
  ),
  /**
   * Without it a stored update survives a process crash (SIGKILL), which is what the relay/ack
   * guarantee promises; with it, power loss too. Batching keeps the cost small when it is on.
   */
  fsync: field(
    boolean(),
    false,
    'fsync every store write, so a stored (relayed, acknowledged) update survives power loss; false = survives a process crash only.',
  ),
};

/** The PostgreSQL store's keys: set `databaseUrl` to keep documents in PostgreSQL instead of LevelDB. */
export const postgresFields = {
  databaseUrl: field(
    optional(/^postgres(ql)?:\/\/\S+$/, 'a postgres:// or postgresql:// URL'),
    null,
    'PostgreSQL that keeps the documents instead of LevelDB in dataDir (required for a cluster: see redisUrl).',
    { emptyIsSet: true, secret: true },
  ),
  databaseSchema: field(
    {
      schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/),
      expected: 'a lower-case PostgreSQL schema name',
      fromText: (raw: string) => raw.trim(),
    },
    'tandem',
    "PostgreSQL schema of Tandem's tables (created and migrated at start): several deployments can share one database.",
  ),
};

const storeObject = z.object(storeFields);
export type StoreConfig = z.output<typeof storeObject>;
