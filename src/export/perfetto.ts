/**
 * "Open in Perfetto": the handshake ui.perfetto.dev documents for opening
 * a trace from another page (https://perfetto.dev/docs/visualization/deep-linking-to-perfetto-ui):
 * open a window on the Perfetto UI, post 'PING' until it answers 'PONG',
 * then post { perfetto: { buffer, title, fileName, localOnly } }. The
 * window must be opened inside the user's click handler (pop-up blockers),
 * so call `openInPerfetto` synchronously from the click.
 *
 * What Perfetto does with it, from its source (google/perfetto at ec5d16b,
 * ui/src/frontend/post_message_handler.ts):
 *  - `postMessageHandler` ignores every message until its document is
 *    loaded (`document.readyState !== 'complete'`), then answers each PING
 *    with PONG. A first visit downloads the UI and its trace processor, so
 *    the answer can take a while: we keep pinging for PERFETTO_TIMEOUT_MS.
 *  - After the trace it removes its listener (no `keepApiOpen`): one trace
 *    per window, so we post it once.
 *  - `isTrustedOrigin`: the sender's origin is trusted if it is localhost,
 *    127.0.0.1 or [::1], a few Google hosts, or one the user saved with
 *    "Always trust" (kept in Perfetto's localStorage, which we cannot see).
 *    For any other origin, e.g. the deployed lab, it shows an "Open trace?"
 *    dialog (default button No) and opens the trace only on Yes or Always
 *    trust. It never tells the sender, so after posting we can only say
 *    what Perfetto will do, not that the trace is open.
 *  - `sanitizePostedTrace` sets `localOnly` to true unless the sender says
 *    otherwise; ui/src/core/load_trace.ts makes an ARRAY_BUFFER trace
 *    `downloadable` only when it is not localOnly, and the only use of
 *    `fileName` is the name of that download (ui/src/frontend/
 *    trace_actions.ts). The trace is a simulated run the user chose to
 *    open, nothing private, so we send `localOnly: false`: Perfetto's
 *    "Download" then works and saves under our file name.
 *  - It replaces every character of `title` and `fileName` outside
 *    [A-Za-z0-9.-_#:/?=&;%+$ ] with a space (`sanitizeString`).
 *
 * The browser objects are passed in (`host`), so this file needs no DOM
 * and is tested with fakes.
 */

export const PERFETTO_ORIGIN = 'https://ui.perfetto.dev';
/** How long to keep pinging a Perfetto window before giving up: a first, cold load of the UI can take tens of seconds. */
export const PERFETTO_TIMEOUT_MS = 60_000;
/** After this long without an answer, `slow` is called once (the UI says Perfetto is still loading). */
export const PERFETTO_SLOW_MS = 5_000;
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
  /**
   * Whether the browser has a network (navigator.onLine). Offline, the
   * Perfetto tab can only show the browser's error page, which a page of
   * another origin cannot read, and Perfetto never answers: so the
   * hand-off checks this before opening the tab and at every ping.
   */
  online?(): boolean;
}

/** The message Perfetto expects: the trace bytes, a title, and a file name for its "Download" (which `localOnly: false` enables). */
export function perfettoMessage(
  traceJson: string,
  title: string,
  fileName: string,
): { perfetto: { buffer: ArrayBuffer; title: string; fileName: string; localOnly: false } } {
  const bytes = new TextEncoder().encode(traceJson);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return { perfetto: { buffer, title, fileName, localOnly: false } };
}

/**
 * Whether Perfetto opens a trace from `origin` without asking (its
 * `isTrustedOrigin`, less the Google hosts and the origins a user saved
 * with "Always trust", which only Perfetto knows).
 */
export function perfettoTrustsOrigin(origin: string): boolean {
  if (origin === 'null') return false;
  try {
    const host = new URL(origin).hostname;
    return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
  } catch {
    return false;
  }
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

/**
 * How the hand-off ended. Perfetto answers PONG but nothing after the
 * trace, so the best we know is: it has the trace and opens it
 * ('opening', a trusted origin) or asks the user first ('confirm'); or
 * the pop-up was blocked, the tab was closed before it answered, the
 * browser is (or went) offline, or it did not answer in time (then
 * nothing was sent).
 */
export type PerfettoOutcome = 'opening' | 'confirm' | 'blocked' | 'closed' | 'timeout' | 'offline';

/**
 * Opens ui.perfetto.dev in a new window and sends it the trace when it is
 * ready. Call from a click handler. `done` is told the outcome once;
 * `slow`, if given, once when Perfetto has not answered after
 * PERFETTO_SLOW_MS. `senderOrigin` is this page's origin (window.origin).
 */
export function openInPerfetto(
  host: PerfettoHost,
  traceJson: string,
  opts: {
    title: string;
    fileName: string;
    senderOrigin: string;
    origin?: string;
    timeoutMs?: number;
    slowMs?: number;
    slow?: () => void;
    done?: (outcome: PerfettoOutcome) => void;
  },
): void {
  const origin = opts.origin ?? PERFETTO_ORIGIN;
  if (host.online?.() === false) {
    opts.done?.('offline');
    return;
  }
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
    host.clearTimeout(slow);
    host.removeEventListener('message', onMessage);
    opts.done?.(outcome);
  };
  const onMessage = (event: PerfettoMessageEvent) => {
    if (event.origin !== origin || event.data !== 'PONG') return;
    const message = perfettoMessage(traceJson, opts.title, opts.fileName);
    target.postMessage(message, origin, [message.perfetto.buffer]);
    finish(perfettoTrustsOrigin(opts.senderOrigin) ? 'opening' : 'confirm');
  };
  host.addEventListener('message', onMessage);
  const ping = host.setInterval(() => {
    if (target.closed) finish('closed');
    else if (host.online?.() === false) finish('offline');
    else target.postMessage('PING', origin);
  }, PING_EVERY_MS);
  const timeout = host.setTimeout(() => finish('timeout'), opts.timeoutMs ?? PERFETTO_TIMEOUT_MS);
  const slow = host.setTimeout(() => {
    if (!finished) opts.slow?.();
  }, opts.slowMs ?? PERFETTO_SLOW_MS);
}
