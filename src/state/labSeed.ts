/**
 * The Seed 2012 view's data: the published numbers of the 2012 patch and of
 * the QEMU 7.2 measurements (docs/qemu-measurements.md, table A), the
 * scenario each row runs, and the ratio simulated / published. The
 * "follow the hardware" rows run the seed's own scenarios with device
 * models qemu-2013 and 8254x and nothing else changed. Pure: no browser.
 */
import type { DeviceModelName, Scenario } from '../core/scenario';
import type { Metrics } from '../core/types';
import { loadPreset } from '../scenario/presets';
import { seedExperiment, SEED_BOTTOM_HALF_US, type SeedGuest, type SeedHost } from '../content/presets';
import { parseScenario } from '../scenario/schema';

export type { SeedGuest, SeedHost };

/** How the view names each guest. */
export const SEED_GUEST_LABEL: Record<SeedGuest, string> = { lem: 'FreeBSD lem', linux: 'Linux 3.5' };

export type SeedTable = 'seed' | 'hardware' | 'qemu72';

export interface SeedRow {
  id: string;
  table: SeedTable;
  /** Host column: KVM or TCG. */
  host: string;
  /** Device model column, as the paper or QEMU called it. */
  what: string;
  presetId: string;
  /** Run the preset with this device model instead (the "follow the hardware" rows). */
  model?: DeviceModelName;
  /** Published guest TX throughput, frames/s, and how it was stated. */
  publishedTxPps?: number;
  publishedTxText?: string;
  /** Published interrupts/s (table A only). */
  publishedIrqPerSec?: number;
  /** The guest of a seed-table row. */
  guest?: SeedGuest;
}

export const SEED_ROWS: readonly SeedRow[] = [
  { id: 'kvm-baseline', table: 'seed', host: 'KVM', guest: 'lem', what: 'no mitigation (qemu-2012)', presetId: 'rizzo2012-kvm-baseline', publishedTxPps: 20_000, publishedTxText: 'about 20 Kpps' },
  { id: 'kvm-mitigated', table: 'seed', host: 'KVM', guest: 'lem', what: 'with the patch (rizzo-2012)', presetId: 'rizzo2012-kvm-mitigated', publishedTxPps: 140_000, publishedTxText: 'about 140 Kpps' },
  { id: 'kvm-baseline-linux', table: 'seed', host: 'KVM', guest: 'linux', what: 'no mitigation (qemu-2012)', presetId: 'rizzo2012-linux-kvm-baseline', publishedTxPps: 20_000, publishedTxText: 'about 20 Kpps' },
  { id: 'kvm-mitigated-linux', table: 'seed', host: 'KVM', guest: 'linux', what: 'with the patch (rizzo-2012)', presetId: 'rizzo2012-linux-kvm-mitigated', publishedTxPps: 140_000, publishedTxText: 'about 140 Kpps' },
  { id: 'tcg-baseline', table: 'seed', host: 'TCG', guest: 'lem', what: 'no mitigation (qemu-2012)', presetId: 'rizzo2012-tcg-baseline', publishedTxPps: 9_000, publishedTxText: '9 Kpps' },
  { id: 'tcg-mitigated', table: 'seed', host: 'TCG', guest: 'lem', what: 'with the patch (rizzo-2012)', presetId: 'rizzo2012-tcg-mitigated', publishedTxPps: 56_000, publishedTxText: '56 Kpps' },
  { id: 'tcg-baseline-linux', table: 'seed', host: 'TCG', guest: 'linux', what: 'no mitigation (qemu-2012)', presetId: 'rizzo2012-linux-tcg-baseline', publishedTxPps: 9_000, publishedTxText: '9 Kpps' },
  { id: 'tcg-mitigated-linux', table: 'seed', host: 'TCG', guest: 'linux', what: 'with the patch (rizzo-2012)', presetId: 'rizzo2012-linux-tcg-mitigated', publishedTxPps: 56_000, publishedTxText: '56 Kpps' },
  { id: 'kvm-qemu2013', table: 'hardware', host: 'KVM', what: 'qemu-2013 (what QEMU merged)', presetId: 'rizzo2012-kvm-baseline', model: 'qemu-2013' },
  { id: 'kvm-8254x', table: 'hardware', host: 'KVM', what: '8254x (the datasheet)', presetId: 'rizzo2012-kvm-baseline', model: '8254x' },
  { id: 'tcg-qemu2013', table: 'hardware', host: 'TCG', what: 'qemu-2013 (what QEMU merged)', presetId: 'rizzo2012-tcg-baseline', model: 'qemu-2013' },
  { id: 'tcg-8254x', table: 'hardware', host: 'TCG', what: '8254x (the datasheet)', presetId: 'rizzo2012-tcg-baseline', model: '8254x' },
  { id: 'qemu72-on', table: 'qemu72', host: 'TCG, QEMU 7.2', what: 'mitigation=on (qemu-2013)', presetId: 'qemu72-tcg-tx-on', publishedTxPps: 86_370, publishedTxText: '86,370', publishedIrqPerSec: 5_945 },
  { id: 'qemu72-off', table: 'qemu72', host: 'TCG, QEMU 7.2', what: 'mitigation=off (qemu-2012)', presetId: 'qemu72-tcg-tx-off', publishedTxPps: 63_288, publishedTxText: '63,288', publishedIrqPerSec: 63_288 },
];

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
  const base = seedExperiment(p.host, p.guest, 'rizzo-2012');
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
