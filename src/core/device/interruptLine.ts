import type { SimContext } from '../engine/events';
import { TimerId, TraceKind } from '../types';
import type { DelayTimers } from './delayTimers';

/**
 * The INTx line. It is asserted while ICR & IMS != 0, except that after each
 * assertion the device model may open a window (ITR on the 8254x, QEMU's
 * mitigation timer, a host timer) during which a new assertion waits; when
 * the window ends, whatever is pending asserts the line and opens the next
 * window: one mechanism for every model; models differ only in the window length.
 *
 * When the window is a QEMU timer, its end is seen only when QEMU's
 * main-loop thread has woken up and run the timer's callback, `wakeNs`
 * after the deadline (WAKE); until then the window is still open, as
 * QEMU's mit_timer_on is.
 */
export class InterruptLine {
  asserted = false;
  /**
   * With a host model, QEMU's main loop runs the window's callback: at the
   * deadline the line tells the host, and the window stays open until the
   * host says the callback ran (callbackRan). Null: no host model.
   */
  host: { timerDue(): void; wakeDone(): void } | null = null;
  /** The model's own rule for the window's end (DeviceModel.windowEnded), or null: assert for what is pending. */
  onWindowEnd: (() => void) | null = null;
  private callbackPending = false;

  constructor(
    private readonly ctx: SimContext,
    private readonly timers: DelayTimers,
    /** Timer that shows the window, or -1 if the model has none. */
    readonly windowTimer: TimerId | -1,
    /** Length of the window opened by an assertion with these pending causes (0 = none). */
    private readonly windowNs: (pending: number) => number,
    /** How late the window's end is seen (host main-loop wake-up), 0 for hardware timers. */
    private readonly wakeNs: number,
    private readonly onAssert: () => void,
  ) {}

  /** The window is open: its timer runs, or it is due and QEMU's main loop is waking. */
  windowOpen(): boolean {
    return this.windowTimer !== -1 && (this.timers.running(this.windowTimer) || this.timers.running(TimerId.WAKE) || this.callbackPending);
  }

  /** The host's main loop ran the window's callback (host model only). */
  callbackRan(pending: number): void {
    this.callbackPending = false;
    this.windowEnd(pending);
  }

  /** The window is over: the model's rule if it has one, else whatever is pending asserts. */
  private windowEnd(pending: number): void {
    if (this.onWindowEnd !== null) this.onWindowEnd();
    else this.update(pending);
  }

  /**
   * A timer of the line fired (the window's, or WAKE). Returns false if `id`
   * is not one of the line's timers.
   */
  timerFired(id: TimerId, pending: number): boolean {
    if (this.host !== null) {
      if (id === this.windowTimer) {
        this.callbackPending = true;
        this.host.timerDue();
        return true;
      }
      if (id === TimerId.WAKE) {
        this.host.wakeDone();
        return true;
      }
    }
    if (id === this.windowTimer && this.wakeNs > 0) this.timers.arm(TimerId.WAKE, this.wakeNs);
    else if (id === this.windowTimer || id === TimerId.WAKE) this.windowEnd(pending);
    else return false;
    return true;
  }

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
    if (this.windowOpen()) return; // waits for the window's end
    this.asserted = true;
    this.ctx.record(TraceKind.LINE_ASSERT, pending, 0);
    if (this.windowTimer !== -1) {
      const w = this.windowNs(pending);
      if (w > 0) this.timers.arm(this.windowTimer, w);
    }
    this.onAssert();
  }
}
