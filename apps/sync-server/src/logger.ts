import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from './config/index.js';

export type { Logger } from 'pino';

/**
 * Structured JSON logs (pino). Children carry `doc` and `conn` ids, so every line about a
 * connection can be found by either. Writes to stdout unless a destination is given.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'tandem-sync-server' } };
  return destination === undefined ? pino(options) : pino(options, destination);
}
