/**
 * The guests' transmit paths, rule by rule (Linux e1000_main.c of 3.5 and
 * 6.1; FreeBSD 9.3 if_lem.c). These decide whether the seed patch's
 * `len - 5` rule can ever fire. A device that never completes a descriptor
 * is the seed patch with its deferral made permanent (rizzoTxBatch -1,
 * rizzoRingSlack 0: `count > -1 && count + pending < len` always holds), so
 * the ring only fills and the stop rules show alone.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../simulation';
import { testScenario, type ScenarioOverrides } from '../../testScenario';
import { REGISTERS } from '../../registers';
import { TraceKind } from '../../types';
import { advanceApplying, hostAccessesOf } from '../../hostAccess';
import type { ConsoleOp, GuestSpec } from '../../scenario';
import { FREEBSD_LEM_DEFAULTS, LEM_DEFAULT_ITR } from './freebsdLem';
import { LINUX_E1000_DEFAULTS } from './linuxE1000';
import { DQL_MAX_LIMIT } from '../kernel/dql';

const linux = (kernel: '3.5' | '6.1'): GuestSpec => ({ driver: 'linux-e1000', kernel, costs: 'kvm-2012', params: { ...LINUX_E1000_DEFAULTS } });
const lem: GuestSpec = { driver: 'freebsd-lem', costs: 'kvm-2012', params: { ...FREEBSD_LEM_DEFAULTS } };
const SATURATE = { pattern: 'saturate' as const, bytes: 64 };
/** The seed patch with a deferral that never ends: the device holds every descriptor it is given. */
const NEVER_SENDS = { model: 'rizzo-2012' as const, params: { rizzoTxBatch: -1, rizzoRingSlack: 0 } };

function run(o: ScenarioOverrides, untilUs: number, console: ConsoleOp[] = []): Simulation {
  const scenario = { ...testScenario(o), console };
  const sim = new Simulation(scenario);
  advanceApplying(sim, hostAccessesOf(scenario), 0, untilUs * 1000);
  return sim;
}
const tdtWrites = (sim: Simulation) =>
  sim.trace.records().filter((r) => r.kind === TraceKind.MMIO_WRITE && REGISTERS[r.a].name === 'TDT');

describe('Linux e1000 transmit path', () => {
  it('the queue stops when fewer than MAX_SKB_FRAGS + 2 = 19 (3.5) or MAX_SKB_FRAGS + 7 = 24 (6.1) descriptors are free', () => {
    // Each packet takes 2 descriptors; E1000_DESC_UNUSED starts at 255. After k packets 255 - 2k are free:
    // 3.5 stops at the first k with 255 - 2k < 19, k = 119 (17 free); 6.1 at 255 - 2k < 24, k = 116 (23 free).
    // 6.1's byte queue limit would stop it after the first packet here (no completion ever comes: see
    // kernel/dql.test.ts), so for 6.1 the DQL limit is opened to DQL_MAX_LIMIT to show the descriptor rule alone.
    for (const [kernel, packets] of [
      ['3.5', 119],
      ['6.1', 116],
    ] as const) {
      const sim = new Simulation({ ...testScenario({ device: NEVER_SENDS, guest: linux(kernel), tx: SATURATE }), console: [] });
      if (kernel === '6.1') sim.txQueue!.dql.adjLimit = DQL_MAX_LIMIT;
      else expect(sim.txQueue).toBeNull();
      sim.advanceTo(5_000_000);
      expect([kernel, tdtWrites(sim).length]).toEqual([kernel, packets]);
      expect(sim.readRegister('TDT')).toBe(2 * packets);
      expect(sim.nic.counters.txDescs).toBe(0);
    }
  });

  it('so a Linux guest never hands the patch len - 5 descriptors: at most 255 - 17 = 238 of a 256 ring (3.5)', () => {
    // The patch raises at once only when tx_ics_count + pending >= 251; the stopped queue leaves 17 free.
    const sim = run({ device: NEVER_SENDS, guest: linux('3.5'), tx: SATURATE }, 5000);
    expect(sim.readRegister('TDT') - sim.readRegister('TDH')).toBe(238);
    expect(238).toBeLessThan(256 - 5);
  });

  it('TX descriptors are reclaimed only in the NAPI poll: with interrupts masked the queue stays stopped on a QEMU that sent everything', () => {
    // qemu-2012 transmits inside each TDT write, so every descriptor is done; the console masks every cause
    // at 0, so no poll runs and nothing is reclaimed: 119 packets (3.5), as above.
    const sim = run({ device: { model: 'qemu-2012' }, guest: linux('3.5'), tx: SATURATE }, 5000, [{ tUs: 0, op: 'write', reg: 'IMC', value: 0xffffffff }]);
    expect(sim.nic.counters.txSent).toBe(119);
    expect(sim.rings.txReclaimed).toBe(0);
  });

  it('RX refill writes RDT one behind next_to_use (e1000_alloc_rx_buffers): the hardware owns at most N - 2', () => {
    const sim = new Simulation(testScenario({ device: { rxRing: 256 }, guest: linux('6.1') }));
    expect(sim.rings.rxNextToUse).toBe(255);
    expect(sim.readRegister('RDT')).toBe(254);
    expect(sim.snapshot().rxSlots.filter((s) => s === 1)).toHaveLength(254);
  });
});

