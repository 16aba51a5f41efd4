import type { Route } from '../httpRoutes.js';
import type { ServerMetrics } from './createServerMetrics.js';

/** `GET /metrics`: the server's registry in the Prometheus text format. */
export function metricsRoute(metrics: ServerMetrics): Route {
  return {
    method: 'GET',
    pattern: /^\/metrics$/,
    handle: async ({ res }) => {
      const body = await metrics.registry.metrics();
      res.writeHead(200, {
        'Content-Type': metrics.registry.contentType,
        'Content-Length': Buffer.byteLength(body),
        'Cache-Control': 'no-store',
      });
      res.end(body);
    },
  };
}
