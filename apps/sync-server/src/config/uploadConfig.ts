import * as z from 'zod';
import { field, integer, optionalText as optional } from './configField.js';

const MiB = 1024 * 1024;
const HOUR = 60 * 60;
const DAY = 24 * HOUR;

/** Images uploaded into documents: where their bytes are kept and how large one may be. */
export const uploadFields = {
  uploadsDir: field(
    optional(/\S/, 'a directory path'),
    null,
    'Directory of uploaded images, one file per content hash (created when the first one comes); unset = <dataDir>/uploads. Several nodes need a directory they all share.',
  ),
  maxUploadBytes: field(
    integer(1024, 1024 * MiB),
    10 * MiB,
    'Largest image an editor may upload; a bigger one gets 413 and is not stored.',
  ),
  uploadSweepIntervalSec: field(
    integer(0, 30 * DAY),
    6 * HOUR,
    'Free uploaded images no stored document refers to (in its current state, its kept versions or the trash) this often, one node of a cluster at a time; 0 = only when asked (POST /api/uploads/sweep).',
  ),
  uploadGraceSec: field(
    integer(60, 365 * DAY),
    DAY,
    'Never free an image uploaded (or uploaded again) less than this long ago: it may not be in a document yet, or the edit that inserted it may not have reached the server.',
  ),
};

const uploadObject = z.object(uploadFields);
export type UploadConfig = z.output<typeof uploadObject>;
