import * as z from 'zod';
import { field, integer } from './configField.js';

const HOUR_MS = 60 * 60 * 1000;

/** Version history: when the server takes automatic versions, and how long it keeps them. */
export const historyFields = {
  versionPauseMs: field(
    integer(0, 24 * HOUR_MS),
    30_000,
    'Take an automatic version of a document once its editing has paused this long (no change stored); 0 = no automatic versions.',
  ),
  versionMaxIntervalMs: field(
    integer(1000, 24 * HOUR_MS),
    600_000,
    '...and at least this often while its editing goes on without such a pause.',
  ),
  versionKeepAllDays: field(integer(0, 36_500), 30, 'Keep every automatic version this many days (named versions are always kept).'),
  versionKeepHourlyDays: field(
    integer(0, 36_500),
    90,
    'After that, keep one automatic version per hour (the last of the hour) until a version is this many days old.',
  ),
  versionKeepDailyDays: field(
    integer(0, 36_500),
    0,
    'After that, keep one automatic version per day (UTC) until it is this many days old, then delete it; 0 keeps one per day for ever.',
  ),
};

const historyObject = z.object(historyFields);
export type HistoryConfig = z.output<typeof historyObject>;
