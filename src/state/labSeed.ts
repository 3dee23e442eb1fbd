/**
 * The Seed 2012 view's data: the published numbers of the 2012 patch and of
 * the QEMU 7.2 measurements (docs/qemu-measurements.md, table A), the
 * scenario each row runs, and the ratio simulated / published. The
 * "follow the hardware" rows run the seed's own scenarios with device
 * models qemu-2013 and 8254x and nothing else changed. Pure: no browser.
 */
import { type Scenario, type Metrics } from '../core';
import { loadPreset } from '../scenario/presets';
import { seedExperiment, SEED_BOTTOM_HALF_US, SEED_PATCH_MODEL, type SeedGuest, type SeedHost } from '../content/presets';
import { parseScenario } from '../scenario/schema';

export type { SeedGuest, SeedHost };

export { SEED_GUEST_LABEL, SEED_ROWS, type SeedRow, type SeedTable } from '../content/seedRows';
import { SEED_GUEST_LABEL, SEED_ROWS, type SeedRow } from '../content/seedRows';

/** Rows whose interrupt cycles the view breaks down (QEMU 7.2's table A): they run with the trace on. */
export function breaksDownCycles(row: SeedRow): boolean {
  return row.table === 'qemu72';
}

/** The validated scenario a row runs. */
export function seedScenario(row: SeedRow): Scenario {
  const r = loadPreset(row.presetId);
  if (!r.ok) throw new Error(`seed row ${row.id}: ${r.error}`);
  if (!row.model) return r.value;
  const name = `${r.value.name.replace(/,? no mitigation$/, '')}, ${row.model}`.slice(0, 80);
  const changed = parseScenario({ ...r.value, name, device: { ...r.value.device, model: row.model } });
  if (!changed.ok) throw new Error(`seed row ${row.id}: ${changed.error}`);
  return changed.value;
}

/** simulated / published, or null when nothing was published. */
export function ratio(simulated: number, published: number | undefined): number | null {
  return published === undefined || published === 0 ? null : simulated / published;
}

/** A ratio as text: `1.06x`. */
export function ratioText(r: number | null): string {
  return r === null ? '–' : `${r.toFixed(2)}×`;
}

/** Gain of mitigation per host and guest in a set of results: mitigated / baseline. */
export function gains(results: ReadonlyMap<string, Metrics>): { host: string; guest: SeedGuest; simulated: number | null; published: number }[] {
  const pairs: [string, SeedGuest, string, string][] = [
    ['KVM', 'lem', 'kvm-baseline', 'kvm-mitigated'],
    ['TCG', 'lem', 'tcg-baseline', 'tcg-mitigated'],
    ['KVM', 'linux', 'kvm-baseline-linux', 'kvm-mitigated-linux'],
    ['TCG', 'linux', 'tcg-baseline-linux', 'tcg-mitigated-linux'],
  ];
  return pairs.map(([host, guest, base, mitigated]) => {
    const b = results.get(base)?.txPps;
    const m = results.get(mitigated)?.txPps;
    const rowB = SEED_ROWS.find((r) => r.id === base)!;
    const rowM = SEED_ROWS.find((r) => r.id === mitigated)!;
    return { host, guest, simulated: b && m ? m / b : null, published: rowM.publishedTxPps! / rowB.publishedTxPps! };
  });
}

// ---- the curve: TX throughput against the bottom-half delay ----------------

/** Bottom-half delays of the curve, µs: QEMU's range, from a busy main loop (0.1 ms) to its 10 ms cap. */
export const SEED_CURVE_BH_US = [100, 200, 500, 1000, 2000, 5000, 10_000] as const;

export interface SeedCurvePoint {
  host: SeedHost;
  guest: SeedGuest;
  bhUs: number;
}

/** Every point of the curve: each host, each guest, each delay, in that order. */
export const SEED_CURVE: readonly SeedCurvePoint[] = (['kvm', 'tcg'] as const).flatMap((host) =>
  (['lem', 'linux'] as const).flatMap((guest) => SEED_CURVE_BH_US.map((bhUs) => ({ host, guest, bhUs }))),
);

/** The delay each host's presets use (chosen before any result, presets.ts). */
export const seedPresetBhUs = (host: SeedHost): number => SEED_BOTTOM_HALF_US[host];

/** The seed's mitigated experiment with only the bottom-half delay changed. */
export function seedCurveScenario(p: SeedCurvePoint): Scenario {
  const base = seedExperiment(p.host, p.guest, SEED_PATCH_MODEL);
  const name = `Seed 2012, ${p.host.toUpperCase()}, ${SEED_GUEST_LABEL[p.guest]}, bottom half ${p.bhUs / 1000} ms`;
  const r = parseScenario({ v: 1, name, ...base, device: { ...base.device, params: { rizzoBottomHalfUs: p.bhUs } } });
  if (!r.ok) throw new Error(`seed curve ${name}: ${r.error}`);
  return r.value;
}

/** What the curve says for one host, from TX frames/s per SEED_CURVE index. */
export interface CurveVerdict {
  /** lem: lowest and highest TX at delays of 1 ms and more (its plateau). */
  lemPlateau: [number, number];
  /** Linux: its best TX and the delay it needs, and its TX at 10 ms. */
  linuxPeak: { txPps: number; bhUs: number };
  linuxAt10ms: number;
  /** Both guests at the host's preset delay. */
  atPreset: Record<SeedGuest, number>;
}

export function curveVerdict(host: SeedHost, txPps: readonly number[]): CurveVerdict {
  const of = (guest: SeedGuest) => SEED_CURVE.map((p, i) => ({ ...p, tx: txPps[i] })).filter((p) => p.host === host && p.guest === guest);
  const lem = of('lem');
  const linux = of('linux');
  const plateau = lem.filter((p) => p.bhUs >= 1000).map((p) => p.tx);
  const peak = linux.reduce((a, b) => (b.tx > a.tx ? b : a));
  const at = (points: typeof lem, bhUs: number) => points.find((p) => p.bhUs === bhUs)?.tx ?? NaN;
  return {
    lemPlateau: [Math.min(...plateau), Math.max(...plateau)],
    linuxPeak: { txPps: peak.tx, bhUs: peak.bhUs },
    linuxAt10ms: at(linux, 10_000),
    atPreset: { lem: at(lem, seedPresetBhUs(host)), linux: at(linux, seedPresetBhUs(host)) },
  };
}
