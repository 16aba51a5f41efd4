import * as z from 'zod';

const time = z
  .union([z.int().min(0), z.iso.datetime({ offset: true })])
  .describe('Epoch milliseconds, or an ISO 8601 time (2025-01-31T12:00:00Z).');

/** `POST /api/webhooks/<id>/replay`: which settled deliveries to send again. */
export const replayBody = z
  .strictObject({
    deliveries: z.array(z.int().min(1)).min(1).max(1000).optional().describe('These deliveries (their `id`s).'),
    eventIds: z
      .array(z.string().min(1).max(200))
      .min(1)
      .max(1000)
      .optional()
      .describe('The latest delivery of each of these events (their `webhook-id`s).'),
    since: time.optional().describe('Every delivery of events made since then (at most 1000, oldest first), in `state`.'),
    state: z
      .enum(['failed', 'delivered', 'any'])
      .default('failed')
      .describe('With `since`: only given-up deliveries (default), only delivered ones, or both.'),
  })
  .refine((body) => [body.deliveries, body.eventIds, body.since].filter((given) => given !== undefined).length === 1, {
    message: 'name exactly one of "deliveries", "eventIds" and "since"',
  });

/** `POST /api/webhooks/<id>/disable`. */
export const disableBody = z.strictObject({
  reason: z.string().min(1).max(500).optional().describe('Why, for the endpoint list and the log.'),
});

/** The webhooks API's request bodies, by the name the OpenAPI document gives them. */
export const webhookBodySchemas = {
  ReplayDeliveries: replayBody,
  DisableEndpoint: disableBody,
};
