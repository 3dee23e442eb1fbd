import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../core/simulation';
import { resolveCaptureFiles } from '../core/traffic/pcap';
import { parseScenario, parseScenarioJson } from '../scenario/schema';
import { decodeShareLink, encodeShareLink, MAX_SHARE_LINK_CHARS } from '../scenario/shareLink';
import { captureTraffic, scenarioForLink, SHIPPED_CAPTURES } from './captures';

const capturesDir = fileURLToPath(new URL('../../public/captures/', import.meta.url));
const read = (path: string) => new Uint8Array(readFileSync(path));

/** A classic pcap of `n` 60-byte frames 10 us apart, captured whole (so it is big). */
function bigPcap(n: number): Uint8Array {
  const out = new Uint8Array(24 + n * (16 + 60));
  const v = new DataView(out.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 65535, true);
  v.setUint32(20, 1, true);
  for (let i = 0; i < n; i++) {
    const at = 24 + i * 76;
    v.setUint32(at + 4, i * 10, true);
    v.setUint32(at + 8, 60, true);
    v.setUint32(at + 12, 60, true);
  }
  return out;
}

describe('shipped captures', () => {
  it.each(SHIPPED_CAPTURES.map((c) => [c.id, c] as const))('%s: file present, small enough to go in a link inline, and its scenario file runs', (_id, shipped) => {
    const bytes = read(join(capturesDir, shipped.file));
    const t = captureTraffic(bytes, shipped.file);
    if (!t.ok) throw new Error(t.error);
    expect(t.value.linkable).toBe(true);
    expect(t.value.spec.data).toBeDefined();
    expect(t.value.summary).toMatch(new RegExp(`^${shipped.file.replace('.', '\\.')}: pcap(ng)? \\(`));
    const p = parseScenario({ v: 1, durationUs: 1000, traffic: { rx: t.value.spec } });
    if (!p.ok) throw new Error(p.error);
    // The whole scenario travels in a share link and comes back the same.
    const link = encodeShareLink(p.value);
    expect(link.length).toBeLessThan(MAX_SHARE_LINK_CHARS);
    const back = decodeShareLink(`#${link}`);
    expect(back.ok && back.value.scenario).toEqual(p.value);

    const scenarioPath = join(capturesDir, shipped.file.replace(/\.pcap(ng)?$/, '.scenario.json'));
    expect(existsSync(scenarioPath)).toBe(true);
    const parsed = parseScenarioJson(readFileSync(scenarioPath, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    const resolved = resolveCaptureFiles(parsed.value, (file) => ({ ok: true, value: read(join(dirname(scenarioPath), file)) }));
    if (!resolved.ok) throw new Error(resolved.error);
    const result = runScenario(resolved.value);
    expect(result.metrics.rxFrames).toBe(t.value.capture.atNs.length);
    expect(result.metrics.interrupts).toBeGreaterThan(0);
  });
});

describe('captureTraffic and scenarioForLink', () => {
  it('a big capture runs with its frames loaded, but a link cannot carry it and says so', () => {
    const t = captureTraffic(bigPcap(1000), 'big.pcap');
    if (!t.ok) throw new Error(t.error);
    expect(t.value.linkable).toBe(false);
    expect(t.value.spec).toMatchObject({ pattern: 'pcap', file: 'big.pcap', startUs: 0 });
    expect(t.value.spec.frames?.atNs.length).toBe(1000);
    const scenario = { ...runScenario(parseOk({ v: 1 })).scenario, durationUs: 12_000, traffic: { rx: t.value.spec, tx: { pattern: 'none' as const } } };
    expect(runScenario(scenario).metrics.rxFrames).toBe(1000);
    const link = scenarioForLink(scenario);
    expect(link.ok).toBe(false);
    expect(!link.ok && link.error).toMatch(/^the RX capture "big\.pcap" \(1000 frames\) is too big for a link: links carry only small captures/);
  });

  it('a small capture goes inline; the link scenario is the scenario', () => {
    const t = captureTraffic(bigPcap(10), 'small.pcap', 25);
    if (!t.ok) throw new Error(t.error);
    expect(t.value.spec).toEqual({ pattern: 'pcap', data: expect.any(String), startUs: 25 });
    const scenario = { ...parseOk({ v: 1 }), traffic: { rx: { pattern: 'none' as const }, tx: t.value.spec } };
    expect(scenarioForLink(scenario)).toEqual({ ok: true, value: scenario });
  });

  it('a file that is not a capture is refused with its name', () => {
    expect(captureTraffic(new TextEncoder().encode('hello'), 'notes.txt')).toEqual({
      ok: false,
      error: 'notes.txt: not a pcap or pcapng capture (magic number 0x68656c6c at byte 0; pcap starts a1b2c3d4 or a1b23c4d, pcapng 0a0d0d0a)',
    });
  });
});

function parseOk(input: unknown) {
  const p = parseScenario(input);
  if (!p.ok) throw new Error(p.error);
  return p.value;
}
