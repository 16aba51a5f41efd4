import { registerTeardown } from './teardown.js';

export interface ServerSentEvent {
  event: string;
  data: string;
  receivedAt: number;
}

export interface EventStreamClient {
  /** Every event received so far (comments such as `: ping` are kept with event ':'). */
  events: ServerSentEvent[];
  /** Parsed JSON data of every event named `name`. */
  dataOf: <T = unknown>(name: string) => T[];
  close: () => void;
}

/** Opens an SSE stream with fetch and collects its events; closed after the test. */
export async function openEventStream(url: string): Promise<EventStreamClient> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal, headers: { Accept: 'text/event-stream' } });
  if (!response.ok || response.body === null) throw new Error(`SSE ${url} answered ${response.status}`);
  const events: ServerSentEvent[] = [];
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) event = ':';
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          events.push({ event, data: data.join('\n'), receivedAt: Date.now() });
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted
    }
  })();
  const close = () => controller.abort();
  registerTeardown(close);
  return {
    events,
    dataOf: <T>(name: string) => events.filter((e) => e.event === name).map((e) => JSON.parse(e.data) as T),
    close,
  };
}
