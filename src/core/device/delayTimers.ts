import { Ev, type SimContext } from '../engine/events';
import { TraceKind } from '../types';
import { TIMER_COUNT, TIMER_ID_SLOTS, type TimerId } from '../timers';

/**
 * The device's countdown timers (RDTR, RADV, TIDV, TADV, the ITR window and
 * the other models' timers). Each timer is either stopped or counting down
 * to an expiry instant. Stopping or re-arming bumps a generation number so
 * the already-queued expiry event is ignored when it pops (lazy cancel).
 */
export class DelayTimers {
  readonly startNs = new Float64Array(TIMER_COUNT).fill(-1);
  readonly expiresNs = new Float64Array(TIMER_COUNT).fill(-1);
  private readonly generation = new Uint32Array(TIMER_COUNT);

  constructor(private readonly ctx: SimContext) {}

  running(id: TimerId): boolean {
    return this.expiresNs[id] >= 0;
  }

  /** Start the timer, or restart it from now if it is already counting. */
  arm(id: TimerId, durationNs: number): void {
    const restart = this.running(id);
    const gen = ++this.generation[id];
    const now = this.ctx.now;
    this.startNs[id] = now;
    this.expiresNs[id] = now + durationNs;
    this.ctx.record(restart ? TraceKind.TIMER_RESTART : TraceKind.TIMER_START, id, now + durationNs);
    this.ctx.schedule(now + durationNs, Ev.DEVICE_TIMER, id + TIMER_ID_SLOTS * gen);
  }

  /** Start the timer only if it is not already counting. */
  armIfStopped(id: TimerId, durationNs: number): void {
    if (!this.running(id)) this.arm(id, durationNs);
  }

  stop(id: TimerId): void {
    if (!this.running(id)) return;
    this.generation[id]++;
    this.startNs[id] = -1;
    this.expiresNs[id] = -1;
    this.ctx.record(TraceKind.TIMER_STOP, id, 0);
  }

  /**
   * An expiry event popped. Returns the timer's id if the event is current
   * (the timer fired), or -1 if the timer was stopped or re-armed since.
   */
  expire(arg: number): TimerId | -1 {
    const id = arg % TIMER_ID_SLOTS;
    const gen = Math.floor(arg / TIMER_ID_SLOTS);
    if (gen !== this.generation[id] || !this.running(id)) return -1;
    this.startNs[id] = -1;
    this.expiresNs[id] = -1;
    this.ctx.record(TraceKind.TIMER_FIRE, id, 0);
    return id;
  }
}
