/**
 * Interrupts that find nothing (section C of docs/qemu-measurements.md: 9-23 %
 * of interrupts take no frame). The rule, and why: a frame stored while the
 * guest is masked (after the ISR's ICR read and IMC write) latches RXT0 in
 * ICR, because causes latch whether masked or not; the poll that is running
 * takes that frame; the poll's last act, the IMS write, finds ICR & IMS != 0
 * and raises the line (QEMU's set_ims, the 8254x's assertion rule), for a
 * frame already taken. The ISR reads RXT0 and the poll finds nothing.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../simulation';
import { testScenario } from '../testScenario';
import { TraceKind } from '../types';
import { REG_INDEX } from '../registers';
import { RXT0 } from '../causes';
import { rxEmptyInterrupts } from '../cycles';
import type { DeviceModelName } from '../scenario';

const US = 1000;

function trace(model: DeviceModelName) {
  const s = testScenario({
    device: { model, linkGbps: model === '8254x' ? 1 : 0 },
    guest: { driver: 'linux-e1000', costs: 'tcg-qemu72-rx', params: { InterruptThrottleRate: 0 }, kernel: '6.1' },
    rx: { pattern: 'list', atUs: [0, 25], bytes: 64 },
  });
  const sim = new Simulation(s);
  sim.advanceTo(1000 * US);
  return sim.trace.records();
}

// The guest's first cycle, by hand (tcg-qemu72-rx; us): line at 0; halted wake 18.75 + injection 1 -> ICR read at 19.75;
// IMC 20.25; STATUS 20.75..21.25; pollNs to 22.25; frame 0 to 26.233 (frame 1 stored at 25 us, masked: RXT0 latched);
// frame 1 to 30.216; RDT write to 30.716; rxPollNs to 40.716: the IMS write at 40.716 us.
const IMS_WRITE_US = 40.716;

describe('interrupts that find nothing: raised at the IMS write for a frame the poll already took', () => {
  for (const model of ['qemu-2012', '8254x'] as const) {
    it(`${model}: the second interrupt rises at the IMS write (${IMS_WRITE_US} us), reads RXT0, and takes no frame`, () => {
      const rec = trace(model);
      const asserts = rec.filter((r) => r.kind === TraceKind.LINE_ASSERT).map((r) => r.tNs / US);
      expect(asserts).toEqual([0, IMS_WRITE_US]);
      const imsWrite = rec.find((r) => r.kind === TraceKind.MMIO_WRITE && r.a === REG_INDEX.IMS && r.tNs > 0)!;
      expect(imsWrite.tNs / US).toBe(IMS_WRITE_US);
      // Why: RXT0 was latched at 25 us, while masked, for frame 1 ...
      const latched = rec.filter((r) => r.kind === TraceKind.CAUSE_SET && r.a & RXT0).map((r) => r.tNs / US);
      expect(latched).toEqual([0, 25]);
      // ... and the poll took frame 1 at 30.216 us, before the IMS write.
      expect(rec.filter((r) => r.kind === TraceKind.RX_TAKEN).map((r) => r.tNs / US)).toEqual([26.233, 30.216]);
      const reads = rec.filter((r) => r.kind === TraceKind.ICR_READ);
      expect(reads[1].a).toBe(RXT0);
      expect(rxEmptyInterrupts(rec)).toEqual({ interrupts: 2, empty: 0 }); // the last one is still in progress at the end
    });
  }

  it('qemu-2013: the IMS write falls inside the 128 us window, so the empty interrupt rises at its end (128 + 42.7 us)', () => {
    const rec = trace('qemu-2013');
    expect(rec.filter((r) => r.kind === TraceKind.LINE_ASSERT).map((r) => r.tNs / US)).toEqual([0, 170.7]);
    expect(rec.filter((r) => r.kind === TraceKind.ICR_READ)[1].a).toBe(RXT0);
    expect(rec.filter((r) => r.kind === TraceKind.RX_TAKEN).every((r) => r.tNs < 170.7 * US)).toBe(true);
  });

  it('rxEmptyInterrupts counts an interrupt as empty when no frame is taken before the next one', () => {
    const rec = [
      { tNs: 0, kind: TraceKind.LINE_ASSERT, a: 128, b: 0 },
      { tNs: 5, kind: TraceKind.RX_TAKEN, a: 0, b: 5 },
      { tNs: 10, kind: TraceKind.LINE_ASSERT, a: 128, b: 0 },
      { tNs: 20, kind: TraceKind.LINE_ASSERT, a: 128, b: 0 },
    ] as const;
    expect(rxEmptyInterrupts(rec)).toEqual({ interrupts: 3, empty: 1 });
  });
});