describe('FreeBSD lem transmit path and interrupt', () => {
  it('one descriptor per packet: the checksum context descriptor only before the first (last_hw_offload)', () => {
    const sim = run({ device: { model: 'qemu-2012' }, guest: lem, tx: { pattern: 'list', atUs: [0, 100, 200], bytes: 64 } }, 1000);
    expect(tdtWrites(sim).map((r) => r.b)).toEqual([2, 3, 4]);
    expect(sim.trace.records().filter((r) => r.kind === TraceKind.TX_CONTEXT)).toHaveLength(1);
  });

  it('stops (OACTIVE) when free descriptors are <= num_tx_desc / 32 = 8 after a send', () => {
    // num_tx_desc_avail starts at 256; packet k leaves 256 - (k + 1) (the context descriptor counts once):
    // <= 8 first at k = 247. Reclaiming at <= 32 free finds nothing done (the device sends nothing).
    const sim = run({ device: NEVER_SENDS, guest: lem, tx: SATURATE }, 5000);
    expect(tdtWrites(sim).length).toBe(247);
    expect(sim.readRegister('TDT')).toBe(248);
  });

  it('so a lem guest hands the patch len - 5 = 251 descriptors before it stops: the patch raises at once', () => {
    // Seed patch, ring 256, bottom half 10 ms (never reached here). Write 1 hands over 2 descriptors (context + data),
    // writes 2-4 one each: tx_ics_count 2, 3, 4, 5, each sent at once. From write 5 (5 > 4) the descriptors wait;
    // write 250 makes 5 + 246 pending = 251 >= 251: transmit all and set_ics at once.
    // With 246 waiting and the first 5 reclaimed in the transmit path (after write 223, 256 - 224 = 32 are free), 10 are free: not stopped.
    const sim = run({ device: { model: 'rizzo-2012', params: { rizzoBottomHalfUs: 10_000 } }, guest: lem, tx: SATURATE }, 2500);
    const first = sim.interrupts()[0];
    const tdt = tdtWrites(sim).filter((r) => r.tNs <= first.tNs);
    expect(tdt.length).toBe(250);
    expect(first.tNs).toBe(tdt[249].tNs);
  });

  it('reclaims in its transmit path when free descriptors are <= num_tx_desc / 8: with interrupts masked it keeps sending on QEMU', () => {
    const sim = run({ device: { model: 'qemu-2012' }, guest: lem, tx: SATURATE }, 5000, [{ tUs: 0, op: 'write', reg: 'IMC', value: 0xffffffff }]);
    expect(sim.interrupts()).toHaveLength(0);
    expect(sim.nic.counters.txSent).toBeGreaterThan(256);
    expect(sim.rings.txReclaimed).toBeGreaterThan(sim.nic.counters.txSent - 256);
  });

  it('interrupt: ICR read, IMC = ~0, the task (RX, then TX), then IMS; no STATUS flush reads', () => {
    const sim = run({ device: { model: 'qemu-2012' }, guest: lem, rx: { pattern: 'list', atUs: [10], bytes: 64 } }, 1000);
    const accesses = sim.trace
      .records()
      .filter((r) => r.tNs >= 10_000 && (r.kind === TraceKind.MMIO_WRITE || r.kind === TraceKind.MMIO_READ || r.kind === TraceKind.ICR_READ))
      .map((r) => (r.kind === TraceKind.ICR_READ ? 'R ICR' : `${r.kind === TraceKind.MMIO_WRITE ? 'W' : 'R'} ${REGISTERS[r.a].name}`));
    expect(accesses).toEqual(['R ICR', 'W IMC', 'W RDT', 'W IMS']);
  });

  it('programs TIDV, TADV and RADV with the tunables unconverted (66), never RDTR, and ITR 488', () => {
    const sim = new Simulation(testScenario({ device: { regs: { RDTR: 0 } }, guest: lem }));
    expect(['TIDV', 'TADV', 'RDTR', 'RADV', 'ITR'].map((r) => sim.readRegister(r as never))).toEqual([66, 66, 0, 66, LEM_DEFAULT_ITR]);
    expect(sim.readRegister('RDT')).toBe(255); // lem_initialize_receive_unit: RDT = num_rx_desc - 1 (N-1 owned)
  });
});

