import { Counter, type Registry } from 'prom-client';

export interface HttpGuardMetrics {
  /**
   * A socket was closed as soon as it was accepted: its address already held `maxHttpSocketsPerIp`
   * (`per_address`), or the server as many sockets as its descriptor limit allows (`descriptors`).
   */
  socketRefused: (reason: 'per_address' | 'descriptors') => void;
  /** Accepting a connection failed (`EMFILE`/`ENFILE`: out of file descriptors). */
  acceptError: (code: string) => void;
  /** An `/api/events` request got 429: its address already held `maxEventStreamsPerIp` streams. */
  eventStreamRefused: () => void;
}

/** Gets or registers a counter (several servers may share one registry). */
function counter(registry: Registry, name: string, help: string, labelNames: string[] = []): Counter {
  const existing = registry.getSingleMetric(name);
  if (existing instanceof Counter) return existing;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

/** The counters of the HTTP side's abuse limits, in `registry`. */
export function httpGuardMetrics(registry: Registry): HttpGuardMetrics {
  const refused = counter(
    registry,
    'tandem_http_sockets_refused_total',
    'TCP sockets closed as soon as they were accepted, by reason (per_address: maxHttpSocketsPerIp reached; descriptors: the server holds as many sockets as its file descriptor limit allows).',
    ['reason'],
  );
  const acceptErrors = counter(
    registry,
    'tandem_http_accept_errors_total',
    'Connections the server failed to accept, by error code (EMFILE/ENFILE: out of file descriptors; the server keeps running).',
    ['code'],
  );
  const streamsRefused = counter(
    registry,
    'tandem_event_streams_refused_total',
    '/api/events requests answered 429 because their address held maxEventStreamsPerIp streams.',
  );
  for (const reason of ['per_address', 'descriptors']) refused.inc({ reason }, 0);
  acceptErrors.inc({ code: 'EMFILE' }, 0);
  return {
    socketRefused: (reason) => refused.inc({ reason }),
    acceptError: (code) => acceptErrors.inc({ code }),
    eventStreamRefused: () => streamsRefused.inc(),
  };
}
