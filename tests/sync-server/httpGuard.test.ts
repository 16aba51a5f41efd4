import { describe, expect, it } from 'vitest';
import { metricSample, scrapeMetrics, startServer } from '../src/helpers/index.js';

/** What Node's net server emits when accept(2) fails (lib/net.js `onconnection`). */
const acceptError = (code: string) => Object.assign(new Error(`accept ${code}`), { code, errno: -24, syscall: 'accept' });

describe('the HTTP server the sync server owns', () => {
  it('a failed accept (EMFILE) is logged and counted, not thrown: without a listener Node ends the process with it', async () => {
    const { server, httpUrl, logs } = await startServer({ config: { logLevel: 'info' } });
    expect(() => {
      for (let i = 0; i < 50; i++) server.httpServer.emit('error', acceptError('EMFILE'));
      server.httpServer.emit('error', acceptError('ENFILE'));
    }).not.toThrow();
    const text = await scrapeMetrics(httpUrl);
    expect(metricSample(text, 'tandem_http_accept_errors_total', { code: 'EMFILE' })).toBe(50);
    expect(metricSample(text, 'tandem_http_accept_errors_total', { code: 'ENFILE' })).toBe(1);
    // A flood of them is one line per interval, not one per failed accept.
    const lines = logs.filter((line) => String(line.msg).startsWith('cannot accept connections'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, err: { code: 'EMFILE' } });
    expect((await fetch(`${httpUrl}/healthz`)).status).toBe(200);
  });

  it('other server errors after listen still surface as Node raises them', async () => {
    const { server } = await startServer();
    expect(() => server.httpServer.emit('error', Object.assign(new Error('boom'), { code: 'EBOOM', syscall: 'write' }))).toThrow('boom');
  });

  it('short header and request timeouts, checked every second, and a descriptor-derived socket budget', async () => {
    const { server } = await startServer({ config: { httpHeadersTimeoutMs: 3000, httpRequestTimeoutMs: 7000 } });
    expect(server.httpServer.headersTimeout).toBe(3000);
    expect(server.httpServer.requestTimeout).toBe(7000);
    if (process.platform === 'linux') expect(server.httpServer.maxConnections).toBeGreaterThan(0);
  });
});
