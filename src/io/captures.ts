/**
 * Captures as traffic, for the app and the CLI: the captures shipped in
 * public/captures/, turning a capture's bytes (a dropped file, a fetched
 * fixture) into a traffic spec, and making a scenario fit a share link.
 * Pure: the caller reads files or fetches bytes.
 */
import { err, ok, type Result } from '../base/result';
import type { Scenario, TrafficSpec } from '../core/scenario';
import { describeCapture, encodeBase64, MAX_INLINE_CAPTURE_CHARS, parseCapture, withoutCaptureFrames, type Capture } from '../core/traffic/pcap';

export interface ShippedCapture {
  id: string;
  /** File name in public/captures/ (fetch `${base}captures/${file}`). */
  file: string;
  title: string;
  description: string;
}

/** The real captures shipped with the app (how each was made: docs/captures.md). */
export const SHIPPED_CAPTURES: readonly ShippedCapture[] = [
  {
    id: 'ping-flood',
    file: 'ping-flood.pcap',
    title: 'Ping flood',
    description: '`ping -f -c 150` on loopback: 300 frames of 102 bytes (echo request and reply) in 3.9 ms, about 77,000 frames/s.',
  },
  {
    id: 'tcp-bulk',
    file: 'tcp-bulk.pcap',
    title: 'Bulk TCP transfer',
    description: '256 KiB over one TCP connection on loopback (MTU 1500): 181 full-size 1518-byte frames and their ACKs in 2.9 ms.',
  },
  {
    id: 'request-response',
    file: 'request-response.pcap',
    title: 'Request/response',
    description: '100 transactions of a 100-byte request and a 1000-byte reply with 0.5 ms of think time: 208 frames over 63 ms.',
  },
  {
    id: 'udp-bursts',
    file: 'udp-bursts.pcapng',
    title: 'UDP bursts (pcapng)',
    description: '8 bursts of 32 UDP datagrams (1046-byte frames), one burst every 2 ms; recorded by tshark as pcapng with nanosecond timestamps.',
  },
];

export interface CaptureTraffic {
  /** The spec to put in scenario.traffic.rx (or .tx). */
  spec: Extract<TrafficSpec, { pattern: 'pcap' }>;
  /** The capture fits in a link (the spec carries it inline as `data`). */
  linkable: boolean;
  capture: Capture;
  /** One line for the UI, e.g. "pcap (little-endian, 1 ns), 300 frames over 3,860.708 us, ...". */
  summary: string;
}

/**
 * A capture's bytes as a pcap traffic spec. Small captures (up to
 * MAX_INLINE_CAPTURE_CHARS of base64, about 36 KB) go inline as `data`, so
 * links carry them; bigger ones are named by `file` with their frames
 * loaded (they run, but a link cannot carry them: see `scenarioForLink`).
 */
export function captureTraffic(bytes: Uint8Array, fileName: string, startUs = 0): Result<CaptureTraffic> {
  const parsed = parseCapture(bytes);
  if (!parsed.ok) return err(`${fileName}: ${parsed.error}`);
  const capture = parsed.value;
  const data = encodeBase64(bytes);
  const linkable = data.length <= MAX_INLINE_CAPTURE_CHARS;
  const spec: Extract<TrafficSpec, { pattern: 'pcap' }> = linkable
    ? { pattern: 'pcap', data, startUs }
    : { pattern: 'pcap', file: fileName, startUs, frames: { atNs: capture.atNs, bytes: capture.bytes } };
  const notes = capture.notes.length > 0 ? ` (${capture.notes.join('; ')})` : '';
  return ok({ spec, linkable, capture, summary: `${fileName}: ${describeCapture(capture)}${notes}` });
}

/**
 * The scenario as a link carries it: loaded capture frames left out; a
 * capture known only by file name cannot travel in a link, which the
 * error says (for the UI to show instead of a broken link).
 */
export function scenarioForLink(scenario: Scenario): Result<Scenario> {
  for (const dir of ['rx', 'tx'] as const) {
    const spec = scenario.traffic[dir];
    if (spec.pattern === 'pcap' && spec.data === undefined) {
      const size = spec.frames ? ` (${spec.frames.atNs.length} frames)` : '';
      return err(
        `the ${dir.toUpperCase()} capture ${JSON.stringify(spec.file ?? '')}${size} is too big for a link: links carry only small captures ` +
          `(at most ${MAX_INLINE_CAPTURE_CHARS} characters of base64, about ${Math.floor((MAX_INLINE_CAPTURE_CHARS * 3) / 4 / 1024)} KB); ` +
          'share the capture file and a scenario file instead',
      );
    }
  }
  return ok(withoutCaptureFrames(scenario));
}
