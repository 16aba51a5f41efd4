import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { syncDirectory } from './uploadStore.js';

/** The file, in the uploads directory, that the sweeps of every node share. */
export const SWEEP_STATE_FILE = 'sweep-state.json';

const sweepStateSchema = z.object({
  format: z.literal(1),
  /** The document store whose documents keep these images (see `uploadsOwner.ts`). */
  storeId: z.string().min(1),
  lastSweep: z
    .object({
      node: z.string(),
      startedAt: z.number(),
      finishedAt: z.number(),
      freedFiles: z.int().min(0),
      freedBytes: z.number().min(0),
    })
    .nullable(),
  /** Images a sweep found unreferenced (name → when first found so): the next sweep that agrees frees them. */
  unreferenced: z.record(z.string().regex(/^[0-9a-f]{64}\.(png|jpg|gif|webp)$/), z.number()),
});

export type SweepState = z.output<typeof sweepStateSchema>;

/** The state file is there but is not one (damaged, or not ours): no sweep runs until someone looks. */
export class SweepStateUnreadable extends Error {
  override readonly name = 'SweepStateUnreadable';
}

/** The shared sweep state, or null when no sweep has finished in this directory yet. */
export async function readSweepState(dir: string): Promise<SweepState | null> {
  const path = join(dir, SWEEP_STATE_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SweepStateUnreadable(`${path} is not JSON (${(error as Error).message})`);
  }
  const result = sweepStateSchema.safeParse(parsed);
  if (!result.success) throw new SweepStateUnreadable(`${path} is not a sweep state: ${z.prettifyError(result.error)}`);
  return result.data;
}

/** Replaces the state file atomically and durably (temporary file, fsync, rename, directory fsync). */
export async function writeSweepState(dir: string, state: SweepState): Promise<void> {
  const temp = join(dir, 'tmp', `sweep-state-${process.pid}-${randomBytes(6).toString('hex')}`);
  await mkdir(join(dir, 'tmp'), { recursive: true });
  const file = await open(temp, 'wx');
  try {
    await file.writeFile(`${JSON.stringify(sweepStateSchema.parse(state))}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await rename(temp, join(dir, SWEEP_STATE_FILE));
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}
