/**
 * What one traffic pattern is, said once: its fields in the format's order
 * (ranges, units, defaults, whether a sweep may vary them, the Controls
 * panel's box for them), what the Controls panel switches to when it is
 * picked, and how it makes frame instants. The scenario schema, the types,
 * the sweep's axes and the Controls panel all read these entries
 * (patterns/index.ts); adding a pattern is its file and one line in
 * patterns/registry.ts.
 */
import type { Arrivals } from '../arrivals';

export type TrafficDirection = 'rx' | 'tx';

/** Longest virtual time one run may cover, and the latest instant a frame may be listed at (µs). */
export const MAX_DURATION_US = 10_000_000;

/** The Controls panel's number box for a field. */
export interface TrafficFieldControl {
  /** Its label; with `perDirection`, after "RX " or "TX ". */
  label: string;
  perDirection?: boolean;
  /** The unit as the panel shows it (µs, not us). */
  unit: string;
  /** The box's lowest value (the field's own minimum when it may be 0 or more; a small step above 0 when it must be above 0). */
  min: number;
  step?: number;
  tip?: string;
}

/** A number of a pattern (its rate, frame size, start, ...). */
export interface TrafficNumberField {
  key: string;
  kind: 'number';
  /** The sweep axis' words after "RX " or "TX " ("offered load"). */
  label: string;
  /** The unit as the scenario writes it (frames/s, bytes, us, frames). */
  unit: string;
  integer: boolean;
  min: number;
  max: number;
  /** The value must be above `min` (0): "above 0". */
  aboveMin?: boolean;
  /** Filled when absent; no default: the field is required. */
  default?: number;
  /** The range as an error message says it, when not "integer a..b" or "number a..b <unit>". */
  rangeText?: string;
  /** A sweep may vary it (sweep/paths.ts). */
  sweep: boolean;
  /** The Controls panel's box, or null for none. */
  control: TrafficFieldControl | null;
}

/**
 * A field that is not one number; the schema knows each kind (scenario/schema.ts):
 * `instants`: a sorted array of µs; `captureFile`: a capture's file name;
 * `inlineCapture`: a small capture in base64.
 */
export interface TrafficOtherField {
  key: string;
  kind: 'instants' | 'captureFile' | 'inlineCapture';
  /** May be absent. */
  optional?: boolean;
}

export type TrafficField = TrafficNumberField | TrafficOtherField;

/** A spec's rate and frame size, which the Controls panel keeps when the pattern changes. */
export interface KeptByControls {
  pps: number;
  bytes: number;
}

export interface TrafficPatternDescriptor<S extends { pattern: string } = { pattern: string }> {
  /** The scenario's `traffic.<dir>.pattern`. */
  id: S['pattern'];
  /** The directions it may drive. */
  directions: readonly TrafficDirection[];
  /** Offered in the Controls panel's menu (a capture comes from a file or a link: not). */
  pickable: boolean;
  /** Its fields besides `pattern`, in the format's order. */
  fields: readonly TrafficField[];
  /** Further checks of a whole spec, beyond each field's, as one-line messages (the schema runs them). */
  check?: 'oneCaptureSource';
  /** The spec the Controls panel switches to when it is picked. */
  initial(keep: KeptByControls): S;
  /** The Controls panel's line about a spec of this pattern, shown at its first non-number field. */
  note?(spec: S): string;
  /** The frame instants of a spec (seeded: `seed`, `stream`). */
  arrivals(spec: S, seed: number, stream: number): Arrivals;
}

/** A descriptor with its spec type kept (the scenario's TrafficSpec is the union of them). */
export function definePattern<S extends { pattern: string }>(d: TrafficPatternDescriptor<S>): TrafficPatternDescriptor<S> {
  return d;
}

/** The frame size every pattern with frames of one size has (FCS included; SDM 8254x: 64..1518). */
export const FRAME_BYTES: TrafficNumberField = {
  key: 'bytes',
  kind: 'number',
  label: 'frame size',
  unit: 'bytes',
  integer: true,
  min: 64,
  max: 1518,
  default: 64,
  rangeText: 'integer 64..1518 bytes, FCS included',
  sweep: true,
  control: { label: 'frame size', perDirection: true, unit: 'bytes', min: 64, tip: 'Frame size including FCS, 64..1518 bytes' },
};

/** Frames per second of a paced pattern. */
export const FRAMES_PER_SECOND: TrafficNumberField = {
  key: 'pps',
  kind: 'number',
  label: 'offered load',
  unit: 'frames/s',
  integer: false,
  min: 0,
  max: 10_000_000,
  aboveMin: true,
  sweep: true,
  control: { label: 'rate', perDirection: true, unit: 'frames/s', min: 1 },
};

/** When a pattern's first frame may come (µs of virtual time). */
export const START_US: TrafficNumberField = {
  key: 'startUs',
  kind: 'number',
  label: 'start',
  unit: 'us',
  integer: false,
  min: 0,
  max: MAX_DURATION_US,
  default: 0,
  sweep: true,
  control: null,
};

/** A span of virtual time in µs, 0 or more (or above 0 with `aboveMin`). */
export function durationField(key: string, label: string, control: TrafficFieldControl | null, aboveMin = false): TrafficNumberField {
  return { key, kind: 'number', label, unit: 'us', integer: false, min: 0, max: MAX_DURATION_US, ...(aboveMin ? { aboveMin } : {}), sweep: true, control };
}

export const NS_PER_S = 1e9;
