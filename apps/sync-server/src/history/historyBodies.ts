import { maxVersionNameLength } from '@tandem/persistence';
import * as z from 'zod';

/** `POST /api/docs/<name>/versions`: a named version of the document as it is (or names the version at `seq`). */
export const createVersionBody = z.strictObject({
  name: z.string().trim().min(1).max(maxVersionNameLength).describe('The name the version gets.'),
  seq: z.int().min(1).optional().describe('Name the version at this number instead of making one of the document as it is.'),
});

/** `POST /api/docs/<name>/versions/<seq>/restore`. */
export const restoreVersionBody = z.strictObject({
  clientId: z
    .int()
    .min(0)
    .optional()
    .describe(
      "The Yjs client id of the restorer's editor on this document: the change then comes from its connection, and the editor applies `update` from the answer as its own (undoable) change.",
    ),
});

/** The version history's request bodies, by the name the OpenAPI document gives them. */
export const historyBodySchemas = {
  CreateVersion: createVersionBody,
  RestoreVersion: restoreVersionBody,
};
