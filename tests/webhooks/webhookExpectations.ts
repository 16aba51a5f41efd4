import { expect } from 'vitest';
import type { ReceivedWebhook } from '../src/helpers/index.js';

/** A delivery as `GET /api/webhooks/<id>/deliveries` lists it. */
export interface Delivery {
  id: number;
  eventId: string;
  type: string;
  doc: string;
  state: string;
  attempts: number;
  replayOf: number | null;
}

/** What the receiver got for each document, in order, is what the outbox holds (by id); no event came twice. */
export function expectExactlyOnceInOrder(received: ReceivedWebhook[], deliveries: Delivery[]): void {
  expect(new Set(received.map((delivery) => delivery.id)).size, 'no event received twice').toBe(received.length);
  expect(received.length).toBe(deliveries.length);
  for (const doc of new Set(deliveries.map((delivery) => delivery.doc))) {
    const sent = deliveries.filter((delivery) => delivery.doc === doc).sort((a, b) => a.id - b.id);
    const got = received.filter((delivery) => delivery.event.data.name === doc);
    expect(
      got.map((delivery) => delivery.id),
      `the events of ${doc}, in order`,
    ).toEqual(sent.map((delivery) => delivery.eventId));
  }
}

/**
 * The created and updated events of one document cover its sequence numbers from 1 to `lastSeq`,
 * each range starting right after the one before: no change announced twice, none left out.
 */
export function expectContiguousRanges(events: ReceivedWebhook[], lastSeq: number): void {
  const ranges = events
    .filter((delivery) => delivery.event.type === 'document.created' || delivery.event.type === 'document.updated')
    .map((delivery) => [delivery.event.data.fromSeq, delivery.event.data.toSeq] as [number, number]);
  expect(ranges[0]?.[0], 'the first range starts at 1').toBe(1);
  for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.[0], `range ${i} follows range ${i - 1}`).toBe((ranges[i - 1]?.[1] ?? 0) + 1);
  expect(ranges.at(-1)?.[1], 'the last range ends at the last number').toBe(lastSeq);
}
