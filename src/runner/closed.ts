import autocannon from 'autocannon';
import type { PhaseRecorder } from '../metrics/recorder.js';
import type { RequestTemplate } from './request-template.js';
import { errorKind } from '../http/error-kind.js';

export interface ClosedOptions {
  baseUrl: string;
  templates: RequestTemplate[];
  /** Picks the next template index (weighted, seeded). */
  pick: () => number;
  connections: number;
  /** Burst: total requests. Otherwise `durationMs` bounds the run. */
  amount?: number;
  durationMs?: number;
  timeoutMs: number;
  recorder: PhaseRecorder;
  signal: AbortSignal;
}

/** autocannon's return value is both a promise of its result and an event emitter. */
type Tracker = PromiseLike<unknown> & { on(event: string, fn: (...args: any[]) => void): void; stop(): void };

type AcRequest = NonNullable<autocannon.Options['requests']>[number];

/**
 * Closed model through autocannon: `connections` keep-alive sockets, each sending its next request
 * when the previous answer arrives. Recording stays outside autocannon: its 'response' event feeds
 * our recorder (per request name × status class), so its own 2xx-only histogram is not used.
 */
export async function runClosed(o: ClosedOptions): Promise<void> {
  const single = o.templates.length === 1 && o.templates[0].headerSets.length === 1;
  const instance = autocannon({
    url: o.baseUrl,
    connections: o.amount !== undefined ? Math.min(o.connections, o.amount) : o.connections,
    pipelining: 1,
    // autocannon rejects an undefined duration, so the key is only present for timed runs.
    ...(o.amount !== undefined ? { amount: o.amount } : { duration: (o.durationMs ?? 10_000) / 1000 }),
    timeout: Math.max(1, Math.ceil(o.timeoutMs / 1000)),
    // No connectionRate/overallRate is ever passed: autocannon's coordinated-omission "correction"
    // (fake samples at a 1 ms interval) only runs with a rate, and its validator rejects
    // ignoreCoordinatedOmission without one. Its histograms are not used anyway (see below).
    // Pacing lives in runner/open.ts.
    // The run only notices `stop` on a sample tick: keep the tick short so bursts end promptly.
    sampleInt: 100,
    requests: single ? [staticRequest(o.templates[0])] : [mixedRequest(o)],
    setupClient: (client: unknown) => dropLostRequests(client as AcClient, o.recorder),
  } as autocannon.Options) as unknown as Tracker;

  // With one template every response belongs to it; otherwise the setupRequest stored the index on
  // the connection's context, which autocannon keeps until the next request is built (pipelining 1).
  instance.on('response', (client: unknown, status: number, _bytes: number, responseTimeMs: number) => {
    const idx = single ? 0 : ((client as { requestIterator: { context: { lpIndex?: number } } }).requestIterator.context.lpIndex ?? 0);
    o.recorder.recordResponse(idx, status, responseTimeMs * 1000);
  });
  // autocannon reports socket errors and timeouts without the connection, so they go to the
  // first request name when the mix has several (documented: errors are per phase for mixes).
  instance.on('reqError', (err: Error) => o.recorder.recordError(0, errorKind(err)));

  const onAbort = (): void => instance.stop();
  o.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await instance;
  } finally {
    o.signal.removeEventListener('abort', onAbort);
  }
}

/** The parts of autocannon's per-connection Client that a reconnect touches (lib/httpClient.js). */
interface AcClient {
  conn?: unknown;
  pipelinedRequests: { size(): number; clear(): void };
  parser: { initialize(type: 'RESPONSE'): void };
  _connect(): void;
  on(event: 'connError', fn: () => void): void;
}

/**
 * autocannon 9 reconnects a socket the server closed without clearing the request it was waiting
 * for and without reporting it: the request vanishes, and every later answer on that connection is
 * timed from an older request's start (latency inflated 10×+, growing). Before each reconnect the
 * lost requests are counted as ECONNRESET (unless autocannon already reported the socket error),
 * and the queue and the HTTP parser are reset so timing stays per request.
 */
function dropLostRequests(client: AcClient, recorder: PhaseRecorder): void {
  let reported = false;
  client.on('connError', () => {
    reported = true;
  });
  const connect = client._connect;
  client._connect = function (this: AcClient) {
    if (this.conn !== undefined) {
      const lost = this.pipelinedRequests.size();
      if (!reported) for (let i = 0; i < lost; i++) recorder.recordError(0, 'ECONNRESET');
      reported = false;
      this.pipelinedRequests.clear();
      this.parser.initialize('RESPONSE');
    }
    connect.call(this);
  };
}

function staticRequest(t: RequestTemplate): AcRequest {
  return { method: t.method as 'GET', path: t.path, headers: t.headerSets[0], body: t.body };
}

function mixedRequest(o: ClosedOptions): AcRequest {
  const rotation = o.templates.map(() => 0);
  return {
    setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
      const i = o.pick();
      const t = o.templates[i];
      const sets = t.headerSets;
      const headers = sets.length === 1 ? sets[0] : sets[rotation[i]++ % sets.length];
      context.lpIndex = i;
      req.method = t.method;
      req.path = t.path;
      req.headers = headers;
      req.body = t.body;
      return req;
    },
  } as unknown as AcRequest;
}
