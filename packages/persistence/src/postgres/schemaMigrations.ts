/**
 * The store's schema, as versioned migrations, oldest first. Each runs once per schema, in its own
 * transaction, recorded in `<schema>.migrations` (see migrateSchema.ts). Never edit a migration that
 * has shipped: add the next version. `s` is the quoted schema name.
 */
export interface SchemaMigration {
  version: number;
  name: string;
  sql: (s: string) => string;
}

export const schemaMigrations: readonly SchemaMigration[] = [
  {
    version: 1,
    name: 'docs, batches and the write probe',
    sql: (s) => `
      -- One row per document. Its row lock is what orders appends across processes: an append
      -- raises seq by its number of updates (INSERT ... ON CONFLICT DO UPDATE), so the numbers are
      -- consecutive and commit order is number order. id changes when a doc is deleted and created
      -- again, so work begun on the old one (a compaction) cannot touch the new one.
      CREATE TABLE ${s}.docs (
        name text COLLATE "C" PRIMARY KEY,
        id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        seq bigint NOT NULL,
        title text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        total_updates bigint NOT NULL,
        update_count bigint NOT NULL,
        bytes bigint NOT NULL,
        base_bytes bigint NOT NULL DEFAULT 0,
        damaged text
      ) WITH (fillfactor = 70);
      COMMENT ON COLUMN ${s}.docs.name IS 'byte order (COLLATE "C"), which for UTF-8 is code-point order: the order of list()';
      COMMENT ON COLUMN ${s}.docs.update_count IS 'stored updates (a compacted base counts as one)';
      COMMENT ON COLUMN ${s}.docs.base_bytes IS 'bytes of the compacted base: the byte threshold counts what was appended since';
      COMMENT ON COLUMN ${s}.docs.damaged IS 'set (by an operator or a repair) when the stored data is known to be damaged: what is wrong';

      -- One row per append (a batch of updates with its author), or per compacted run of them.
      CREATE TABLE ${s}.batches (
        doc_id bigint NOT NULL REFERENCES ${s}.docs (id) ON DELETE CASCADE,
        first_seq bigint NOT NULL,
        seq bigint NOT NULL,
        authors text[] NOT NULL,
        stored_at timestamptz NOT NULL,
        updates bytea NOT NULL,
        sizes int[] NOT NULL,
        PRIMARY KEY (doc_id, seq),
        CHECK (first_seq <= seq AND (cardinality(sizes) = seq - first_seq + 1 OR cardinality(sizes) = 1))
      );
      COMMENT ON COLUMN ${s}.batches.updates IS 'the Yjs updates (v1) of the batch one after the other; sizes has their lengths';
      COMMENT ON COLUMN ${s}.batches.sizes IS 'one entry per update (one for a compacted run, whose numbers it covers whole)';

      -- checkWritable() writes here: a real write, refused by a read-only or failing server.
      CREATE TABLE ${s}.probe (
        id int PRIMARY KEY,
        checked_at timestamptz NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'versions, attribution of merged batches, records left by the last compaction',
    sql: (s) => `
      -- A version names a sequence number of its doc: the state the batches up to it make. A
      -- compaction merges batches only between two versions, so each stays the end of a batch.
      CREATE TABLE ${s}.versions (
        doc_id bigint NOT NULL REFERENCES ${s}.docs (id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        kind text NOT NULL CHECK (kind IN ('auto', 'named')),
        name text,
        created_by text,
        created_at timestamptz NOT NULL,
        authors text[] NOT NULL,
        PRIMARY KEY (doc_id, seq)
      );
      COMMENT ON COLUMN ${s}.versions.authors IS 'authors of the changes since the previous version, in the order they first wrote';
      ALTER TABLE ${s}.batches ADD COLUMN attribution bytea;
      COMMENT ON COLUMN ${s}.batches.attribution IS 'a merged batch of several authors: who inserted and deleted which items';
      ALTER TABLE ${s}.docs ADD COLUMN base_count bigint NOT NULL DEFAULT 1;
      COMMENT ON COLUMN ${s}.docs.base_count IS 'records the last compaction left (one per span between versions): the count threshold counts what was appended since';
    `,
  },
  {
    version: 3,
    name: 'the outbox: entries, attempts, cursors, endpoint health',
    sql: (s) => `
      -- One row per message for one endpoint (the sync server's webhook deliveries). Times are epoch
      -- milliseconds the caller passes. A lane's pending rows are handed out in id order; a claim
      -- leases a row (lease_owner, lease_until), taken with FOR UPDATE SKIP LOCKED.
      CREATE TABLE ${s}.outbox_entries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id text NOT NULL,
        type text NOT NULL,
        endpoint text NOT NULL,
        lane text NOT NULL,
        payload text NOT NULL,
        created_at bigint NOT NULL,
        replay_of bigint,
        state text NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at bigint NOT NULL,
        last_attempt_at bigint,
        settled_at bigint,
        lease_owner text,
        lease_until bigint
      );
      CREATE UNIQUE INDEX outbox_entries_event ON ${s}.outbox_entries (endpoint, event_id) WHERE replay_of IS NULL;
      CREATE INDEX outbox_entries_lanes ON ${s}.outbox_entries (endpoint, lane, id) WHERE state = 'pending';
      CREATE INDEX outbox_entries_endpoint ON ${s}.outbox_entries (endpoint, id);
      CREATE INDEX outbox_entries_settled ON ${s}.outbox_entries (settled_at) WHERE settled_at IS NOT NULL;

      -- One row per attempt, kept for the delivery log (pruned by age and count).
      CREATE TABLE ${s}.outbox_attempts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        entry_id bigint NOT NULL,
        event_id text NOT NULL,
        type text NOT NULL,
        endpoint text NOT NULL,
        lane text NOT NULL,
        attempt int NOT NULL,
        at bigint NOT NULL,
        duration_ms double precision NOT NULL,
        status_code int,
        error text,
        delivered boolean NOT NULL
      );
      CREATE INDEX outbox_attempts_endpoint ON ${s}.outbox_attempts (endpoint, id);

      -- Named cursors (the last sequence number announced of each document).
      CREATE TABLE ${s}.outbox_cursors (
        name text COLLATE "C" PRIMARY KEY,
        seq bigint NOT NULL
      );

      CREATE TABLE ${s}.outbox_endpoints (
        endpoint text PRIMARY KEY,
        failing_since bigint,
        last_delivered_at bigint,
        disabled_at bigint,
        disabled_reason text
      );
    `,
  },
];
