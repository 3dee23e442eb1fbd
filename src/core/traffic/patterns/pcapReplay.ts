import type { ReplayFrames } from '../../scenario';
import { replayFrames } from '../pcap';
import { definePattern, START_US } from './descriptor';

/**
 * Replay a packet capture (pcap or pcapng): its frames' instants and sizes.
 * JSON carries `file` (a capture next to the scenario file, CLI) or `data`
 * (a small capture inline, base64; links carry only these). The core never
 * reads files: whoever runs the scenario loads a named file and fills
 * `frames` (see traffic/pcap.ts, resolveCaptureFiles); inline data is
 * decoded by the core itself.
 */
export const PCAP_PATTERN = definePattern<{ pattern: 'pcap'; file?: string; data?: string; startUs: number; frames?: ReplayFrames }>({
  id: 'pcap',
  directions: ['rx', 'tx'],
  // A capture comes from a file or a link; the Controls panel cannot make one up.
  pickable: false,
  fields: [{ key: 'file', kind: 'captureFile', optional: true }, { key: 'data', kind: 'inlineCapture', optional: true }, START_US],
  check: 'oneCaptureSource',
  initial: () => ({ pattern: 'pcap', startUs: 0 }),
  note: (spec) => `Replaying a packet capture${spec.frames ? ` (${spec.frames.atNs.length} frames)` : ''}${spec.file ? ` from ${spec.file}` : ''}.`,
  arrivals(spec) {
    // A capture replays its own instants and per-frame sizes, shifted by startUs.
    const { atNs, bytes } = replayFrames(spec);
    const start = Math.round(spec.startUs * 1000);
    const count = Math.min(atNs.length, bytes.length);
    let i = 0;
    let size = count > 0 ? bytes[0] : 64;
    return {
      next: () => {
        if (i >= count) return Infinity;
        size = bytes[i];
        return start + Math.round(atNs[i++]);
      },
      get bytes() {
        return size;
      },
      saturate: false,
    };
  },
});
