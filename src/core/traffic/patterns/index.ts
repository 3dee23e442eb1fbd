/** Lookups derived from the traffic-pattern registry (registry.ts). */
import type { TrafficDirection, TrafficNumberField, TrafficPatternDescriptor } from './descriptor';
import { TRAFFIC_PATTERN_REGISTRY } from './registry';

export { TRAFFIC_PATTERN_REGISTRY };
export type { KeptByControls, TrafficDirection, TrafficField, TrafficFieldControl, TrafficNumberField, TrafficOtherField, TrafficPatternDescriptor } from './descriptor';
export { MAX_DURATION_US } from './descriptor';

type SpecOf<D> = D extends { arrivals(spec: infer S, ...rest: never[]): unknown } ? S : never;

/** One direction's traffic in a scenario: the union of the registry's specs. */
export type TrafficSpec = SpecOf<(typeof TRAFFIC_PATTERN_REGISTRY)[number]>;
export type TrafficPattern = TrafficSpec['pattern'];

const ALL: readonly TrafficPatternDescriptor[] = TRAFFIC_PATTERN_REGISTRY as unknown as readonly TrafficPatternDescriptor[];

/** Pattern ids in the format's order. */
export const TRAFFIC_PATTERNS: readonly TrafficPattern[] = ALL.map((p) => p.id as TrafficPattern);

export function trafficPatternDescriptor(id: string): TrafficPatternDescriptor | undefined {
  return ALL.find((p) => p.id === id);
}

/** The patterns a direction may use, in the format's order. */
export function patternsFor(direction: TrafficDirection): readonly TrafficPatternDescriptor[] {
  return ALL.filter((p) => p.directions.includes(direction));
}

/** A pattern's number fields. */
export function numberFields(p: TrafficPatternDescriptor): readonly TrafficNumberField[] {
  return p.fields.filter((f): f is TrafficNumberField => f.kind === 'number');
}

/**
 * The fields the schema fills when a scenario leaves them out (FRAME_BYTES,
 * START_US): a pattern whose own field has a default adds its key here
 * (registry.test.ts checks that every defaulted field is listed).
 */
export const DEFAULTED_TRAFFIC_KEYS = ['bytes', 'startUs'] as const;
type Defaulted = (typeof DEFAULTED_TRAFFIC_KEYS)[number];
type WithDefaultsOptional<S> = S extends unknown ? Omit<S, Defaulted & keyof S> & Partial<Pick<S, Defaulted & keyof S>> : never;

/** One direction's traffic as a scenario file or preset may write it (defaulted fields optional). */
export type TrafficSpecInput = WithDefaultsOptional<TrafficSpec>;
