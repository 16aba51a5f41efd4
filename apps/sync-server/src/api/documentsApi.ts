import { randomBytes } from 'node:crypto';
import { createCursorSeal } from '../security/cursorSeal.js';
import { DocumentCodec } from '@tandem/document';
import type { DocumentStore } from '@tandem/persistence';
import type { Registry } from 'prom-client';
import { CloseCode } from '@tandem/protocol';
import type { Enforcement } from '../access/accessEnforcer.js';
import { RevocationList } from '../access/revocationList.js';
import { revocationRoutes } from '../access/revocationRoutes.js';
import type { TokenVerifier } from '../auth/createTokenVerifier.js';
import type { SyncServerConfig } from '../config/index.js';
import type { Route } from '../httpRoutes.js';
import type { Logger } from '../logger.js';
import type { RoomRegistry } from '../sync/roomRegistry.js';
import type { UpgradeGuard } from '../upgrade.js';
import { apiCaller } from './apiCaller.js';
import type { ApiContext } from './apiContext.js';
import { ApiKeys } from './apiKeys.js';
import { type ApiRoute, toRoute } from './apiRoute.js';
import { createConversionPool } from '../conversions/createConversionPool.js';
import { DocumentRooms } from './documentRooms.js';
import { KeyedLock } from './keyedLock.js';
import { historyRoutes } from '../history/historyRoutes.js';
import { lifecycleRoutes } from './lifecycleRoutes.js';
import { openApiRoute } from './openApiRoute.js';
import { readRoutes } from './readRoutes.js';
import { RoomConversions } from './roomConversions.js';
import { Trash } from './trash.js';
import { writeRoutes } from './writeRoutes.js';
import { uploadRoutes } from './uploadRoutes.js';
import { createUploads, type Uploads } from '../uploads/createUploads.js';
import { type DocLifecycle, noDocLifecycle } from '../webhooks/docLifecycle.js';
import type { WebhookEndpoint } from '../webhooks/webhookEndpoints.js';
import { webhookRoutes } from '../webhooks/webhookRoutes.js';

export interface DocumentsApiOptions {
  config: SyncServerConfig;
  store: DocumentStore;
  registry: RoomRegistry;
  /** The token verifier of the WebSocket upgrades (the same tokens work here). */
  verifier: Promise<TokenVerifier>;
  logger: Logger;
  /** The key of listing cursors (default: one of this process's own; a cluster passes the key its nodes share). */
  cursorKey?: () => Uint8Array;
  /** A document was deleted (a cluster tells its other nodes, which close their connections to it). */
  onDeleted?: (name: string) => void;
  /**
   * The revocations applied to tokens and managed at `/api/revocations`, and what to do when they
   * change (apply them to the open connections). Default: a list of its own in `store`, applied to
   * API calls only.
   */
  access?: { revocations: RevocationList; onChanged: () => Enforcement };
  /** Uploaded images and their sweep (default: its own, closed with the API). */
  uploads?: Uploads;
  /** The webhooks: told of documents' lives, and managed at `/api/webhooks` (default: none configured). */
  webhooks?: { lifecycle: DocLifecycle; endpoints: ReadonlyMap<string, WebhookEndpoint>; wake: () => void };
  /** Where the conversion pool's metrics go (queue depth, jobs running, job durations). */
  metricsRegistry?: Registry;
}

export interface DocumentsApi {
  /** The routes, for the HTTP router. */
  routes: Route[];
  /** Every operation (method and OpenAPI path), in the order of `routes`. */
  operations: { method: string; path: string }[];
  /** Closes at once the WebSocket of a document being deleted (4410). */
  guard: UpgradeGuard;
  /** Stops the purge timer, lets go of the documents kept loaded and terminates the conversion workers. */
  close: () => Promise<void>;
}

/**
 * The documents API (`/api/docs`, `/api/trash`, `/api/openapi.json`): documents as data, read in
 * any format, written into while people edit them, deleted and restored. Described by
 * `openapi.json`; see the README's "Documents API".
 */
export function createDocumentsApi(options: DocumentsApiOptions): DocumentsApi {
  const { config, store, logger } = options;
  const keys = new ApiKeys(config.apiKeys);
  const access = options.access ?? {
    revocations: new RevocationList({ store, maxTokenLifetimeMs: config.authMaxTokenLifetimeSec * 1000 }),
    onChanged: () => ({ closed: 0, madeReadOnly: 0 }),
  };
  const codec = new DocumentCodec();
  const retentionMs = config.deletedDocRetentionSec * 1000;
  const webhooks = options.webhooks ?? { lifecycle: noDocLifecycle, endpoints: new Map<string, WebhookEndpoint>(), wake: () => {} };
  const trash = new Trash({ store, retentionMs, onPurged: (entry) => void webhooks.lifecycle.purged(entry) });
  const uploads = options.uploads ?? createUploads({ config, store, logger });
  const rooms = new DocumentRooms({ registry: options.registry, codec, keepLoadedMs: config.apiKeepDocLoadedMs });
  // Workers start with the first conversion, not with the server.
  const pool = createConversionPool(config, options.metricsRegistry);
  const requestPrefix = randomBytes(3).toString('hex');
  let requests = 0;
  const context: ApiContext = {
    store,
    rooms,
    conversions: new RoomConversions(pool),
    codec,
    trash,
    logger,
    locks: new KeyedLock(),
    deleting: new Set(),
    limits: { maxBodyBytes: config.apiMaxBodyBytes, maxDocBytes: config.maxDocBytes, retentionMs },
    caller: async (req, url) => apiCaller(req, url, await options.verifier, keys, access.revocations),
    requestId: () => `${requestPrefix}-${++requests}`,
    cursorSeal: createCursorSeal(options.cursorKey),
    onDeleted: options.onDeleted ?? (() => {}),
    lifecycle: webhooks.lifecycle,
  };
  // The version history's routes first: `/api/docs/{name}` would take `…/versions` as part of a name.
  const apiRoutes: ApiRoute[] = [
    openApiRoute(),
    ...historyRoutes(context),
    ...uploadRoutes(context, uploads),
    ...readRoutes(context),
    ...writeRoutes(context),
    ...lifecycleRoutes(context),
    ...revocationRoutes({ ...access, caller: context.caller, maxBodyBytes: config.apiMaxBodyBytes, logger }),
    ...webhookRoutes({ ...webhooks, outbox: store.outbox, caller: context.caller, maxBodyBytes: config.apiMaxBodyBytes, logger }),
  ];

  // Deleted documents past their retention are purged a few times per retention period (at most hourly).
  const purge = () => {
    trash.purgeExpired().then(
      (purged) => purged > 0 && logger.info({ purged }, 'deleted documents purged'),
      (error: unknown) => logger.warn({ err: error }, 'purging deleted documents failed; retrying later'),
    );
  };
  const purgeTimer = retentionMs > 0 ? setInterval(purge, Math.min(Math.max(retentionMs / 4, 1000), 3_600_000)) : null;
  purgeTimer?.unref();

  return {
    routes: apiRoutes.map(toRoute),
    operations: apiRoutes.map(({ method, path }) => ({ method, path })),
    guard: ({ docName }) => (context.deleting.has(docName) ? { accept: true, closeWith: CloseCode.DocumentDeleted } : { accept: true }),
    close: async () => {
      if (purgeTimer !== null) clearInterval(purgeTimer);
      rooms.close();
      if (options.uploads === undefined) void uploads.close();
      await pool.close();
    },
  };
}
