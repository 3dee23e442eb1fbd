/**
 * Capture parsing (pcap and pcapng, both byte orders, us/ns and other
 * resolutions), rejection of anything else, and captures replayed as
 * traffic: in the scenario format, in the core, per-frame sizes honoured.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/schema';
import { runScenario, Simulation } from '../simulation';
import { testScenario } from '../testScenario';
import { TraceKind } from '../types';
import { createArrivals } from './arrivals';
import {
  decodeBase64,
  encodeBase64,
  MAX_FRAME_BYTES,
  MIN_FRAME_BYTES,
  parseCapture,
  replayFrames,
  resolveCaptureFiles,
  withoutCaptureFrames,
  type Capture,
} from './pcap';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../../public/captures/${name}`, import.meta.url)));

function parsed(bytes: Uint8Array): Capture {
  const r = parseCapture(bytes);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function failure(bytes: Uint8Array): string {
  const r = parseCapture(bytes);
  expect(r.ok).toBe(false);
  return r.ok ? '' : r.error;
}

// ---- capture builders ----------------------------------------------------------

/** Little helper that writes integers in one byte order. */
class Bytes {
  private readonly parts: number[] = [];
  constructor(private readonly little: boolean) {}
  u8(v: number) {
    this.parts.push(v & 0xff);
    return this;
  }
  u16(v: number) {
    return this.little ? this.u8(v).u8(v >>> 8) : this.u8(v >>> 8).u8(v);
  }
  u32(v: number) {
    return this.little ? this.u16(v & 0xffff).u16(v >>> 16) : this.u16(v >>> 16).u16(v & 0xffff);
  }
  u64(v: bigint) {
    const hi = Number(v >> 32n) >>> 0;
    const lo = Number(v & 0xffffffffn) >>> 0;
    return this.little ? this.u32(lo).u32(hi) : this.u32(hi).u32(lo);
  }
  raw(bytes: ArrayLike<number>) {
    for (let i = 0; i < bytes.length; i++) this.parts.push(bytes[i]);
    return this;
  }
  zeros(n: number) {
    for (let i = 0; i < n; i++) this.parts.push(0);
    return this;
  }
  get length() {
    return this.parts.length;
  }
  bytes() {
    return new Uint8Array(this.parts);
  }
}

interface PcapFrame {
  sec: number;
  frac: number;
  orig: number;
  /** Captured bytes (default: min(orig, 60)). */
  incl?: number;
}