describe('waking a stopped queue (the clean path)', () => {
  it('a stopped Linux queue wakes only in the clean path: nothing is sent until an interrupt\'s poll reclaims (and frees at least TX_WAKE_THRESHOLD = 32)', () => {
    // Masked qemu-2012: the 3.5 queue stops with 119 packets (17 free). The console unmasks at 1 ms: one
    // interrupt, one poll reclaims all 119 packets (255 free >= 32) and wakes the queue; sending resumes.
    const sim = run({ device: { model: 'qemu-2012' }, guest: linux('3.5'), tx: SATURATE }, 2000, [
      { tUs: 0, op: 'write', reg: 'IMC', value: 0xffffffff },
      { tUs: 1000, op: 'write', reg: 'IMS', value: 0x9d },
    ]);
    const writes = tdtWrites(sim);
    expect(writes.filter((r) => r.tNs < 1_000_000)).toHaveLength(119);
    expect(writes.length).toBeGreaterThan(119);
    expect(sim.rings.txReclaimed).toBeGreaterThanOrEqual(119);
  });
});

describe('lem: two reclaimers on one vCPU', () => {
  it('the interrupt task preempting the transmit path\'s reclaim never reclaims a packet twice (found by the fuzzer, seed 12345)', () => {
    // 8254x with a wire, 16-descriptor TX ring, full-size frames faster than the wire: lem reclaims in its transmit
    // path (free <= 2) while its task, run after an interrupt, reclaims too. Every step: reclaimed <= sent.
    const sim = new Simulation(
      testScenario({
        durationUs: 317,
        device: { txRing: 16, rxRing: 8, regs: { RDTR: 194, ITR: 65535 } },
        guest: { driver: 'freebsd-lem', costs: 'tcg-2012', params: { 'hw.em.tx_int_delay': 65535 } },
        rx: { pattern: 'list', atUs: [0], bytes: 64 },
        tx: { pattern: 'constant', pps: 1_488_095, bytes: 1518, startUs: 0 },
      }),
    );
    let worst = -Infinity;
    while (sim.nowNs <= 317_000 && sim.stepEvent()) worst = Math.max(worst, sim.rings.txReclaimed - sim.nic.counters.txSent);
    expect(worst).toBeLessThanOrEqual(0);
    expect(sim.rings.txReclaimed).toBeGreaterThan(10);
  });
});
