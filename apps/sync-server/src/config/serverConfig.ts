import * as z from 'zod';
import { field, integer, oneOf, text } from './configField.js';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

const MiB = 1024 * 1024;

/** The server's own keys: where it listens, its log, frames, heartbeat, shutdown and memory release. */
export const serverFields = {
  host: field(text({ trim: true }), '127.0.0.1', 'Interface to listen on (use 0.0.0.0 to accept connections from other machines).'),
  port: field(integer(0, 65535), 1234, 'TCP port for WebSocket and HTTP; 0 picks a free port (reported in the start-up log line).'),
  dataDir: field(text(), './data', 'Directory of the LevelDB store (created if missing).'),
  logLevel: field(oneOf(logLevels), 'info', `JSON log level: ${logLevels.join(', ')}.`),
  maxMessageBytes: field(
    integer(1024, 1024 * MiB),
    16 * MiB,
    'Largest accepted WebSocket frame; a bigger one closes that connection with 1009.',
  ),
  heartbeatIntervalMs: field(
    integer(100, 600_000),
    2000,
    'Heartbeat: a quiet connection is pinged about once per interval, a sending one never; silent for two intervals, it is dropped and its awareness removed.',
  ),
  shutdownTimeoutMs: field(integer(100, 600_000), 10_000, 'On SIGTERM/SIGINT, give up the graceful shutdown after this long and exit 1.'),
  /**
   * CLI only: process-wide, so `createSyncServer` ignores it (an embedding app owns its process;
   * see `startMemoryReleaser`).
   */
  memoryReleaseIdleMs: field(
    integer(0, 3_600_000),
    1000,
    'After RSS grew and the server was then idle this long (no document frame received, event loop under 10% busy), run malloc_trim to give the memory back to the OS, let V8 shrink its young generation (memory-saving mode until it has, ~8 s), then a full GC and another trim; 0 = never. CLI only.',
  ),
};

const serverObject = z.object(serverFields);
export type ServerConfig = z.output<typeof serverObject>;