function pcap(frames: PcapFrame[], o: { little?: boolean; nano?: boolean; linkType?: number; linkField?: number } = {}): Uint8Array {
  const b = new Bytes(o.little ?? true);
  b.u32(o.nano ? 0xa1b23c4d : 0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(o.linkField ?? o.linkType ?? 1);
  for (const f of frames) {
    const incl = f.incl ?? Math.min(f.orig, 60);
    b.u32(f.sec).u32(f.frac).u32(incl).u32(f.orig).zeros(incl);
  }
  return b.bytes();
}

type Block = (little: boolean) => Uint8Array;

function block(type: number, body: (b: Bytes) => void): Block {
  return (little) => {
    const inner = new Bytes(little);
    body(inner);
    while (inner.length % 4 !== 0) inner.u8(0);
    const total = inner.length + 12;
    return new Bytes(little).u32(type).u32(total).raw(inner.bytes()).u32(total).bytes();
  };
}

const shb = (major = 1): Block => block(0x0a0d0d0a, (b) => b.u32(0x1a2b3c4d).u16(major).u16(0).u64(0xffffffffffffffffn));

function idb(linkType: number, options: { tsresol?: number; tsoffset?: bigint; fcslen?: number } = {}): Block {
  return block(1, (b) => {
    b.u16(linkType).u16(0).u32(0);
    if (options.tsresol !== undefined) b.u16(9).u16(1).u8(options.tsresol).zeros(3);
    if (options.tsoffset !== undefined) b.u16(14).u16(8).u64(options.tsoffset);
    if (options.fcslen !== undefined) b.u16(13).u16(1).u8(options.fcslen).zeros(3);
    b.u16(0).u16(0);
  });
}

function epb(iface: number, ticks: bigint, orig: number, incl = Math.min(orig, 40)): Block {
  return block(6, (b) => {
    b.u32(iface).u32(Number(ticks >> 32n)).u32(Number(ticks & 0xffffffffn)).u32(incl).u32(orig).zeros(incl);
    while (b.length % 4 !== 0) b.u8(0);
  });
}

function pb(iface: number, ticks: bigint, orig: number): Block {
  // Timestamps in packet blocks are two 32-bit words, upper first, each in the section's byte order.
  return block(2, (b) => b.u16(iface).u16(0).u32(Number(ticks >> 32n)).u32(Number(ticks & 0xffffffffn)).u32(8).u32(orig).zeros(8));
}

const spb = (orig: number): Block => block(3, (b) => b.u32(orig).zeros(Math.min(orig, 16)));
const nrb = (): Block => block(4, (b) => b.u16(0).u16(0));

function pcapng(blocks: Block[], little = true): Uint8Array {
  const parts = blocks.map((make) => make(little));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---- tests ------------------------------------------------------------------------

describe('the shipped captures (made with tcpdump and tshark on loopback)', () => {
  // Frame counts, spans and sizes as tshark reports them (frame.len + 4 bytes of FCS).
  it('ping-flood.pcap: classic pcap, nanosecond timestamps, 300 echo frames of 98 + 4 bytes', () => {
    const c = parsed(fixture('ping-flood.pcap'));
    expect(c).toMatchObject({ format: 'pcap', byteOrder: 'little', resolution: '1 ns', linkType: 1, durationNs: 3_860_708 });
    expect(c.atNs).toHaveLength(300);
    expect(c.atNs.slice(0, 3)).toEqual([0, 11_347, 44_376]);
    expect(new Set(c.bytes)).toEqual(new Set([102]));
    expect(c.notes).toEqual([]);
  });

  it('tcp-bulk.pcap: classic pcap, microseconds, snap length 96: sizes come from the original lengths', () => {
    const c = parsed(fixture('tcp-bulk.pcap'));
    expect(c).toMatchObject({ format: 'pcap', resolution: '1 us', durationNs: 2_911_000 });
    expect(c.atNs).toHaveLength(353);
    expect(c.atNs.slice(0, 3)).toEqual([0, 24_000, 41_000]);
    expect(c.bytes.filter((b) => b === 1518)).toHaveLength(181);
    expect(Math.min(...c.bytes)).toBe(70);
    expect(c.cutFrames).toBe(0);
  });

  it('request-response.pcap: 100 requests (170 bytes) and 100 replies (1070 bytes) over 63 ms', () => {
    const c = parsed(fixture('request-response.pcap'));
    expect(c.atNs).toHaveLength(208);
    expect(c.durationNs).toBe(63_228_000);
    expect(c.bytes.filter((b) => b === 170)).toHaveLength(100);
    expect(c.bytes.filter((b) => b === 1070)).toHaveLength(100);
  });

  it('udp-bursts.pcapng: pcapng from tshark, if_tsresol 10^-9, 8 bursts of 32 frames', () => {
    const c = parsed(fixture('udp-bursts.pcapng'));
    expect(c).toMatchObject({ format: 'pcapng', byteOrder: 'little', resolution: '1 ns', linkType: 1, durationNs: 16_412_320 });
    expect(c.atNs).toHaveLength(256);
    expect(c.atNs.slice(0, 3)).toEqual([0, 17_526, 24_136]);
    expect(new Set(c.bytes)).toEqual(new Set([1046]));
    // Bursts: 7 gaps of more than a millisecond.
    const gaps = c.atNs.slice(1).filter((t, i) => t - c.atNs[i] > 1_000_000);
    expect(gaps).toHaveLength(7);
  });

  it('every fixture stays small enough to ship and to go in a link inline', () => {
    for (const name of ['ping-flood.pcap', 'tcp-bulk.pcap', 'request-response.pcap', 'udp-bursts.pcapng']) {
      expect(fixture(name).length, name).toBeLessThan(50 * 1024);
      expect(encodeBase64(fixture(name)).length, name).toBeLessThanOrEqual(48 * 1024);
    }
  });
});

describe('classic pcap', () => {
  const frames: PcapFrame[] = [
    { sec: 1_700_000_000, frac: 999_999, orig: 60 },
    { sec: 1_700_000_001, frac: 500, orig: 1514 },
    { sec: 1_700_000_001, frac: 1_500, orig: 200 },
  ];

  it('reads both byte orders the same', () => {
    const little = parsed(pcap(frames, { little: true }));
    const big = parsed(pcap(frames, { little: false }));
    expect(little.byteOrder).toBe('little');
    expect(big.byteOrder).toBe('big');
    expect(big.atNs).toEqual(little.atNs);
    expect(big.bytes).toEqual(little.bytes);
    expect(little.atNs).toEqual([0, 501_000, 1_501_000]);
    expect(little.bytes).toEqual([64, 1518, 204]);
  });

  it('microsecond and nanosecond magic numbers scale the fraction', () => {
    const f: PcapFrame[] = [
      { sec: 10, frac: 0, orig: 60 },
      { sec: 10, frac: 250, orig: 60 },
    ];
    expect(parsed(pcap(f)).atNs).toEqual([0, 250_000]);
    expect(parsed(pcap(f, { nano: true })).atNs).toEqual([0, 250]);
    expect(parsed(pcap(f, { nano: true, little: false })).resolution).toBe('1 ns');
  });

  it('keeps nanosecond precision with epoch-sized seconds', () => {
    const c = parsed(pcap([{ sec: 4_000_000_000, frac: 1, orig: 60 }, { sec: 4_000_000_003, frac: 999_999_999, orig: 60 }], { nano: true }));
    expect(c.atNs).toEqual([0, 3_999_999_998]);
  });

  it('pads short frames to 64 and cuts long ones to 1518, and says so', () => {
    const c = parsed(pcap([{ sec: 0, frac: 0, orig: 42 }, { sec: 0, frac: 1, orig: 9000 }, { sec: 0, frac: 2, orig: 65_000 }]));
    expect(c.bytes).toEqual([MIN_FRAME_BYTES, MAX_FRAME_BYTES, MAX_FRAME_BYTES]);
    expect(c.paddedFrames).toBe(1);
    expect(c.cutFrames).toBe(2);
    expect(c.notes.join('\n')).toMatch(/2 frames were longer than 1518 bytes/);
    expect(c.notes.join('\n')).toMatch(/1 frame was shorter than 64 bytes/);
  });

  it('converts other link types to Ethernet frame sizes', () => {
    const sll = parsed(pcap([{ sec: 0, frac: 0, orig: 16 + 84 }], { linkType: 113 }));
    expect(sll.bytes).toEqual([14 + 84 + 4]);
    expect(sll.notes[0]).toMatch(/Linux cooked capture \(SLL\)/);
    expect(parsed(pcap([{ sec: 0, frac: 0, orig: 84 }], { linkType: 101 })).bytes).toEqual([102]);
    expect(parsed(pcap([{ sec: 0, frac: 0, orig: 20 + 84 }], { linkType: 276 })).bytes).toEqual([102]);
    expect(parsed(pcap([{ sec: 0, frac: 0, orig: 4 + 84 }], { linkType: 0 })).bytes).toEqual([102]);
    const odd = parsed(pcap([{ sec: 0, frac: 0, orig: 100 }], { linkType: 147 }));
    expect(odd.bytes).toEqual([104]);
    expect(odd.notes[0]).toMatch(/link type 147 is not Ethernet/);
  });

  it('honours an FCS the link-type field says the frames carry', () => {
    // Bit 26 (F) set, FCS length 2 x 16 bits = 4 bytes: the captured 64 bytes already include the FCS.
    const c = parsed(pcap([{ sec: 0, frac: 0, orig: 64 }], { linkField: 1 | (1 << 26) | (2 << 28) }));
    expect(c.bytes).toEqual([64]);
    expect(c.linkType).toBe(1);
  });

  it('sorts frames that are out of time order, and says so', () => {
    const c = parsed(pcap([{ sec: 5, frac: 30, orig: 60 }, { sec: 5, frac: 10, orig: 100 }, { sec: 5, frac: 20, orig: 200 }]));
    expect(c.atNs).toEqual([0, 10_000, 20_000]);
    expect(c.bytes).toEqual([104, 204, 64]);
    expect(c.notes.join('\n')).toMatch(/1 frame was out of time order/);
  });
});

describe('pcapng', () => {
  it('reads SHB, IDB (if_tsresol), EPB and SPB in both byte orders, skipping other blocks', () => {
    const blocks = [shb(), idb(1, { tsresol: 9 }), nrb(), epb(0, 1_000_000_000_000n, 60), epb(0, 1_000_000_002_500n, 1514), spb(200), epb(0, 1_000_000_010_000n, 100)];
    const little = parsed(pcapng(blocks, true));
    const big = parsed(pcapng(blocks, false));
    expect(little).toMatchObject({ format: 'pcapng', byteOrder: 'little', resolution: '1 ns' });
    expect(big.byteOrder).toBe('big');
    expect(little.atNs).toEqual([0, 2500, 2500, 10_000]);
    expect(little.bytes).toEqual([64, 1518, 204, 104]);
    expect(big.atNs).toEqual(little.atNs);
    expect(big.bytes).toEqual(little.bytes);
    expect(little.notes.join('\n')).toMatch(/1 simple packet block carry no timestamp/);
  });

  it('uses microseconds without if_tsresol, and handles 2^-n resolutions and if_tsoffset', () => {
    expect(parsed(pcapng([shb(), idb(1), epb(0, 100n, 60), epb(0, 103n, 60)])).atNs).toEqual([0, 3000]);
    // 2^-20 s per tick: 1024 ticks = 976562.5 ns -> 976562 (floor of exact ns).
    const binary = parsed(pcapng([shb(), idb(1, { tsresol: 0x80 | 20 }), epb(0, 0n, 60), epb(0, 1024n, 60)]));
    expect(binary.atNs).toEqual([0, 976_562]);
    expect(binary.resolution).toBe('2^-20 s');
    // Two interfaces, one 1 s behind: if_tsoffset puts their frames on one clock.
    const two = parsed(pcapng([shb(), idb(1, { tsresol: 9 }), idb(1, { tsresol: 9, tsoffset: 1n }), epb(0, 1_000_000_500n, 60), epb(1, 0n, 60)]));
    expect(two.atNs).toEqual([0, 500]);
  });

  it('reads the obsolete packet block, several sections and if_fcslen', () => {
    const first = pcapng([shb(), idb(1), pb(0, 10n, 60)], true);
    const second = pcapng([shb(), idb(1, { tsresol: 6, fcslen: 4 }), epb(0, 12n, 70)], false);
    const c = parsed(concat(first, second));
    expect(c.atNs).toEqual([0, 2000]);
    expect(c.bytes).toEqual([64, 70]);
    expect(c.byteOrder).toBe('little');
  });

  it('converts a Linux cooked (SLL2) interface to Ethernet sizes', () => {
    const c = parsed(pcapng([shb(), idb(276), epb(0, 0n, 20 + 84)]));
    expect(c.bytes).toEqual([102]);
    expect(c.linkType).toBe(276);
  });
});

describe('anything else is rejected with one line saying what and where', () => {
  const good = pcap([{ sec: 0, frac: 0, orig: 60 }, { sec: 0, frac: 1, orig: 60 }]);
  const goodNg = pcapng([shb(), idb(1), epb(0, 1n, 60), epb(0, 2n, 60)]);
  const cases: [string, () => Uint8Array, RegExp][] = [
    ['an empty file', () => new Uint8Array(0), /^empty file/],
    ['three bytes', () => new Uint8Array([0xd4, 0xc3, 0xb2]), /too short/],
    ['a PNG image', () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), /not a pcap or pcapng capture \(magic number 0x89504e47 at byte 0/],
    ['JSON text', () => new TextEncoder().encode('{"v":1}'), /not a pcap or pcapng capture/],
    ["Kuznetzov's modified pcap", () => new Uint8Array([0x34, 0xcd, 0xb2, 0xa1, 0, 0, 0, 0]), /modified pcap format is not supported/],
    ['a pcap cut inside its file header', () => good.slice(0, 20), /truncated pcap file header \(20 of 24 bytes\)/],
    ['a pcap of another version', () => { const b = good.slice(); b[4] = 3; return b; }, /pcap version 3\.4 is not supported/],
    ['a pcap cut inside a record header', () => good.slice(0, 24 + 16 + 60 + 8), /truncated: record 2 at byte 100 needs a 16-byte header, only 8 bytes remain/],
    ['a pcap cut inside a record', () => good.slice(0, good.length - 1), /truncated: record 2 at byte 100 needs 60 bytes of data, only 59 remain/],
    ['a record claiming 4 GB', () => { const b = good.slice(); new DataView(b.buffer).setUint32(24 + 8, 0xfffffff0, true); return b; }, /record 1 at byte 24 claims 4294967280 captured bytes/],
    ['a fraction of a second out of range', () => pcap([{ sec: 0, frac: 2_000_000, orig: 60 }]), /fraction of a second of 2000000 us/],
    ['a pcap with no frames', () => pcap([]), /^the capture holds no frames$/],
    ['a pcapng cut inside a block', () => goodNg.slice(0, goodNg.length - 8), /truncated: block at byte \d+ \(type 0x00000006\) is \d+ bytes, only \d+ remain/],
    ['a pcapng cut before a block header ends', () => goodNg.slice(0, goodNg.length - 36), /truncated/],
    ['a pcapng block length not a multiple of 4', () => { const b = goodNg.slice(); new DataView(b.buffer).setUint32(28 + 4, 29, true); return b; }, /corrupt: block at byte 28 \(type 0x00000001\) has length 29/],
    ['a pcapng block whose lengths disagree', () => { const b = goodNg.slice(); new DataView(b.buffer).setUint32(b.length - 4, 8, true); return b; }, /ends with length 8, not/],
    ['a pcapng with a bad byte-order magic', () => { const b = goodNg.slice(); b[8] = 0; return b; }, /byte-order magic/],
    ['a pcapng of another version', () => pcapng([shb(2), idb(1), epb(0, 1n, 60)]), /pcapng version 2\.0 at byte 0 is not supported/],
    ['a packet naming a missing interface', () => pcapng([shb(), idb(1), epb(3, 1n, 60)]), /names interface 3, but its section describes 1/],
    ['a packet block claiming more than it holds', () => pcapng([shb(), idb(1), block(6, (b) => b.u32(0).u64(0n).u32(500).u32(500).zeros(8))]), /claims 500 captured bytes, it holds 8/],
    ['a simple packet block before any interface', () => pcapng([shb(), spb(60)]), /comes before any interface description/],
    ['a pcapng with no interface', () => pcapng([shb(), nrb()]), /describes no interface/],
    ['a pcapng with an interface and no frames', () => pcapng([shb(), idb(1)]), /^the capture holds no frames$/],
  ];
  it.each(cases)('%s', (_name, make, message) => {
    const error = failure(make());
    expect(error).toMatch(message);
    expect(error).not.toMatch(/\n/);
  });
});

describe('base64 for inline captures', () => {
  it('round-trips every length and both alphabets', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n * 11) & 0xff);
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      const back = decodeBase64(text);
      expect(back.ok && Array.from(back.value)).toEqual(Array.from(bytes));
      const url = decodeBase64(Buffer.from(bytes).toString('base64url'));
      expect(url.ok && Array.from(url.value)).toEqual(Array.from(bytes));
    }
  });

  it('rejects characters outside base64', () => {
    expect(decodeBase64('ab$d')).toEqual({ ok: false, error: 'not base64 (character "$" at position 2)' });
    expect(decodeBase64('abcde').ok).toBe(false);
  });
});

