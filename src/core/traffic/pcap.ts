/**
 * Packet captures as traffic: classic pcap (both byte orders, microsecond
 * and nanosecond timestamps) and pcapng (SHB, IDB with if_tsresol,
 * if_tsoffset and if_fcslen, EPB, SPB and the obsolete PB; both byte
 * orders; several sections and interfaces) parsed from bytes into frame
 * instants and frame sizes. Pure: no file system, no DOM, so the CLI, the
 * worker and the app all use the same parser on bytes they obtained.
 *
 * What a replay keeps of a capture: when each frame was seen (ns, relative
 * to the earliest frame) and how long it is on an Ethernet wire, FCS
 * included, clamped to what the 8254x model carries (64..1518 bytes).
 */
import type { ReplayFrames, TrafficSpec } from '../scenario';
import { err, ok, type Result } from '../../base/result';

/** Smallest and largest frame the model carries (FCS included). */
export const MIN_FRAME_BYTES = 64;
export const MAX_FRAME_BYTES = 1518;
/** Longest inline capture (`"pattern": "pcap"`, `data`, base64 characters): links carry only small captures. */
export const MAX_INLINE_CAPTURE_CHARS = 48 * 1024;
/** Most frames one capture may hold. */
export const MAX_CAPTURE_FRAMES = 1_000_000;
/** Largest captured length of one record we believe (libpcap's MAXIMUM_SNAPLEN is 262144). */
const MAX_RECORD_BYTES = 0x40000;
/** Bytes of an Ethernet FCS. */
const FCS_BYTES = 4;
/** Bytes of an Ethernet header. */
const ETHERNET_HEADER = 14;

export interface Capture extends ReplayFrames {
  /** Instants (ns) relative to the earliest frame, non-decreasing. */
  atNs: number[];
  /** Frame sizes on an Ethernet wire, FCS included, clamped to 64..1518. */
  bytes: number[];
  format: 'pcap' | 'pcapng';
  /** Byte order of the file (of its first section, for pcapng). */
  byteOrder: 'little' | 'big';
  /** Timestamp resolution as written in the file, e.g. "1 us", "1 ns". */
  resolution: string;
  /** Link type of the (first) interface (LINKTYPE_* number). */
  linkType: number;
  /** From the first to the last frame, ns. */
  durationNs: number;
  /** Frames shorter than 64 bytes, padded to 64 (Ethernet's minimum). */
  paddedFrames: number;
  /** Frames longer than 1518 bytes (loopback, TSO/GRO super-frames, jumbo frames), cut to 1518. */
  cutFrames: number;
  /** One line each about anything the replay changed or guessed. */
  notes: string[];
}

/** A reader error: caught at the top and turned into an `err()`. */
class CaptureError extends Error {}

function fail(message: string): never {
  throw new CaptureError(message);
}

const hex32 = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/** What a link type's header is, to turn a captured length into an Ethernet frame length. */
interface LinkInfo {
  name: string;
  /** Bytes to add to the original length to get an Ethernet frame without FCS (may be negative). */
  toEthernet: number;
  /** The frames are Ethernet frames. */
  ethernet: boolean;
  /** Not a link type we know: taken as Ethernet-sized. */
  unknown?: boolean;
}

function linkInfo(linkType: number): LinkInfo {
  switch (linkType) {
    case 1:
      return { name: 'Ethernet', toEthernet: 0, ethernet: true };
    case 0:
      return { name: 'BSD loopback (NULL)', toEthernet: ETHERNET_HEADER - 4, ethernet: false };
    case 108:
      return { name: 'OpenBSD loopback (LOOP)', toEthernet: ETHERNET_HEADER - 4, ethernet: false };
    case 12:
    case 14:
    case 101:
    case 228:
    case 229:
      return { name: 'raw IP', toEthernet: ETHERNET_HEADER, ethernet: false };
    case 113:
      return { name: 'Linux cooked capture (SLL)', toEthernet: ETHERNET_HEADER - 16, ethernet: false };
    case 276:
      return { name: 'Linux cooked capture v2 (SLL2)', toEthernet: ETHERNET_HEADER - 20, ethernet: false };
    default:
      return { name: `link type ${linkType}`, toEthernet: 0, ethernet: false, unknown: true };
  }
}

