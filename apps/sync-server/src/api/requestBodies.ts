import { CONTENT_FORMATS } from '@tandem/document';
import { isValidDocName, validateDocName } from '@tandem/protocol';
import * as z from 'zod';
import { HttpError } from '../httpError.js';
import type { RequestBody } from './readBody.js';

const docName = z
  .string()
  .superRefine((name, ctx) => {
    if (isValidDocName(name)) return;
    try {
      validateDocName(name);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  })
  .describe('A document name: 1-200 characters of A-Z a-z 0-9 - _ . ~ : @ /, starting with a letter or digit.');
const format = z
  .enum(CONTENT_FORMATS)
  .default('json')
  .describe('The format of `content` (JSON: a ProseMirror document object; the others: text).');
const content = z
  .unknown()
  .refine((value) => value !== undefined && value !== null, 'content is required')
  .describe('The content, in `format`.');
const title = z.string().max(1000).describe('The document title.');
const blockRef = z
  .union([z.int().min(0), z.string().regex(/^\d+:\d+$/)], {
    error: 'must be a block position (0 is the first) or a block id like "123456:7"',
  })
  .describe('The block to replace: its position (0 is the first) or its id (from `blocks` in the JSON of a document).');

/** `POST /api/docs`: a new document, empty (one empty paragraph) unless content is given. */
export const createBody = z.strictObject({ name: docName, format, content: content.optional(), title: title.optional() });
/** `PUT /api/docs/<name>`: replace the whole content (and the title, if given). */
export const replaceBody = z.strictObject({ format, content, title: title.optional() });
/** `POST /api/docs/<name>/append`: blocks to add after the last one. */
export const appendBody = z.strictObject({ format, content });
/** `PATCH /api/docs/<name>`: replace one block with the blocks of `content`. */
export const patchBody = z.strictObject({ block: blockRef, format, content });
/** `POST /api/docs/<name>/duplicate`: the copy's name (and title, if it should differ). */
export const duplicateBody = z.strictObject({ name: docName, title: title.optional() });

/** The schemas of the request bodies, by the name the OpenAPI document gives them. */
export const requestBodySchemas = {
  CreateDocument: createBody,
  ReplaceContent: replaceBody,
  AppendContent: appendBody,
  PatchBlock: patchBody,
  DuplicateDocument: duplicateBody,
};

/** Query parameters that stand in for fields of a text body (`?name=`, `?title=`, `?block=`). */
const queryFields = ['name', 'title', 'block'] as const;

/**
 * A request's body checked against `schema`: JSON as it is; a text body (Markdown, HTML, plain
 * text) as `{ format, content }` plus the fields given in the query. A mismatch is a 400 naming
 * the field.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: RequestBody, url: URL): z.output<S> {
  let value: unknown;
  if (body.kind === 'json') {
    value = body.value;
  } else {
    const fields: Record<string, unknown> = {};
    for (const key of queryFields) {
      const given = url.searchParams.get(key);
      if (given !== null) fields[key] = key === 'block' && /^\d+$/.test(given) ? Number(given) : given;
    }
    value = body.kind === 'none' ? fields : { ...fields, format: body.format, content: body.text };
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const where = issue === undefined || issue.path.length === 0 ? 'body' : `"${issue.path.join('.')}"`;
  throw new HttpError(400, `invalid request body: ${where}: ${issue?.message ?? 'does not match'}`);
}
