import { describe, expect, it } from 'vitest';
import { apiClient, type Call, docPath, field } from '../documents-api/apiClient.js';
import { largeMarkdown } from '../documents-api/largeMarkdown.js';
import { connectClient, metricSample, scrapeMetrics, startServer, waitFor } from '../src/helpers/index.js';

/**
 * The version history converts on the conversion workers: while a large version's first preview,
 * a comparison and a restore's change are computed, the server's event loop goes on relaying
 * people's keystrokes; a full queue is answered 503 with Retry-After.
 */

type Change = { type: string; author: string; text: string; block: number | 'title'; wholeBlock: boolean };

const metric = async (httpUrl: string, name: string, labels: Record<string, string> = {}) =>
  metricSample(await scrapeMetrics(httpUrl), name, labels) ?? 0;

/** Starts `request` and waits until the one worker runs its job; `done()` tells whether it answered yet. */
async function whileConverting(httpUrl: string, request: Promise<Awaited<ReturnType<Call>>>) {
  let done = false;
  const answer = request.then((response) => {
    done = true;
    return response;
  });
  await waitFor(async () => (await metric(httpUrl, 'tandem_conversion_jobs_running')) === 1 || done, {
    message: 'the conversion is running',
    timeout: 20_000,
  });
  return { answer, done: () => done };
}

describe('history conversions on worker threads', () => {
  it('keystrokes are relayed while a large version is previewed, compared and restored; a full queue is a 503, a conditional restore a 412', async () => {
    const { wsUrl, httpUrl } = await startServer({ config: { conversionWorkers: 1, conversionQueueMax: 0 } });
    const call = apiClient(httpUrl);
    const imported = await call('POST', '/api/docs?name=big', { body: largeMarkdown(1024 * 1024), contentType: 'text/markdown' });
    expect(imported.status, imported.text).toBe(201);
    const named = await call('POST', docPath('big', '/versions'), { body: { name: 'Large' } });
    expect(named.status, named.text).toBe(201);
    const seq = field<{ seq: number }>(named, 'version').seq;
    const appended = await call('POST', docPath('big', '/append'), { body: { format: 'html', content: '<p>Added afterwards</p>' } });
    expect(appended.status, appended.text).toBe(200);

    const alice = connectClient(wsUrl, 'notes');
    const bob = connectClient(wsUrl, 'notes');
    await Promise.all([alice.synced(), bob.synced()]);
    const typed = alice.doc.getText('title');
    const seen = bob.doc.getText('title');
    const typeAndSee = async (text: string) => {
      for (const letter of text) {
        typed.insert(typed.length, letter);
        await waitFor(() => seen.toString() === typed.toString(), { message: `bob sees "${typed.toString()}"`, timeout: 20_000 });
      }
    };

    // The version's first preview: its state applied and converted to HTML on the worker.
    const preview = await whileConverting(httpUrl, call('GET', docPath('big', `/versions/${seq}?format=html`)));
    expect(preview.done()).toBe(false);
    await typeAndSee('typed while previewing ');
    // Every keystroke went from Alice through the server to Bob while the preview was still converting.
    expect(preview.done()).toBe(false);
    // The one worker is busy and no conversion may wait: another format of the version is refused at once.
    const refused = await call('GET', docPath('big', `/versions/${seq}?format=markdown`));
    expect(refused.status, refused.text).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const previewed = await preview.answer;
    expect(previewed.status, previewed.text.slice(0, 200)).toBe(200);
    expect(previewed.text.startsWith('<h2>Section 0</h2><p>Paragraph 1: some <strong>bold</strong> words')).toBe(true);
    expect(previewed.text).not.toContain('Added afterwards');

    // The version compared with now: both states applied, compared and written as HTML on the worker.
    const comparing = await whileConverting(httpUrl, call('GET', docPath('big', `/versions/${seq}/compare?format=html`)));
    expect(comparing.done()).toBe(false);
    await typeAndSee('and while comparing');
    expect(comparing.done()).toBe(false);
    const compared = await comparing.answer;
    expect(compared.status, compared.text.slice(0, 200)).toBe(200);
    expect(field<Change[]>(compared, 'changes')).toEqual([
      { type: 'added', author: '', text: 'Added afterwards', block: expect.any(Number), wholeBlock: true },
    ]);
    expect(field<string>(compared, 'html')).toContain('Added afterwards');

    // Kept on the main thread: asked again, answered without a worker's job.
    const again = await call('GET', docPath('big', `/versions/${seq}?format=html`));
    expect(again.text).toBe(previewed.text);
    const metrics = await scrapeMetrics(httpUrl);
    expect(metricSample(metrics, 'tandem_conversion_job_duration_seconds_count', { kind: 'version', outcome: 'ok' })).toBe(1);
    expect(metricSample(metrics, 'tandem_conversion_job_duration_seconds_count', { kind: 'compare', outcome: 'ok' })).toBe(1);

    // The restore's change: the version applied and written over the worker's copy of the live document.
    const restoring = await whileConverting(httpUrl, call('POST', docPath('big', `/versions/${seq}/restore`), { body: {} }));
    expect(restoring.done()).toBe(false);
    await typeAndSee(' and restoring');
    expect(restoring.done()).toBe(false);
    const restored = await restoring.answer;
    expect(restored.status, restored.text).toBe(200);
    expect(restored.json).toMatchObject({ restored: seq, changed: true, viaConnection: false });
    const now = await call('GET', docPath('big', '?format=markdown'));
    expect(now.text.startsWith('## Section 0\n\nParagraph 1: some **bold** words')).toBe(true);
    expect(now.text).not.toContain('Added afterwards');
    expect(now.headers.get('etag')).toBe(restored.headers.get('etag'));
    expect(seen.toString()).toBe('typed while previewing and while comparing and restoring');

    // A conditional restore during which someone types in the document is refused, and writes nothing.
    const carol = connectClient(wsUrl, 'big');
    const dave = connectClient(wsUrl, 'big');
    await Promise.all([carol.synced(), dave.synced()]);
    const before = field<number>(restored, 'before');
    const conditional = await whileConverting(
      httpUrl,
      call('POST', docPath('big', `/versions/${before}/restore`), { body: {}, headers: { 'If-Match': now.headers.get('etag') as string } }),
    );
    carol.doc.getText('title').insert(0, 'Typed');
    await waitFor(() => dave.doc.getText('title').toString() === 'Typed', { message: 'dave sees what carol typed', timeout: 20_000 });
    // The server relayed the typing while the restore was being computed.
    expect(conditional.done()).toBe(false);
    const refused412 = await conditional.answer;
    expect(refused412.status, refused412.text).toBe(412);
    const after = await call('GET', docPath('big', '?format=markdown'));
    expect(after.text).not.toContain('Added afterwards');
    expect(after.text.startsWith('## Section 0')).toBe(true);
  }, 120_000);
});
