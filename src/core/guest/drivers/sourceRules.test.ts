/**
 * Driver rules as their sources write them (issue 20), one test per rule,
 * instants and counts worked out by hand in each test. Sources: FreeBSD
 * 9.3 sys/dev/e1000/if_lem.c (lem 1.0.6) and if_em.c (em 7.3.8), read in
 * the dcui/FreeBSD-9.3_kernel copy of the 9.3 tree; Linux v3.5 / v6.1
 * drivers/net/ethernet/intel/e1000/e1000_main.c.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../simulation';
import { testScenario, type ScenarioOverrides } from '../../testScenario';
import { REGISTERS, RDMTS_SHIFT } from '../../registers';
import { RXDMT0 } from '../../causes';
import { TraceKind } from '../../types';
import { advanceApplying, hostAccessesOf } from '../../hostAccess';
import type { ConsoleOp, GuestSpec } from '../../scenario';
import { FREEBSD_LEM_DEFAULTS } from './freebsdLem';
import { FREEBSD_EM_DEFAULTS, EM_DEFAULT_ITR } from './freebsdEm';
import { LINUX_E1000_DEFAULTS } from './linuxE1000';
import { itrRegForRate } from './linuxItr';

const lem: GuestSpec = { driver: 'freebsd-lem', costs: 'kvm-2012', params: { ...FREEBSD_LEM_DEFAULTS } };
const em: GuestSpec = { driver: 'freebsd-em', costs: 'kvm-2012', params: { ...FREEBSD_EM_DEFAULTS } };
const linux: GuestSpec = { driver: 'linux-e1000', kernel: '6.1', costs: 'kvm-2012', params: { ...LINUX_E1000_DEFAULTS } };
const MASK_ALL: ConsoleOp[] = [{ tUs: 0, op: 'write', reg: 'IMC', value: 0xffffffff }];
const rxList = (atUs: number[], bytes = 64) => ({ pattern: 'list' as const, atUs, bytes });

function run(o: ScenarioOverrides, untilUs: number, console: ConsoleOp[] = []): Simulation {
  const scenario = { ...testScenario(o), console };
  const sim = new Simulation(scenario);
  advanceApplying(sim, hostAccessesOf(scenario), 0, untilUs * 1000);
  return sim;
}
const writesOf = (sim: Simulation, reg: string) =>
  sim.trace.records().filter((r) => r.kind === TraceKind.MMIO_WRITE && REGISTERS[r.a].name === reg);
const causeSetAt = (sim: Simulation, bit: number) =>
  sim.trace
    .records()
    .filter((r) => r.kind === TraceKind.CAUSE_SET && r.a & bit)
    .map((r) => r.tNs);

describe('the RX tail, per driver', () => {
  it('lem owns N-1: RDT = num_rx_desc - 1 at init and next_rx_desc_to_check - 1 after lem_rxeof; Linux owns N-2', () => {
    // lem_initialize_receive_unit: RDT = 256 - 1 = 255. Linux e1000_alloc_rx_buffers fills 255 and writes 254.
    expect(new Simulation(testScenario({ guest: lem })).readRegister('RDT')).toBe(255);
    expect(new Simulation(testScenario({ guest: linux })).readRegister('RDT')).toBe(254);
    // One frame at 10 us on qemu-2012: lem_rxeof checks slot 0, next_rx_desc_to_check = 1, RDT = 0.
    // Linux after the same frame: refill 1, next_to_use 0, RDT = 0 - 1 = 255.
    const lemSim = run({ device: { model: 'qemu-2012' }, guest: lem, rx: rxList([10]) }, 1000);
    expect(writesOf(lemSim, 'RDT').filter((r) => r.tNs > 0).map((r) => r.b)).toEqual([0]);
    const linuxSim = run({ device: { model: 'qemu-2012' }, guest: linux, rx: rxList([10]) }, 1000);
    expect(writesOf(linuxSim, 'RDT').filter((r) => r.tNs > 0).map((r) => r.b)).toEqual([255]);
  });

  it('so on a 16-descriptor ring lem stores 15 frames before the ring is full and RXDMT0 comes one frame later than Linux', () => {
    // 8254x, everything masked, frames at 1, 2, ... 20 us. Threshold 1/2 of 16 = 8 free (SDM edge: free becomes 8).
    // lem: hardware owns [0, 15): after frame k, 15 - k free; = 8 at k = 7 (7 us); 15 stored, the rest wait in the
    // packet buffer. Linux: [0, 14): 14 - k = 8 at k = 6 (6 us); 14 stored.
    const frames = rxList(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const [guest, rxdmt0Ns, stored] of [
      [lem, 7000, 15],
      [linux, 6000, 14],
    ] as const) {
      const sim = run({ device: { rxRing: 16 }, guest, rx: frames }, 100, MASK_ALL);
      expect(causeSetAt(sim, RXDMT0)).toEqual([rxdmt0Ns]);
      expect(sim.nic.counters.rxStored).toBe(stored);
      expect(sim.nic.counters.rxHeld).toBe(20 - stored);
    }
  });
});

describe('freebsd-em (9.3) transmit path', () => {
  it('reclaims in em_start_locked when tx_avail <= EM_TX_CLEANUP_THRESHOLD (N/8): with interrupts masked it keeps sending on QEMU', () => {
    // 256 ring, tx_avail starts at 256 (unused 255). The first packet takes the cached checksum context too:
    // after k packets unused = 255 - (k + 1). The reclaim runs before packet k + 1 when unused < 32 (tx_avail <= 32):
    // 254 - k < 32 -> k = 223. So exactly 223 TDT writes precede the first transmit-path reclaim.
    const sim = run({ device: { model: 'qemu-2012' }, guest: em, tx: { pattern: 'saturate', bytes: 64 } }, 5000, MASK_ALL);
    const firstReclaim = sim.trace.records().find((r) => r.kind === TraceKind.TX_RECLAIM)!;
    expect(writesOf(sim, 'TDT').filter((r) => r.tNs <= firstReclaim.tNs)).toHaveLength(223);
    expect(sim.interrupts()).toHaveLength(0);
    expect(sim.nic.counters.txSent).toBeGreaterThan(256); // the old model (no reclaim) stopped at 224
  });

  it('stops (OACTIVE) at the top of its loop when tx_avail < EM_MAX_SCATTER (32), after the reclaim found nothing', () => {
    // A device that never completes (the seed patch deferring for ever): unused = 254 - k after k packets; the
    // check before packet k + 1 stops when 254 - k < 31 -> k = 224 packets, then nothing more.
    const never = { model: 'rizzo-2012' as const, params: { rizzoTxBatch: -1, rizzoRingSlack: 0 } };
    const sim = run({ device: never, guest: em, tx: { pattern: 'saturate', bytes: 64 } }, 5000);
    expect(writesOf(sim, 'TDT')).toHaveLength(224);
  });

  it('one checksum context descriptor, before the first packet only (em_transmit_checksum_setup caches last_hw_offload)', () => {
    const sim = run({ device: { model: 'qemu-2012' }, guest: em, tx: rxList([0, 100, 200]) }, 1000);
    // 3 packets: context + data, data, data = 4 descriptors; TDT after each: 2, 3, 4.
    expect(sim.nic.counters.txDescs).toBe(4);
    expect(writesOf(sim, 'TDT').map((r) => r.b)).toEqual([2, 3, 4]);
  });

  it('writes ITR = DEFAULT_ITR 488 whatever the scenario says (em_initialize_receive_units)', () => {
    const sim = new Simulation(testScenario({ device: { regs: { ITR: 100 } }, guest: em }));
    expect(sim.readRegister('ITR')).toBe(EM_DEFAULT_ITR);
    expect(EM_DEFAULT_ITR).toBe(Math.floor(1_000_000_000 / (8000 * 256)));
  });
});

describe('RCTL.RDMTS: real drivers force 1/2', () => {
  it('Linux, lem and em write RDMTS = 00 (E1000_RCTL_RDMTS_HALF) at init; only the ideal driver keeps the scenario\'s 1/8', () => {
    const rdmtsOf = (guest: GuestSpec) => (new Simulation(testScenario({ device: { rdmts: '1/8' }, guest })).readRegister('RCTL') >>> RDMTS_SHIFT) & 3;
    expect([linux, lem, em].map(rdmtsOf)).toEqual([0, 0, 0]);
    expect(rdmtsOf({ driver: 'ideal', costs: 'kvm-2012', params: {} })).toBe(2);
  });

  it('so with rdmts 1/8 a Linux guest still sees RXDMT0 at half the ring', () => {
    // 16 ring, Linux owns 14: free = 14 - k becomes 8 (1/2 of 16) at frame 6 (6 us), not 2 (1/8) at frame 12.
    const sim = run({ device: { rxRing: 16, rdmts: '1/8' }, guest: linux, rx: rxList(Array.from({ length: 20 }, (_, i) => i + 1)) }, 100, MASK_ALL);
    expect(causeSetAt(sim, RXDMT0)).toEqual([6000]);
  });
});

describe('Linux e1000_update_itr byte counts leave out the FCS', () => {
  it('4 frames of 130 bytes in one poll are 4 x 126 = 504 bytes (< 512): lowest_latency stays, the rate rises to 37,500/s', () => {
    // InterruptThrottleRate 1 starts at 20,000/s with both classes lowest_latency. RxIntDelay 10 (10.24 us),
    // RxAbsIntDelay 0: frames at 0, 2, 4, 6 us (a 130-byte frame is 150 B x 8 ns = 1.2 us on the wire, so none
    // waits), RDTR restarted by each, RXT0 at 6 + 10.24 = 16.24 us; one poll takes all 4.
    // e1000_update_itr(lowest): packets < 5 && bytes > 512 -> low_latency. Counted with the FCS (4 x 130 = 520)
    // it would go low (target 20,000 = current: no write); without it (504) it stays lowest, target 70,000:
    // the rate rises by a quarter of the target, 20,000 + 17,500 = 37,500/s, ITR = 10^9 / (37,500 x 256) = 104.
    const guest: GuestSpec = { ...linux, params: { ...LINUX_E1000_DEFAULTS, InterruptThrottleRate: 1, RxIntDelay: 10, RxAbsIntDelay: 0 } };
    const sim = run({ guest, rx: rxList([0, 2, 4, 6], 130) }, 1000);
    expect(sim.interrupts().map((r) => r.tNs)).toEqual([16_240]);
    expect(sim.rings.rxTaken).toBe(4);
    const itrWrites = writesOf(sim, 'ITR').filter((r) => r.tNs > 0);
    expect(itrWrites.map((r) => r.b)).toEqual([itrRegForRate(37_500)]);
    expect(itrRegForRate(37_500)).toBe(104);
  });
});
