import { describe, expect, it } from 'vitest';
import { connectClient, metricSample, scrapeMetrics, startServer, waitFor } from '../src/helpers/index.js';
import { apiClient, docPath, field } from './apiClient.js';
import { largeMarkdown } from './largeMarkdown.js';

/**
 * The documents API converts on worker threads: while a large import runs, the server's event loop
 * goes on relaying people's keystrokes; a full queue is answered 503 with Retry-After, a
 * conversion past its timeout 504, and the pool goes on working after both.
 */

const running = async (httpUrl: string) => metricSample(await scrapeMetrics(httpUrl), 'tandem_conversion_jobs_running') ?? 0;

describe('conversions on worker threads', () => {
  it('keystrokes are relayed while a large import converts; a full queue is a 503 with Retry-After; then it works again', async () => {
    const { wsUrl, httpUrl } = await startServer({ config: { conversionWorkers: 1, conversionQueueMax: 0 } });
    const call = apiClient(httpUrl);
    expect((await call('POST', '/api/docs?name=small', { body: 'Small *doc*', contentType: 'text/markdown' })).status).toBe(201);
    const alice = connectClient(wsUrl, 'notes');
    const bob = connectClient(wsUrl, 'notes');
    await Promise.all([alice.synced(), bob.synced()]);

    // Large enough that its conversion lasts far longer than the keystrokes below take to go round.
    let importDone = false;
    const importing = call('POST', '/api/docs?name=big', { body: largeMarkdown(1024 * 1024), contentType: 'text/markdown' }).then(
      (response) => {
        importDone = true;
        return response;
      },
    );
    await waitFor(async () => (await running(httpUrl)) === 1 || importDone, { message: 'the import is converting', timeout: 20_000 });
    expect(importDone).toBe(false);

    const typed = alice.doc.getText('title');
    const seen = bob.doc.getText('title');
    for (const letter of 'typing meanwhile') {
      typed.insert(typed.length, letter);
      await waitFor(() => seen.toString() === typed.toString(), { message: `bob sees "${typed.toString()}"`, timeout: 20_000 });
    }
    // Every keystroke went from Alice through the server to Bob while the import was still converting.
    expect(importDone).toBe(false);

    // The one worker is busy and no conversion may wait: refused at once, with when to try again.
    const refused = await call('POST', '/api/docs?name=other', { body: '# Other', contentType: 'text/markdown' });
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(field<string>(refused, 'error')).toMatch(/busy converting documents/);
    const refusedRead = await call('GET', docPath('small', '?format=markdown'));
    expect(refusedRead.status).toBe(503);
    // Reading the Yjs state needs no conversion.
    expect((await call('GET', docPath('small', '?format=yjs'))).status).toBe(200);

    const imported = await importing;
    expect(imported.status, imported.text).toBe(201);
    expect((await call('POST', '/api/docs?name=other', { body: '# Other', contentType: 'text/markdown' })).status).toBe(201);
    expect((await call('GET', docPath('small', '?format=markdown'))).text).toBe('Small *doc*');
    const big = await call('GET', docPath('big', '?format=markdown'));
    expect(big.text.startsWith('## Section 0\n\nParagraph 1: some **bold** words')).toBe(true);
  }, 120_000);

  it('a write with If-Match is refused with 412 when someone typed while it was computed, and nothing of it is written', async () => {
    const { wsUrl, httpUrl } = await startServer({ config: { conversionWorkers: 1 } });
    const call = apiClient(httpUrl);
    expect((await call('POST', '/api/docs?name=cond', { body: 'Before', contentType: 'text/markdown' })).status).toBe(201);
    const etag = (await call('GET', docPath('cond'))).headers.get('etag') as string;
    const alice = connectClient(wsUrl, 'cond');
    await alice.synced();

    let done = false;
    const writing = call('PUT', docPath('cond'), {
      body: largeMarkdown(1024 * 1024),
      contentType: 'text/markdown',
      headers: { 'If-Match': etag },
    }).then((response) => {
      done = true;
      return response;
    });
    await waitFor(async () => (await running(httpUrl)) === 1 || done, { message: 'the write is being computed', timeout: 20_000 });
    // Typed while the write is computed: the version the write names is gone.
    alice.doc.getText('title').insert(0, 'Typed');
    const refused = await writing;
    expect(refused.status, refused.text).toBe(412);
    expect(refused.headers.get('etag')).not.toBe(etag);
    const now = await call('GET', docPath('cond', '?format=markdown'));
    expect([now.text, now.headers.get('etag')]).toEqual(['Before', refused.headers.get('etag')]);
  }, 120_000);

  it('a conversion past conversionTimeoutMs is answered 504, writes nothing, and the next one runs on a new worker', async () => {
    const { httpUrl } = await startServer({ config: { conversionWorkers: 1, conversionTimeoutMs: 1000 } });
    const call = apiClient(httpUrl);
    expect((await call('POST', '/api/docs?name=small', { body: 'Still *here*', contentType: 'text/markdown' })).status).toBe(201);

    // Some seconds of conversion: stopped after one.
    const timedOut = await call('POST', '/api/docs?name=big', { body: largeMarkdown(2048 * 1024), contentType: 'text/markdown' });
    expect(timedOut.status, timedOut.text).toBe(504);
    expect(field<string>(timedOut, 'error')).toMatch(/longer than 1000 ms \(conversionTimeoutMs\)/);
    expect((await call('GET', docPath('big'))).status).toBe(404);
    expect(metricSample(await scrapeMetrics(httpUrl), 'tandem_conversion_workers_replaced_total')).toBe(1);

    const read = await call('GET', docPath('small', '?format=markdown'));
    expect([read.status, read.text]).toEqual([200, 'Still *here*']);
    const metrics = await scrapeMetrics(httpUrl);
    expect(metricSample(metrics, 'tandem_conversion_job_duration_seconds_count', { kind: 'edit', outcome: 'timeout' })).toBe(1);
    expect(metricSample(metrics, 'tandem_conversion_job_duration_seconds_count', { kind: 'read', outcome: 'ok' })).toBe(1);
  }, 120_000);
});
