import { describe, expect, it } from 'vitest';
import { openInPerfetto, PERFETTO_ORIGIN, perfettoMessage, traceFileName, type PerfettoHost, type PerfettoMessageEvent } from './perfetto';

/** A fake window: records what is posted, lets the test fire timers and messages. */
function fakeHost(opts: { blocked?: boolean } = {}) {
  const posted: { message: unknown; origin: string; transfer?: unknown[] }[] = [];
  const listeners = new Set<(e: PerfettoMessageEvent) => void>();
  let interval: (() => void) | null = null;
  let timeout: (() => void) | null = null;
  const target = { closed: false, postMessage: (message: unknown, origin: string, transfer?: unknown[]) => posted.push({ message, origin, transfer }) };
  const host: PerfettoHost = {
    open: (url) => (opts.blocked ? null : (opened.push(url), target)),
    addEventListener: (_type, l) => listeners.add(l),
    removeEventListener: (_type, l) => listeners.delete(l),
    setInterval: (h) => ((interval = h), 1),
    clearInterval: () => (interval = null),
    setTimeout: (h) => ((timeout = h), 2),
    clearTimeout: () => (timeout = null),
  };
  const opened: string[] = [];
  return {
    host,
    posted,
    opened,
    target,
    tick: () => interval?.(),
    expire: () => timeout?.(),
    message: (e: PerfettoMessageEvent) => [...listeners].forEach((l) => l(e)),
    listeners,
  };
}

describe('Open in Perfetto (postMessage handshake)', () => {
  it('pings until Perfetto answers PONG, then sends the trace once and cleans up', () => {
    const f = fakeHost();
    const outcomes: string[] = [];
    openInPerfetto(f.host, '{"traceEvents":[]}', { title: 'run', fileName: 'run.json', done: (o) => outcomes.push(o) });
    expect(f.opened).toEqual([PERFETTO_ORIGIN]);
    f.tick();
    f.tick();
    expect(f.posted.map((p) => p.message)).toEqual(['PING', 'PING']);
    expect(f.posted.every((p) => p.origin === PERFETTO_ORIGIN)).toBe(true);
    f.message({ origin: 'https://evil.example', data: 'PONG' });
    f.message({ origin: PERFETTO_ORIGIN, data: 'something else' });
    expect(outcomes).toEqual([]);
    f.message({ origin: PERFETTO_ORIGIN, data: 'PONG' });
    expect(outcomes).toEqual(['sent']);
    const sent = f.posted[2];
    const payload = (sent.message as { perfetto: { buffer: ArrayBuffer; title: string; fileName: string } }).perfetto;
    expect(new TextDecoder().decode(payload.buffer)).toBe('{"traceEvents":[]}');
    expect(payload.title).toBe('run');
    expect(payload.fileName).toBe('run.json');
    expect(sent.transfer).toEqual([payload.buffer]);
    expect(f.listeners.size).toBe(0);
    f.tick();
    expect(f.posted).toHaveLength(3);
  });

  it('says when the pop-up was blocked or Perfetto never answered', () => {
    const blocked = fakeHost({ blocked: true });
    const outcomes: string[] = [];
    openInPerfetto(blocked.host, '{}', { title: 't', fileName: 'f', done: (o) => outcomes.push(o) });
    const silent = fakeHost();
    openInPerfetto(silent.host, '{}', { title: 't', fileName: 'f', done: (o) => outcomes.push(o) });
    silent.expire();
    const closed = fakeHost();
    openInPerfetto(closed.host, '{}', { title: 't', fileName: 'f', done: (o) => outcomes.push(o) });
    closed.target.closed = true;
    closed.tick();
    expect(outcomes).toEqual(['blocked', 'timeout', 'timeout']);
  });

  it('the message carries exactly the trace bytes; file names come from the scenario name', () => {
    const m = perfettoMessage('{"a":"µs"}', 'T', 'x.json');
    expect(new TextDecoder().decode(m.perfetto.buffer)).toBe('{"a":"µs"}');
    expect(traceFileName('RDTR restarts, RADV cuts it short')).toBe('e1000-irq-lab-rdtr-restarts-radv-cuts-it-short.json');
    expect(traceFileName('???')).toBe('e1000-irq-lab-trace.json');
  });
});
