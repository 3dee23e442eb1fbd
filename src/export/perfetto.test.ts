import { describe, expect, it } from 'vitest';
import {
  openInPerfetto,
  PERFETTO_ORIGIN,
  PERFETTO_SLOW_MS,
  PERFETTO_TIMEOUT_MS,
  perfettoMessage,
  perfettoTrustsOrigin,
  traceFileName,
  type PerfettoHost,
  type PerfettoMessageEvent,
} from './perfetto';

/** A fake window: records what is posted, lets the test fire timers and messages. */
function fakeHost(opts: { blocked?: boolean; online?: { value: boolean } } = {}) {
  const posted: { message: unknown; origin: string; transfer?: unknown[] }[] = [];
  const listeners = new Set<(e: PerfettoMessageEvent) => void>();
  let interval: (() => void) | null = null;
  const timers = new Map<number, { handler: () => void; ms: number }>();
  let nextTimer = 10;
  const target = { closed: false, postMessage: (message: unknown, origin: string, transfer?: unknown[]) => posted.push({ message, origin, transfer }) };
  const host: PerfettoHost = {
    open: (url) => (opts.blocked ? null : (opened.push(url), target)),
    addEventListener: (_type, l) => listeners.add(l),
    removeEventListener: (_type, l) => listeners.delete(l),
    setInterval: (h) => ((interval = h), 1),
    clearInterval: () => (interval = null),
    setTimeout: (handler, ms) => (timers.set(nextTimer, { handler, ms }), nextTimer++),
    clearTimeout: (id) => timers.delete(id as number),
    ...(opts.online ? { online: () => opts.online!.value } : {}),
  };
  const opened: string[] = [];
  /** Fires the pending timers due by `ms` (each once). */
  const elapse = (ms: number) => {
    for (const [id, t] of [...timers]) {
      if (t.ms > ms) continue;
      timers.delete(id);
      t.handler();
    }
  };
  return {
    host,
    posted,
    opened,
    target,
    timers,
    tick: () => interval?.(),
    elapse,
    message: (e: PerfettoMessageEvent) => [...listeners].forEach((l) => l(e)),
    listeners,
  };
}

