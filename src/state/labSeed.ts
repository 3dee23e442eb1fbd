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
import { parseScenario } from '../scenario/schema';

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
}

export const SEED_ROWS: readonly SeedRow[] = [
  { id: 'kvm-baseline', table: 'seed', host: 'KVM', what: 'no mitigation (qemu-2012)', presetId: 'rizzo2012-kvm-baseline', publishedTxPps: 20_000, publishedTxText: 'about 20 Kpps' },
  { id: 'kvm-mitigated', table: 'seed', host: 'KVM', what: 'with the patch (rizzo-2012)', presetId: 'rizzo2012-kvm-mitigated', publishedTxPps: 140_000, publishedTxText: 'about 140 Kpps' },
  { id: 'tcg-baseline', table: 'seed', host: 'TCG', what: 'no mitigation (qemu-2012)', presetId: 'rizzo2012-tcg-baseline', publishedTxPps: 9_000, publishedTxText: '9 Kpps' },
  { id: 'tcg-mitigated', table: 'seed', host: 'TCG', what: 'with the patch (rizzo-2012)', presetId: 'rizzo2012-tcg-mitigated', publishedTxPps: 56_000, publishedTxText: '56 Kpps' },
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
  if (!row.model) return r.scenario;
  const name = `${r.scenario.name.replace(/,? no mitigation$/, '')}, ${row.model}`.slice(0, 80);
  const changed = parseScenario({ ...r.scenario, name, device: { ...r.scenario.device, model: row.model } });
  if (!changed.ok) throw new Error(`seed row ${row.id}: ${changed.error}`);
  return changed.scenario;
}

/** simulated / published, or null when nothing was published. */
export function ratio(simulated: number, published: number | undefined): number | null {
  return published === undefined || published === 0 ? null : simulated / published;
}

/** A ratio as text: `1.06x`. */
export function ratioText(r: number | null): string {
  return r === null ? '–' : `${r.toFixed(2)}×`;
}

/** Gain of mitigation per host in a set of results: mitigated / baseline. */
export function gains(results: ReadonlyMap<string, Metrics>): { host: string; simulated: number | null; published: number }[] {
  const pairs: [string, string, string][] = [
    ['KVM', 'kvm-baseline', 'kvm-mitigated'],
    ['TCG', 'tcg-baseline', 'tcg-mitigated'],
  ];
  return pairs.map(([host, base, mitigated]) => {
    const b = results.get(base)?.txPps;
    const m = results.get(mitigated)?.txPps;
    const rowB = SEED_ROWS.find((r) => r.id === base)!;
    const rowM = SEED_ROWS.find((r) => r.id === mitigated)!;
    return { host, simulated: b && m ? m / b : null, published: rowM.publishedTxPps! / rowB.publishedTxPps! };
  });
}