/** Frames as read, before sorting and clamping. */
interface RawFrames {
  /** Absolute instants in ns, as BigInt (captures carry 64-bit times). */
  t: bigint[];
  /** Ethernet frame length without FCS. */
  len: number[];
}

/** The little-endian / big-endian reader over the whole input. */
class Reader {
  readonly view: DataView;
  little = true;
  constructor(readonly data: Uint8Array) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }
  get size(): number {
    return this.data.byteLength;
  }
  u16(at: number): number {
    return this.view.getUint16(at, this.little);
  }
  u32(at: number): number {
    return this.view.getUint32(at, this.little);
  }
  i64(at: number): bigint {
    return this.view.getBigInt64(at, this.little);
  }
}

/**
 * Parses a classic pcap or a pcapng capture. Anything else (another format,
 * a bad magic number, a truncated or inconsistent record) is rejected with
 * one line saying what and where.
 */
export function parseCapture(data: Uint8Array): Result<Capture> {
  try {
    return ok(readCapture(data));
  } catch (error) {
    if (error instanceof CaptureError) return err(error.message);
    throw error;
  }
}

function readCapture(data: Uint8Array): Capture {
  if (data.byteLength === 0) fail('empty file (not a capture)');
  if (data.byteLength < 4) fail(`${data.byteLength} bytes are too short for a capture`);
  const r = new Reader(data);
  const be = r.view.getUint32(0, false);
  switch (be) {
    case 0xa1b2c3d4:
    case 0xd4c3b2a1:
    case 0xa1b23c4d:
    case 0x4d3cb2a1:
      return readPcap(r, be);
    case 0x0a0d0d0a:
      return readPcapng(r);
    case 0xa1b2cd34:
    case 0x34cdb2a1:
      return fail("Kuznetzov's modified pcap format is not supported (convert it: editcap -F pcap IN OUT)");
    default:
      return fail(`not a pcap or pcapng capture (magic number ${hex32(be)} at byte 0; pcap starts a1b2c3d4 or a1b23c4d, pcapng 0a0d0d0a)`);
  }
}

// ---- classic pcap ----------------------------------------------------------

const PCAP_HEADER = 24;
const PCAP_RECORD_HEADER = 16;

function readPcap(r: Reader, magicBigEndian: number): Capture {
  const nano = magicBigEndian === 0xa1b23c4d || magicBigEndian === 0x4d3cb2a1;
  r.little = magicBigEndian === 0xd4c3b2a1 || magicBigEndian === 0x4d3cb2a1;
  if (r.size < PCAP_HEADER) fail(`truncated pcap file header (${r.size} of ${PCAP_HEADER} bytes)`);
  const major = r.u16(4);
  if (major !== 2) fail(`pcap version ${major}.${r.u16(6)} is not supported (only 2.x)`);
  const linkField = r.u32(20);
  const linkType = linkField & 0xffff;
  // The upper bits may say whether frames carry an FCS (bit 26 F, bits 28..31 its length in 16-bit words).
  const fcsKnown = (linkField & (1 << 26)) !== 0;
  const fcsBytes = fcsKnown ? ((linkField >>> 28) & 0xf) * 2 : 0;
  const link = linkInfo(linkType);
  const frames: RawFrames = { t: [], len: [] };
  const unit = nano ? 1n : 1000n;
  let at = PCAP_HEADER;
  let n = 0;
  while (at < r.size) {
    n++;
    if (r.size - at < PCAP_RECORD_HEADER) {
      fail(`truncated: record ${n} at byte ${at} needs a ${PCAP_RECORD_HEADER}-byte header, only ${r.size - at} bytes remain (the file was cut short)`);
    }
    const sec = r.u32(at);
    const frac = r.u32(at + 4);
    const incl = r.u32(at + 8);
    const orig = r.u32(at + 12);
    if (incl > MAX_RECORD_BYTES) fail(`corrupt: record ${n} at byte ${at} claims ${incl} captured bytes (at most ${MAX_RECORD_BYTES})`);
    if (frac >= (nano ? 1e9 : 1e6)) fail(`corrupt: record ${n} at byte ${at} has a fraction of a second of ${frac} ${nano ? 'ns' : 'us'}`);
    if (r.size - at - PCAP_RECORD_HEADER < incl) {
      fail(`truncated: record ${n} at byte ${at} needs ${incl} bytes of data, only ${r.size - at - PCAP_RECORD_HEADER} remain (the file was cut short)`);
    }
    if (n > MAX_CAPTURE_FRAMES) fail(`more than ${MAX_CAPTURE_FRAMES} frames (cut the capture, e.g. editcap -r IN OUT 1-${MAX_CAPTURE_FRAMES})`);
    frames.t.push(BigInt(sec) * 1_000_000_000n + BigInt(frac) * unit);
    frames.len.push(Math.max(orig, incl) + link.toEthernet - (link.ethernet ? fcsBytes : 0));
    at += PCAP_RECORD_HEADER + incl;
  }
  const notes = linkNotes([link]);
  if (fcsKnown && link.ethernet && fcsBytes > 0) notes.push(`the frames carry their ${fcsBytes}-byte FCS in the capture`);
  return finish(frames, {
    format: 'pcap',
    byteOrder: r.little ? 'little' : 'big',
    resolution: nano ? '1 ns' : '1 us',
    linkType,
    notes,
  });
}

