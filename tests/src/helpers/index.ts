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