describe('captures as traffic', () => {
  const ping = parsed(fixture('ping-flood.pcap'));
  const frames = { atNs: [0, 1000, 1000, 5000], bytes: [64, 1518, 300, 100] };

  it('the core replays instants shifted by startUs, with each frame its own size', () => {
    const arrivals = createArrivals({ pattern: 'pcap', file: 'x.pcap', startUs: 10, frames }, 1, 1);
    const got: [number, number][] = [];
    for (let t = arrivals.next(); t !== Infinity; t = arrivals.next()) got.push([t, arrivals.bytes]);
    expect(got).toEqual([[10_000, 64], [11_000, 1518], [11_000, 300], [15_000, 100]]);
    expect(arrivals.saturate).toBe(false);
  });

  it('a replayed RX capture stores each frame with its own size, spaced at least by the wire', () => {
    const sim = new Simulation(testScenario({ durationUs: 100, rx: { pattern: 'pcap', file: 'x.pcap', startUs: 0, frames } }), { traceCapacity: 10_000 });
    sim.advanceTo(100_000);
    const arrived = sim.trace.records().filter((r) => r.kind === TraceKind.RX_ARRIVE);
    expect(arrived.map((r) => r.b)).toEqual([64, 1518, 300, 100]);
    // 1518 bytes take 12.304 us on 1 Gb/s: the second frame cannot have fully arrived before that.
    expect(arrived.map((r) => r.tNs)).toEqual([0, 12_304, 12_304 + 2_560, 12_304 + 2_560 + 960]);
    expect(sim.interrupts().length).toBeGreaterThan(0);
  });

  it('a scenario with an inline capture parses, replays and produces interrupts', () => {
    const data = encodeBase64(fixture('ping-flood.pcap'));
    const p = parseScenario({ v: 1, durationUs: 5000, guest: { driver: 'linux-e1000', params: { InterruptThrottleRate: 3 } }, traffic: { rx: { pattern: 'pcap', data } } });
    if (!p.ok) throw new Error(p.error);
    expect(p.value.traffic.rx).toEqual({ pattern: 'pcap', data, startUs: 0 });
    const result = runScenario(p.value);
    expect(result.metrics.rxFrames).toBe(300);
    expect(result.metrics.interrupts).toBeGreaterThan(10);
    expect(result.metrics.interrupts).toBeLessThan(300);
  });

  it('a capture replays as TX: the application hands over each frame at its instant and size', () => {
    const scenario = testScenario({ durationUs: 5000, tx: { pattern: 'pcap', file: 'ping.pcap', startUs: 0, frames: ping } });
    const sim = new Simulation(scenario, { traceCapacity: 100_000 });
    sim.advanceTo(5_000_000);
    const queued = sim.trace.records().filter((r) => r.kind === TraceKind.TX_QUEUE);
    expect(queued).toHaveLength(300);
    expect(queued.map((r) => r.tNs)).toEqual(ping.atNs);
    expect(new Set(queued.map((r) => r.b))).toEqual(new Set([102]));
    expect(sim.metrics().txFrames).toBe(300);
  });

  it('a scenario naming a file runs once the file is loaded; until then the core says what is missing', () => {
    const p = parseScenario({ v: 1, traffic: { rx: { pattern: 'pcap', file: 'captures/ping.pcap', startUs: 5 } } });
    if (!p.ok) throw new Error(p.error);
    expect(() => runScenario(p.value)).toThrow(/the capture "captures\/ping\.pcap" is not loaded/);
    const asked: string[] = [];
    const resolved = resolveCaptureFiles(p.value, (file) => {
      asked.push(file);
      return { ok: true, value: fixture('ping-flood.pcap') };
    });
    if (!resolved.ok) throw new Error(resolved.error);
    expect(asked).toEqual(['captures/ping.pcap']);
    const rx = resolved.value.traffic.rx;
    expect(rx.pattern === 'pcap' && rx.frames?.atNs.length).toBe(300);
    expect(runScenario(resolved.value).metrics.rxFrames).toBeGreaterThan(0);
    expect(withoutCaptureFrames(resolved.value)).toEqual(p.value);
    expect(replayFrames({ pattern: 'pcap', data: encodeBase64(fixture('ping-flood.pcap')), startUs: 0 }).atNs).toEqual(ping.atNs);
  });

  it('loading reports a missing or corrupt file by field', () => {
    const p = parseScenario({ v: 1, traffic: { tx: { pattern: 'pcap', file: 'a.pcap' } } });
    if (!p.ok) throw new Error(p.error);
    expect(resolveCaptureFiles(p.value, () => ({ ok: false, error: 'a.pcap: no such file' }))).toEqual({ ok: false, error: 'traffic.tx.file: a.pcap: no such file' });
    expect(resolveCaptureFiles(p.value, () => ({ ok: true, value: new Uint8Array([1, 2, 3, 4]) }))).toEqual({
      ok: false,
      error: 'traffic.tx.file: a.pcap: not a pcap or pcapng capture (magic number 0x01020304 at byte 0; pcap starts a1b2c3d4 or a1b23c4d, pcapng 0a0d0d0a)',
    });
  });
});