// ---- pcapng ------------------------------------------------------------------

const BT_SHB = 0x0a0d0d0a;
const BT_IDB = 0x00000001;
const BT_PB = 0x00000002;
const BT_SPB = 0x00000003;
const BT_EPB = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

interface Interface {
  link: LinkInfo;
  linkType: number;
  /** ns per tick = num / den (exact for 10^-n and 2^-n resolutions). */
  num: bigint;
  den: bigint;
  resolution: string;
  /** if_tsoffset, seconds. */
  offsetNs: bigint;
  /** if_fcslen in bytes; -1 when not given. */
  fcsBytes: number;
}

function readPcapng(r: Reader): Capture {
  const frames: RawFrames = { t: [], len: [] };
  let interfaces: Interface[] = [];
  const allInterfaces: Interface[] = [];
  let firstOrder: 'little' | 'big' | null = null;
  let simpleBlocks = 0;
  let sections = 0;
  let at = 0;
  let n = 0;
  while (at < r.size) {
    if (r.size - at < 12) fail(`truncated: block at byte ${at} needs at least 12 bytes, only ${r.size - at} remain (the file was cut short)`);
    const typeBig = r.view.getUint32(at, false);
    if (typeBig === BT_SHB) {
      // A new section: its byte-order magic decides how everything up to the next SHB is read.
      if (r.size - at < 28) fail(`truncated: section header at byte ${at} needs 28 bytes, only ${r.size - at} remain`);
      const magicLittle = r.view.getUint32(at + 8, true);
      if (magicLittle === BYTE_ORDER_MAGIC) r.little = true;
      else if (magicLittle === 0x4d3c2b1a) r.little = false;
      else fail(`corrupt: section header at byte ${at} has byte-order magic ${hex32(r.view.getUint32(at + 8, false))} (expected 1a2b3c4d)`);
      firstOrder ??= r.little ? 'little' : 'big';
      const major = r.u16(at + 12);
      if (major !== 1) fail(`pcapng version ${major}.${r.u16(at + 14)} at byte ${at} is not supported (only 1.x)`);
      sections++;
      interfaces = [];
    } else if (sections === 0) {
      fail(`not a pcapng capture: it does not start with a section header block`);
    }
    const type = r.u32(at);
    const length = r.u32(at + 4);
    if (length < 12 || length % 4 !== 0) fail(`corrupt: block at byte ${at} (type ${hex32(type)}) has length ${length} (a multiple of 4, at least 12)`);
    if (length > r.size - at) fail(`truncated: block at byte ${at} (type ${hex32(type)}) is ${length} bytes, only ${r.size - at} remain (the file was cut short)`);
    if (r.u32(at + length - 4) !== length) {
      fail(`corrupt: block at byte ${at} (type ${hex32(type)}) ends with length ${r.u32(at + length - 4)}, not ${length}`);
    }
    const body = at + 8;
    const bodyEnd = at + length - 4;
    switch (type) {
      case BT_IDB: {
        if (bodyEnd - body < 8) fail(`corrupt: interface description block at byte ${at} is too short`);
        const iface = readInterface(r, body, bodyEnd, at);
        interfaces.push(iface);
        allInterfaces.push(iface);
        break;
      }
      case BT_EPB:
      case BT_PB: {
        const epb = type === BT_EPB;
        const fixed = 20;
        if (bodyEnd - body < fixed) fail(`corrupt: packet block at byte ${at} is too short`);
        const ifaceId = epb ? r.u32(body) : r.u16(body);
        const iface = interfaces[ifaceId];
        if (!iface) fail(`corrupt: packet block at byte ${at} names interface ${ifaceId}, but its section describes ${interfaces.length}`);
        const ticks = (BigInt(r.u32(body + 4)) << 32n) | BigInt(r.u32(body + 8));
        const incl = r.u32(body + 12);
        const orig = r.u32(body + 16);
        if (incl > bodyEnd - body - fixed) fail(`corrupt: packet block at byte ${at} claims ${incl} captured bytes, it holds ${bodyEnd - body - fixed}`);
        n++;
        if (n > MAX_CAPTURE_FRAMES) fail(`more than ${MAX_CAPTURE_FRAMES} frames (cut the capture, e.g. editcap -r IN OUT 1-${MAX_CAPTURE_FRAMES})`);
        frames.t.push((ticks * iface.num) / iface.den + iface.offsetNs);
        pushLength(frames, iface, Math.max(orig, incl));
        break;
      }
      case BT_SPB: {
        if (bodyEnd - body < 4) fail(`corrupt: simple packet block at byte ${at} is too short`);
        const iface = interfaces[0];
        if (!iface) fail(`corrupt: simple packet block at byte ${at} comes before any interface description`);
        n++;
        if (n > MAX_CAPTURE_FRAMES) fail(`more than ${MAX_CAPTURE_FRAMES} frames (cut the capture, e.g. editcap -r IN OUT 1-${MAX_CAPTURE_FRAMES})`);
        // SPBs carry no timestamp: the frame takes the instant of the frame before it.
        simpleBlocks++;
        frames.t.push(frames.t.length > 0 ? frames.t[frames.t.length - 1] : 0n);
        pushLength(frames, iface, r.u32(body));
        break;
      }
      default:
        break; // name resolution, statistics, custom and other blocks say nothing about timing
    }
    at += length;
  }
  if (allInterfaces.length === 0) fail('the capture describes no interface (no interface description block)');
  const first = allInterfaces[0];
  const notes = linkNotes(allInterfaces.map((i) => i.link));
  if (simpleBlocks > 0) {
    notes.push(`${simpleBlocks} simple packet block${simpleBlocks === 1 ? '' : 's'} carry no timestamp: each takes the instant of the frame before it`);
  }
  if (allInterfaces.some((i) => i.link.ethernet && i.fcsBytes > 0)) notes.push('frames carry their FCS in the capture (if_fcslen)');
  const resolutions = [...new Set(allInterfaces.map((i) => i.resolution))];
  return finish(frames, {
    format: 'pcapng',
    byteOrder: firstOrder ?? 'little',
    resolution: resolutions.join(', '),
    linkType: first.linkType,
    notes,
  });
}

