import type { TrafficSpec } from '../scenario';
import { Prng } from '../engine/prng';
import { replayFrames } from './pcap';

/** A lazy stream of frame instants (ns, non-decreasing); Infinity when there are no more. */
export interface Arrivals {
  next(): number;
  /** Size of the frame whose instant next() returned last (the same for every frame except in a capture replay). */
  readonly bytes: number;
  /** The application sends as fast as the guest allows (TX only): no instants. */
  readonly saturate: boolean;
}

const NS_PER_S = 1e9;

export function createArrivals(spec: TrafficSpec, seed: number, stream: number): Arrivals {
  switch (spec.pattern) {
    case 'none':
      return { next: () => Infinity, bytes: 64, saturate: false };
    case 'saturate':
      return { next: () => Infinity, bytes: spec.bytes, saturate: true };
    case 'list': {
      const times = spec.atUs.map((us) => Math.round(us * 1000));
      let i = 0;
      return { next: () => (i < times.length ? times[i++] : Infinity), bytes: spec.bytes, saturate: false };
    }
    case 'constant': {
      const start = Math.round(spec.startUs * 1000);
      const pps = spec.pps;
      let i = 0;
      return { next: () => start + Math.round((i++ * NS_PER_S) / pps), bytes: spec.bytes, saturate: false };
    }
    case 'poisson': {
      const prng = new Prng(seed, stream);
      const mean = NS_PER_S / spec.pps;
      let t = spec.startUs * 1000;
      return {
        next: () => {
          t += prng.exponential(mean);
          return Math.round(t);
        },
        bytes: spec.bytes,
        saturate: false,
      };
    }
    case 'onoff': {
      // Bursts of onUs at pps, separated by offUs of silence.
      const start = Math.round(spec.startUs * 1000);
      const period = Math.round((spec.onUs + spec.offUs) * 1000);
      const on = Math.round(spec.onUs * 1000);
      const perBurst = Math.max(1, Math.ceil((on * spec.pps) / NS_PER_S));
      let burst = 0;
      let k = 0;
      return {
        next: () => {
          if (k >= perBurst) {
            k = 0;
            burst++;
          }
          return start + burst * period + Math.round((k++ * NS_PER_S) / spec.pps);
        },
        bytes: spec.bytes,
        saturate: false,
      };
    }
    case 'train': {
      // k frames spacingUs apart, then pauseUs after the last one; the next train starts there.
      const start = Math.round(spec.startUs * 1000);
      const spacing = Math.round(spec.spacingUs * 1000);
      const period = (spec.frames - 1) * spacing + Math.round(spec.pauseUs * 1000);
      let i = 0;
      return {
        next: () => {
          const train = Math.floor(i / spec.frames);
          const k = i++ - train * spec.frames;
          return start + train * period + k * spacing;
        },
        bytes: spec.bytes,
        saturate: false,
      };
    }
    case 'pcap': {
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
    }
  }
}
