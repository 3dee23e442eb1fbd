/**
 * BoundHistory (issue 25): the last change of the interrupt-rate bound's
 * window and the first interrupt, from the records as they are written.
 * Rules, with hand-picked instants:
 * - a write that changes the window is a change, at its instant, named;
 * - a write of the same value, or of a register the model ignores, is none;
 * - a device parameter reprogrammed at run time (DEVICE_PARAM) is one;
 * - the first LINE_ASSERT is the first interrupt, later ones do not move it.
 */
import { describe, expect, it } from 'vitest';
import { BoundHistory } from './boundHistory';
import { DEVICE_PARAM_SPECS } from './device/models';
import { REG_INDEX } from './registers';
import { testScenario } from './testScenario';
import { TraceKind } from './types';

describe('BoundHistory', () => {
  it('8254x, ITR 50: an interrupt at 10 µs, ITR 50 again at 20 µs (none), ITR 1000 at 30 µs (the change)', () => {
    const h = new BoundHistory(testScenario({ device: { regs: { ITR: 50 } } }));
    h.onRecord(10_000, TraceKind.LINE_ASSERT, 0x80, 0);
    h.onRecord(20_000, TraceKind.MMIO_WRITE, REG_INDEX.ITR, 50);
    expect(h.state().change).toBeNull();
    h.onRecord(30_000, TraceKind.MMIO_WRITE, REG_INDEX.ITR, 1000);
    h.onRecord(40_000, TraceKind.LINE_ASSERT, 0x80, 0);
    expect(h.state()).toMatchObject({ change: { tNs: 30_000, what: 'ITR 50 → 1000' }, firstInterruptNs: 10_000 });
    // RDTR does not enter the 8254x's bound (ITR alone does): no change.
    h.onRecord(50_000, TraceKind.MMIO_WRITE, REG_INDEX.RDTR, 8);
    expect(h.state().change).toEqual({ tNs: 30_000, what: 'ITR 50 → 1000' });
  });

  it('QEMU 2012 ignores ITR: its write changes no bound', () => {
    const h = new BoundHistory(testScenario({ device: { model: 'qemu-2012', regs: { ITR: 50 } } }));
    h.onRecord(30_000, TraceKind.MMIO_WRITE, REG_INDEX.ITR, 1000);
    expect(h.state().change).toBeNull();
  });

  it('itr-ratecap: ixgbe reprogramming rx-usecs from 50 to 10 µs (DEVICE_PARAM) changes the window', () => {
    const h = new BoundHistory(testScenario({ device: { model: 'itr-ratecap', params: { itrRxUsecs: 50, itrTxUsecs: 50 } } }));
    const rx = DEVICE_PARAM_SPECS.findIndex((p) => p.key === 'itrRxUsecs');
    h.onRecord(7_000, TraceKind.DEVICE_PARAM, rx, 10);
    expect(h.state().change).toEqual({ tNs: 7_000, what: 'rx-usecs (ITR) 50 → 10' });
    expect(h.state().params.itrRxUsecs).toBe(10);
  });
});
