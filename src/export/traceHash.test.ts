import { describe, expect, it } from 'vitest';
import { Fnv64, fnv64Hex, hashTraceColumns } from './traceHash';

describe('trace fingerprint', () => {
  it('is FNV-1a 64 (published test vectors)', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(fnv64Hex(enc(''))).toBe('cbf29ce484222325');
    expect(fnv64Hex(enc('a'))).toBe('af63dc4c8601ec8c');
    expect(fnv64Hex(enc('foobar'))).toBe('85944171f73967e8');
  });

  it('changes when any field of any record changes', () => {
    const cols = () => ({ tNs: Float64Array.of(0, 1000.5), kind: Uint8Array.of(1, 2), a: Float64Array.of(7, 8), b: Float64Array.of(0, 64) });
    const base = hashTraceColumns(cols());
    expect(base.records).toBe(2);
    expect(hashTraceColumns(cols()).hash).toBe(base.hash);
    for (const f of ['tNs', 'kind', 'a', 'b'] as const) {
      const c = cols();
      c[f][1] += 1;
      expect(hashTraceColumns(c).hash, f).not.toBe(base.hash);
    }
  });
});

describe('trace fingerprint by chunks', () => {
  it('hashing a trace chunk by chunk with one running state gives the hash of the whole', () => {
    const whole = { tNs: Float64Array.of(0, 1, 2.5), kind: Uint8Array.of(1, 2, 3), a: Float64Array.of(7, 8, 9), b: Float64Array.of(0, 64, 5) };
    const head = { tNs: whole.tNs.slice(0, 1), kind: whole.kind.slice(0, 1), a: whole.a.slice(0, 1), b: whole.b.slice(0, 1) };
    const tail = { tNs: whole.tNs.slice(1), kind: whole.kind.slice(1), a: whole.a.slice(1), b: whole.b.slice(1) };
    const h = new Fnv64();
    hashTraceColumns(head, h);
    expect(hashTraceColumns(tail, h).hash).toBe(hashTraceColumns(whole).hash);
  });
});
