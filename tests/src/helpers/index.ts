export { type Client, type ConnectClientOptions, connectClient } from './connectClient.js';
export { connectRaw, type RawClient } from './rawClient.js';
export {
  cliPath,
  type ExitResult,
  runCli,
  type ServerProcess,
  type SpawnServerOptions,
  spawnServerProcess,
} from './spawnServerProcess.js';
export { type StartedServer, type StartServerOptions, startServer } from './startServer.js';
export { containsAll, loadStoredDoc } from './loadStoredDoc.js';
export { type EventStreamClient, openEventStream, type ServerSentEvent } from './openEventStream.js';
export { makeTempDir } from './tempDir.js';
export { metricSample, scrapeMetrics } from './scrapeMetrics.js';
export { overrideStore } from './overrideStore.js';
export { registerTeardown } from './teardown.js';
export { tryUpgrade, type UpgradeAttempt } from './tryUpgrade.js';
export { type WaitForOptions, waitFor } from './waitFor.js';
export { systemTool } from './systemTool.js';
export { redisUrl, systemService } from './systemService.js';
export { type RedisProcess, startRedisProcess } from './redisProcess.js';
export {
  createTestDatabase,
  freshSchema,
  postgresAvailable,
  queryDatabase,
  type TestDatabase,
} from '../../../packages/persistence/test/postgresTestDatabase.js';
export { type ClusterOptions, type ProcessCluster, startProcessCluster, storedCovers } from './clusterNodes.js';
export { type OwnPostgres, ownPostgresAvailable, startOwnPostgres } from '../../../packages/persistence/test/ownPostgres.js';
export { seededRandom } from './seededRandom.js';
export { fileDatabase } from './fileDatabase.js';
export { type RecordingClient, recordingClient } from './recordingClient.js';
export { newWebhookSecret, type ReceivedWebhook, startWebhookReceiver, type WebhookReceiver } from './webhookReceiver.js';
