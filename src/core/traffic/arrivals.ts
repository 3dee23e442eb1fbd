import type { TrafficSpec } from '../scenario';
import { trafficPatternDescriptor, type TrafficPatternDescriptor } from './patterns';

/** A lazy stream of frame instants (ns, non-decreasing); Infinity when there are no more. */
export interface Arrivals {
  next(): number;
  /** Size of the frame whose instant next() returned last (the same for every frame except in a capture replay). */
  readonly bytes: number;
  /** The application sends as fast as the guest allows (TX only): no instants. */
  readonly saturate: boolean;
}

/** The frame instants of one direction's traffic: its pattern's own generator (traffic/patterns/). */
export function createArrivals(spec: TrafficSpec, seed: number, stream: number): Arrivals {
  const pattern = trafficPatternDescriptor(spec.pattern) as TrafficPatternDescriptor<TrafficSpec>;
  return pattern.arrivals(spec, seed, stream);
}
