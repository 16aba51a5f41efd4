import * as z from 'zod';

const identifier = z.string().min(1).max(1000);

/** `POST /api/revocations`: limit a user's tokens (`sub`) or one token (`jti`) on some documents. */
export const createRevocationBody = z
  .strictObject({
    sub: identifier.optional().describe('Every token of this user (their `sub` claim). Give `sub` or `jti`, not both.'),
    jti: identifier.optional().describe('This one token (its `jti` claim).'),
    access: z
      .enum(['none', 'read'])
      .describe('What is left of their access: `none` (connections closed with 4403) or `read` (writers switched to read-only).'),
    docs: z
      .array(z.string().regex(/^([^*]{1,200}\*?|\*)$/, 'must be a document name, or a prefix ending in "*"'))
      .min(1)
      .max(100)
      .default(['*'])
      .describe('Which documents: names, or prefixes ending in `*`; `"*"` is every document.'),
    reason: z.string().max(500).optional().describe('Why, for the list and the log.'),
  })
  .refine((body) => (body.sub === undefined) !== (body.jti === undefined), 'name exactly one of "sub" and "jti"');

/** The access API's request bodies, by the name the OpenAPI document gives them. */
export const revocationBodySchemas = {
  CreateRevocation: createRevocationBody,
};