describe('the scenario format: traffic pattern "pcap"', () => {
  const small = encodeBase64(pcap([{ sec: 0, frac: 0, orig: 60 }]));
  const parse = (rx: unknown) => parseScenario({ v: 1, traffic: { rx } });
  const cases: [string, unknown, string][] = [
    ['needs file or data', { pattern: 'pcap' }, 'traffic.rx.file: missing (rx pattern "pcap" needs "file", a capture next to the scenario file, or "data", a small capture in base64)'],
    ['not both', { pattern: 'pcap', file: 'a.pcap', data: small }, 'traffic.rx.data: give "file" or "data", not both (rx pattern "pcap")'],
    ['data must be a capture', { pattern: 'pcap', data: encodeBase64(new TextEncoder().encode('hello, world')) }, 'traffic.rx.data: not a capture: not a pcap or pcapng capture (magic number 0x68656c6c at byte 0; pcap starts a1b2c3d4 or a1b23c4d, pcapng 0a0d0d0a)'],
    ['data must be base64', { pattern: 'pcap', data: 'abc*' }, 'traffic.rx.data: not a capture: not base64 (character "*" at position 3)'],
    [
      'links carry only small captures',
      { pattern: 'pcap', data: 'A'.repeat(50_000) },
      'traffic.rx.data: 50000 characters are too many (links carry only small captures: at most 49152 characters of base64, about 36 KB of capture; name a bigger capture with "file" in a scenario file)',
    ],
    ['file must be text', { pattern: 'pcap', file: 7 }, 'traffic.rx.file: 7 is not text (the capture\'s file name or path)'],
    ['file must not be empty', { pattern: 'pcap', file: '' }, 'traffic.rx.file: empty (the capture\'s file name or path)'],
    ['no sizes: they come from the capture', { pattern: 'pcap', file: 'a.pcap', bytes: 64 }, 'traffic.rx.bytes: unknown field (rx pattern "pcap" allows: pattern, file, data, startUs)'],
    ['no frames in JSON', { pattern: 'pcap', file: 'a.pcap', frames: { atNs: [], bytes: [] } }, 'traffic.rx.frames: unknown field (rx pattern "pcap" allows: pattern, file, data, startUs)'],
  ];
  it.each(cases)('%s', (_name, rx, error) => {
    expect(parse(rx)).toEqual({ ok: false, error });
  });

  it('fills startUs, and TX takes the pattern too', () => {
    const p = parseScenario({ v: 1, traffic: { rx: { pattern: 'pcap', file: 'a.pcap' }, tx: { pattern: 'pcap', data: small, startUs: 3 } } });
    expect(p.ok && p.value.traffic).toEqual({ rx: { pattern: 'pcap', file: 'a.pcap', startUs: 0 }, tx: { pattern: 'pcap', data: small, startUs: 3 } });
  });
});
