/**
 * "Open in Perfetto": the handshake ui.perfetto.dev documents for opening
 * a trace from another page (https://perfetto.dev/docs/visualization/deep-linking-to-perfetto-ui):
 * open a window on the Perfetto UI, post 'PING' until it answers 'PONG',
 * then post { perfetto: { buffer, title, fileName } }. The window must be
 * opened inside the user's click handler (pop-up blockers), so call
 * `openInPerfetto` synchronously from the click.
 *
 * The browser objects are passed in (`host`), so this file needs no DOM
 * and is tested with fakes.
 */

export const PERFETTO_ORIGIN = 'https://ui.perfetto.dev';
/** How long to keep pinging a Perfetto window before giving up. */
export const PERFETTO_TIMEOUT_MS = 20_000;
const PING_EVERY_MS = 50;

export interface PerfettoTarget {
  postMessage(message: unknown, targetOrigin: string, transfer?: unknown[]): void;
  readonly closed?: boolean;
}

export interface PerfettoMessageEvent {
  origin: string;
  data: unknown;
  source?: unknown;
}

/** What `openInPerfetto` uses of `window` (pass `window`). */
export interface PerfettoHost {
  open(url: string, target?: string): PerfettoTarget | null;
  addEventListener(type: 'message', listener: (event: PerfettoMessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: PerfettoMessageEvent) => void): void;
  setInterval(handler: () => void, ms: number): unknown;
  clearInterval(id: unknown): void;
  setTimeout(handler: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

/** The message Perfetto expects: the trace bytes, a title, and a file name for its "download" button. */
export function perfettoMessage(traceJson: string, title: string, fileName: string): { perfetto: { buffer: ArrayBuffer; title: string; fileName: string } } {
  const bytes = new TextEncoder().encode(traceJson);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return { perfetto: { buffer, title, fileName } };
}

/** A file name for a downloaded trace, from the scenario's name. */
export function traceFileName(scenarioName: string): string {
  const slug = scenarioName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `e1000-irq-lab-${slug || 'trace'}.json`;
}

export type PerfettoOutcome = 'sent' | 'blocked' | 'timeout';

/**
 * Opens ui.perfetto.dev in a new window and sends it the trace when it is
 * ready. Call from a click handler. `done` is told whether the trace was
 * sent, the pop-up was blocked, or Perfetto never answered.
 */
export function openInPerfetto(
  host: PerfettoHost,
  traceJson: string,
  opts: { title: string; fileName: string; origin?: string; timeoutMs?: number; done?: (outcome: PerfettoOutcome) => void },
): void {
  const origin = opts.origin ?? PERFETTO_ORIGIN;
  const target = host.open(origin, '_blank');
  if (!target) {
    opts.done?.('blocked');
    return;
  }
  let finished = false;
  const finish = (outcome: PerfettoOutcome) => {
    if (finished) return;
    finished = true;
    host.clearInterval(ping);
    host.clearTimeout(timeout);
    host.removeEventListener('message', onMessage);
    opts.done?.(outcome);
  };
  const onMessage = (event: PerfettoMessageEvent) => {
    if (event.origin !== origin || event.data !== 'PONG') return;
    const message = perfettoMessage(traceJson, opts.title, opts.fileName);
    target.postMessage(message, origin, [message.perfetto.buffer]);
    finish('sent');
  };
  host.addEventListener('message', onMessage);
  const ping = host.setInterval(() => {
    if (target.closed) finish('timeout');
    else target.postMessage('PING', origin);
  }, PING_EVERY_MS);
  const timeout = host.setTimeout(() => finish('timeout'), opts.timeoutMs ?? PERFETTO_TIMEOUT_MS);
}