function pushLength(frames: RawFrames, iface: Interface, length: number): void {
  const fcs = iface.link.ethernet && iface.fcsBytes > 0 ? iface.fcsBytes : 0;
  frames.len.push(length + iface.link.toEthernet - fcs);
}

function readInterface(r: Reader, body: number, bodyEnd: number, at: number): Interface {
  const linkType = r.u16(body);
  const iface: Interface = {
    link: linkInfo(linkType),
    linkType,
    num: 1000n,
    den: 1n,
    resolution: '1 us',
    offsetNs: 0n,
    fcsBytes: -1,
  };
  let o = body + 8;
  while (o + 4 <= bodyEnd) {
    const code = r.u16(o);
    const len = r.u16(o + 2);
    if (code === 0) break;
    if (o + 4 + len > bodyEnd) fail(`corrupt: option ${code} of the interface description block at byte ${at} runs past the block`);
    const v = o + 4;
    if (code === 9 && len >= 1) {
      const res = r.data[v];
      const exp = BigInt(res & 0x7f);
      if (res & 0x80) {
        if (exp > 62n) fail(`corrupt: if_tsresol 2^-${exp} at byte ${v} is out of range`);
        iface.num = 1_000_000_000n;
        iface.den = 1n << exp;
        iface.resolution = `2^-${exp} s`;
      } else {
        if (exp > 18n) fail(`corrupt: if_tsresol 10^-${exp} at byte ${v} is out of range`);
        const ns = 9n - exp;
        iface.num = ns >= 0n ? 10n ** ns : 1n;
        iface.den = ns >= 0n ? 1n : 10n ** -ns;
        iface.resolution = exp === 6n ? '1 us' : exp === 9n ? '1 ns' : `10^-${exp} s`;
      }
    } else if (code === 14 && len >= 8) {
      iface.offsetNs = r.i64(v) * 1_000_000_000n;
    } else if (code === 13 && len >= 1) {
      iface.fcsBytes = r.data[v];
    }
    o = v + ((len + 3) & ~3);
  }
  return iface;
}

