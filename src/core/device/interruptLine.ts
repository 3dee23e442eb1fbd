import type { SimContext } from '../engine/events';
import { TraceKind, type TimerId } from '../types';
import type { DelayTimers } from './delayTimers';

/**
 * The INTx line. It is asserted while ICR & IMS != 0, except that after each
 * assertion the device model may open a window (ITR on the 8254x, QEMU's
 * mitigation timer, a host timer) during which a new assertion waits; when
 * the window ends, whatever is pending asserts the line and opens the next
 * window: one mechanism for every model; models differ only in the window length.
 */
export class InterruptLine {
  asserted = false;

  constructor(
    private readonly ctx: SimContext,
    private readonly timers: DelayTimers,
    /** Timer that shows the window, or -1 if the model has none. */
    readonly windowTimer: TimerId | -1,
    /** Length of the window opened by an assertion with these pending causes (0 = none). */
    private readonly windowNs: (pending: number) => number,
    private readonly onAssert: () => void,
  ) {}

  /** Re-evaluate after ICR or IMS changed, or the window ended. `pending` = ICR & IMS. */
  update(pending: number): void {
    if (pending === 0) {
      if (this.asserted) {
        this.asserted = false;
        this.ctx.record(TraceKind.LINE_DEASSERT, 0, 0);
      }
      return;
    }
    if (this.asserted) return;
    if (this.windowTimer !== -1 && this.timers.running(this.windowTimer)) return; // waits for the window's end
    this.asserted = true;
    this.ctx.record(TraceKind.LINE_ASSERT, pending, 0);
    if (this.windowTimer !== -1) {
      const w = this.windowNs(pending);
      if (w > 0) this.timers.arm(this.windowTimer, w);
    }
    this.onAssert();
  }
}