describe('Open in Perfetto (postMessage handshake)', () => {
  it('pings until Perfetto answers PONG, then sends the trace once and cleans up', () => {
    const f = fakeHost();
    const outcomes: string[] = [];
    openInPerfetto(f.host, '{"traceEvents":[]}', { title: 'run', fileName: 'run.json', senderOrigin: 'http://127.0.0.1:4173', done: (o) => outcomes.push(o) });
    expect(f.opened).toEqual([PERFETTO_ORIGIN]);
    f.tick();
    f.tick();
    expect(f.posted.map((p) => p.message)).toEqual(['PING', 'PING']);
    expect(f.posted.every((p) => p.origin === PERFETTO_ORIGIN)).toBe(true);
    f.message({ origin: 'https://evil.example', data: 'PONG' });
    f.message({ origin: PERFETTO_ORIGIN, data: 'something else' });
    expect(outcomes).toEqual([]);
    f.message({ origin: PERFETTO_ORIGIN, data: 'PONG' });
    expect(outcomes).toEqual(['opening']);
    const sent = f.posted[2];
    const payload = (sent.message as { perfetto: { buffer: ArrayBuffer; title: string; fileName: string; localOnly: boolean } }).perfetto;
    expect(new TextDecoder().decode(payload.buffer)).toBe('{"traceEvents":[]}');
    expect(payload.title).toBe('run');
    expect(payload.fileName).toBe('run.json');
    // Perfetto uses fileName only for its Download, which it offers only when localOnly is false.
    expect(payload.localOnly).toBe(false);
    expect(sent.transfer).toEqual([payload.buffer]);
    expect(f.listeners.size).toBe(0);
    expect(f.timers.size).toBe(0);
    f.tick();
    f.message({ origin: PERFETTO_ORIGIN, data: 'PONG' });
    expect(f.posted).toHaveLength(3);
    expect(outcomes).toEqual(['opening']);
  });

  it('from an origin Perfetto does not trust, it says Perfetto asks the user to confirm', () => {
    const f = fakeHost();
    const outcomes: string[] = [];
    openInPerfetto(f.host, '{}', { title: 't', fileName: 'f.json', senderOrigin: 'https://lab.example.org', done: (o) => outcomes.push(o) });
    f.message({ origin: PERFETTO_ORIGIN, data: 'PONG' });
    expect(outcomes).toEqual(['confirm']);
    // Perfetto's isTrustedOrigin: localhost, 127.0.0.1 and [::1] (any port or scheme); not 'null', not other hosts.
    expect(['http://localhost:5173', 'http://127.0.0.1:4173', 'http://[::1]:8080', 'https://localhost'].map(perfettoTrustsOrigin)).toEqual([true, true, true, true]);
    expect(['null', 'https://example.github.io', 'http://127.0.0.2', 'not a url'].map(perfettoTrustsOrigin)).toEqual([false, false, false, false]);
  });

  it('waits long enough for a cold load, says once when Perfetto is slow, and gives up with a timeout', () => {
    expect(PERFETTO_TIMEOUT_MS).toBeGreaterThanOrEqual(60_000);
    const f = fakeHost();
    const outcomes: string[] = [];
    let slow = 0;
    openInPerfetto(f.host, '{}', { title: 't', fileName: 'f', senderOrigin: 'http://localhost', slow: () => slow++, done: (o) => outcomes.push(o) });
    expect([...f.timers.values()].map((t) => t.ms).sort((a, b) => a - b)).toEqual([PERFETTO_SLOW_MS, PERFETTO_TIMEOUT_MS]);
    f.elapse(PERFETTO_SLOW_MS);
    expect([slow, outcomes.length]).toEqual([1, 0]);
    f.elapse(PERFETTO_TIMEOUT_MS);
    expect(outcomes).toEqual(['timeout']);
    expect(slow).toBe(1);
    expect(f.listeners.size).toBe(0);
    // A PONG after the timeout sends nothing.
    f.message({ origin: PERFETTO_ORIGIN, data: 'PONG' });
    expect(f.posted.some((p) => typeof p.message === 'object')).toBe(false);
  });

  it('says when the pop-up was blocked or the Perfetto tab was closed before it answered', () => {
    const blocked = fakeHost({ blocked: true });
    const outcomes: string[] = [];
    openInPerfetto(blocked.host, '{}', { title: 't', fileName: 'f', senderOrigin: 'http://localhost', done: (o) => outcomes.push(o) });
    const closed = fakeHost();
    openInPerfetto(closed.host, '{}', { title: 't', fileName: 'f', senderOrigin: 'http://localhost', done: (o) => outcomes.push(o) });
    closed.target.closed = true;
    closed.tick();
    expect(outcomes).toEqual(['blocked', 'closed']);
    expect(closed.timers.size).toBe(0);
  });

  it('offline: no tab is opened and it says so at once; going offline while waiting ends the wait at the next ping, with nothing sent', () => {
    const outcomes: string[] = [];
    const before = fakeHost({ online: { value: false } });
    openInPerfetto(before.host, '{}', { title: 't', fileName: 'f', senderOrigin: 'http://localhost', done: (o) => outcomes.push(o) });
    expect(before.opened).toEqual([]);
    expect(before.timers.size).toBe(0);
    const net = { value: true };
    const during = fakeHost({ online: net });
    openInPerfetto(during.host, '{}', { title: 't', fileName: 'f', senderOrigin: 'http://localhost', done: (o) => outcomes.push(o) });
    during.tick();
    expect(during.posted.map((p) => p.message)).toEqual(['PING']);
    net.value = false;
    during.tick();
    expect(outcomes).toEqual(['offline', 'offline']);
    expect(during.posted.map((p) => p.message)).toEqual(['PING']);
    expect([during.timers.size, during.listeners.size]).toEqual([0, 0]);
  });

  it('the message carries exactly the trace bytes; file names come from the scenario name', () => {
    const m = perfettoMessage('{"a":"µs"}', 'T', 'x.json');
    expect(new TextDecoder().decode(m.perfetto.buffer)).toBe('{"a":"µs"}');
    expect(traceFileName('RDTR restarts, RADV cuts it short')).toBe('e1000-irq-lab-rdtr-restarts-radv-cuts-it-short.json');
    expect(traceFileName('???')).toBe('e1000-irq-lab-trace.json');
    // Perfetto's sanitizeString keeps [A-Za-z0-9.-_#:/?=&;%+$ ]: the file name passes unchanged.
    expect(traceFileName('RDTR restarts, RADV cuts it short (µs)')).toMatch(/^[A-Za-z0-9.\-_]+$/);
  });
});