// ---- common ------------------------------------------------------------------

function linkNotes(links: LinkInfo[]): string[] {
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const link of links) {
    if (link.ethernet || seen.has(link.name)) continue;
    seen.add(link.name);
    notes.push(
      link.unknown
        ? `${link.name} is not Ethernet: frame sizes are taken as captured, plus a 4-byte FCS`
        : `${link.name}: frame sizes converted to Ethernet frames (14-byte header, 4-byte FCS)`,
    );
  }
  return notes;
}

function finish(
  raw: RawFrames,
  meta: Pick<Capture, 'format' | 'byteOrder' | 'resolution' | 'linkType' | 'notes'>,
): Capture {
  const count = raw.t.length;
  if (count === 0) fail('the capture holds no frames');
  // Captures are nearly always in time order; when they are not (several interfaces), sort stably.
  const order = Array.from({ length: count }, (_, i) => i);
  let unordered = 0;
  for (let i = 1; i < count; i++) if (raw.t[i] < raw.t[i - 1]) unordered++;
  if (unordered > 0) {
    order.sort((a, b) => (raw.t[a] < raw.t[b] ? -1 : raw.t[a] > raw.t[b] ? 1 : a - b));
    meta.notes.push(`${unordered} frame${unordered === 1 ? ' was' : 's were'} out of time order and ${unordered === 1 ? 'was' : 'were'} sorted`);
  }
  const t0 = raw.t[order[0]];
  const atNs: number[] = new Array(count);
  const bytes: number[] = new Array(count);
  let padded = 0;
  let cut = 0;
  for (let k = 0; k < count; k++) {
    const i = order[k];
    atNs[k] = Number(raw.t[i] - t0);
    let size = raw.len[i] + FCS_BYTES;
    if (size < MIN_FRAME_BYTES) {
      size = MIN_FRAME_BYTES;
      padded++;
    } else if (size > MAX_FRAME_BYTES) {
      size = MAX_FRAME_BYTES;
      cut++;
    }
    bytes[k] = size;
  }
  if (cut > 0) {
    meta.notes.push(
      `${cut} frame${cut === 1 ? ' was' : 's were'} longer than ${MAX_FRAME_BYTES} bytes (loopback, TSO/GRO or jumbo frames) and replay as ${MAX_FRAME_BYTES}`,
    );
  }
  if (padded > 0) meta.notes.push(`${padded} frame${padded === 1 ? ' was' : 's were'} shorter than ${MIN_FRAME_BYTES} bytes and replay padded to ${MIN_FRAME_BYTES}`);
  return { ...meta, atNs, bytes, durationNs: atNs[count - 1], paddedFrames: padded, cutFrames: cut };
}

/** One line about a capture, e.g. for a status bar or the CLI. */
export function describeCapture(c: Capture): string {
  const us = c.durationNs / 1000;
  const rate = c.durationNs > 0 ? `, ${Math.round((c.atNs.length - 1) / (c.durationNs / 1e9)).toLocaleString('en-US')} frames/s` : '';
  return `${c.format} (${c.byteOrder}-endian, ${c.resolution}), ${c.atNs.length} frames over ${us.toLocaleString('en-US', { maximumFractionDigits: 3 })} us${rate}`;
}

// ---- base64 (inline captures in scenarios and links) -------------------------

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;
// The URL-safe alphabet decodes too.
B64_INDEX['-'.charCodeAt(0)] = 62;
B64_INDEX['_'.charCodeAt(0)] = 63;

