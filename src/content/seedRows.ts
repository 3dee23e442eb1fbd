/**
 * Content: the Seed 2012 view's rows: the published numbers of the 2012
 * patch and of the QEMU 7.2 measurements (docs/qemu-measurements.md,
 * table A), and the preset (and, for the "follow the hardware" rows, the
 * device model) each row runs. The code that runs them is
 * src/state/labSeed.ts.
 */
import { type DeviceModelName } from '../core';
import type { SeedGuest } from './presets';

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