/** Standard base64 with padding. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64[n >>> 18] + B64[(n >>> 12) & 63] + B64[(n >>> 6) & 63] + B64[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += `${B64[n >>> 18]}${B64[(n >>> 12) & 63]}==`;
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += `${B64[n >>> 18]}${B64[(n >>> 12) & 63]}${B64[(n >>> 6) & 63]}=`;
  }
  return out;
}

/** Strict base64 (standard or URL-safe alphabet, padding optional, whitespace ignored). */
export function decodeBase64(text: string): Result<Uint8Array> {
  const clean = text.replace(/[\s]+/g, '').replace(/=+$/, '');
  if (clean.length % 4 === 1) return err(`not base64 (${clean.length} characters cannot encode whole bytes)`);
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let k = 0;
  for (let i = 0; i < clean.length; i++) {
    const c = clean.charCodeAt(i);
    const v = c < 128 ? B64_INDEX[c] : -1;
    if (v < 0) return err(`not base64 (character ${JSON.stringify(clean[i])} at position ${i})`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[k++] = (acc >>> bits) & 0xff;
    }
  }
  return ok(out);
}

/** An inline capture (the `data` of a pcap traffic spec) decoded and parsed. */
export function parseInlineCapture(data: string): Result<Capture> {
  const decoded = decodeBase64(data);
  if (!decoded.ok) return decoded;
  return parseCapture(decoded.value);
}

// ---- traffic specs -------------------------------------------------------------

type PcapSpec = Extract<TrafficSpec, { pattern: 'pcap' }>;

/**
 * The frames a pcap traffic spec replays: `frames` when the caller has
 * loaded the capture (a file next to the scenario, a file dropped on the
 * app), else the inline `data`. Throws when neither is there: whoever runs
 * a scenario that names a capture file must load it first (see
 * `resolveCaptureFiles`).
 */
export function replayFrames(spec: PcapSpec): ReplayFrames {
  if (spec.frames) return spec.frames;
  if (spec.data !== undefined) {
    const parsed = parseInlineCapture(spec.data);
    if (!parsed.ok) throw new Error(`traffic pattern "pcap": data: ${parsed.error}`);
    return parsed.value;
  }
  throw new Error(
    `traffic pattern "pcap": the capture ${JSON.stringify(spec.file ?? '')} is not loaded ` +
      '(load the file and pass its frames; links carry only small captures inline as "data")',
  );
}

/**
 * Fills `frames` for every pcap traffic spec of a scenario that names a
 * file, using `load` to get the file's bytes (the CLI reads the file next
 * to the scenario; the app looks in the files the user dropped). Returns a
 * new scenario, or the first problem as one line naming the field.
 */
export function resolveCaptureFiles<S extends { traffic: { rx: TrafficSpec; tx: TrafficSpec } }>(
  scenario: S,
  load: (file: string) => Result<Uint8Array>,
): Result<S> {
  const traffic = { ...scenario.traffic };
  for (const dir of ['rx', 'tx'] as const) {
    const spec = traffic[dir];
    if (spec.pattern !== 'pcap' || spec.frames || spec.file === undefined) continue;
    const loaded = load(spec.file);
    if (!loaded.ok) return err(`traffic.${dir}.file: ${loaded.error}`);
    const parsed = parseCapture(loaded.value);
    if (!parsed.ok) return err(`traffic.${dir}.file: ${spec.file}: ${parsed.error}`);
    traffic[dir] = { ...spec, frames: { atNs: parsed.value.atNs, bytes: parsed.value.bytes } };
  }
  return ok({ ...scenario, traffic });
}

/** The scenario without loaded frames (what a scenario file, a link or the CLI's JSON output carries). */
export function withoutCaptureFrames<S extends { traffic: { rx: TrafficSpec; tx: TrafficSpec } }>(scenario: S): S {
  const strip = (spec: TrafficSpec): TrafficSpec => {
    if (spec.pattern !== 'pcap' || !spec.frames) return spec;
    const { frames: _frames, ...rest } = spec;
    return rest;
  };
  const { rx, tx } = scenario.traffic;
  if (strip(rx) === rx && strip(tx) === tx) return scenario;
  return { ...scenario, traffic: { ...scenario.traffic, rx: strip(rx), tx: strip(tx) } };
}
