/**
 * Two host threads on one core, scheduled as Linux CFS schedules two
 * runnable tasks of equal weight (Linux 6.1, the Debian 12 host kernel of
 * docs/qemu-measurements.md; kernel/sched/fair.c). Only the rules two
 * nice-0 threads on one core ever meet are kept:
 *
 * - The thread on the core accumulates virtual runtime at wall speed
 *   (`update_curr`, weight 1024 = NICE_0_LOAD); `minVruntime` follows the
 *   smallest vruntime of the runnable threads and never decreases
 *   (`update_min_vruntime`).
 * - A thread that wakes is placed at max(its vruntime, minVruntime -
 *   sched_latency / 2) (`place_entity`, GENTLE_FAIR_SLEEPERS): a long
 *   sleeper gets at most half a latency of credit.
 * - It preempts the thread on the core only if it is more than the wakeup
 *   granularity behind it (`check_preempt_wakeup` -> `wakeup_preempt_entity`:
 *   vdiff = curr.vruntime - woken.vruntime > gran). On an idle core it runs
 *   at once.
 * - At each scheduler tick the thread on the core is preempted if it has run
 *   longer than its slice since it was picked, or (after at least the
 *   minimum granularity) if its vruntime is more than a slice ahead of the
 *   other's (`check_preempt_tick`). The slice of two equal tasks is
 *   sched_latency / 2 (`sched_slice`).
 * - A thread that blocks leaves the core to the other if it is runnable.
 *
 * Tunables: Linux's defaults scaled by 1 + ilog2(CPUs) for 2 CPUs
 * (SCHED_TUNABLESCALING_LOG): sched_latency 6 ms x 2, min_granularity
 * 0.75 ms x 2, wakeup_granularity 1 ms x 2; the tick is HZ = 250 (Debian).
 * Pure: the caller passes every instant; nothing here schedules events.
 */
export const CFS_2CPU = {
  latencyNs: 12_000_000,
  minGranularityNs: 1_500_000,
  wakeupGranularityNs: 2_000_000,
  tickNs: 4_000_000,
} as const;

export type CfsTunables = { latencyNs: number; minGranularityNs: number; wakeupGranularityNs: number; tickNs: number };

/** The two threads: QEMU's main-loop thread and the vCPU thread. */
export const HostThread = { MAIN_LOOP: 0, VCPU: 1 } as const;
export type HostThread = (typeof HostThread)[keyof typeof HostThread];

export class SharedCore {
  /** The thread on the core, or -1 when the core is idle. */
  curr: HostThread | -1 = -1;
  readonly runnable = [false, false];
  readonly vruntime = [0, 0];
  minVruntime = 0;
  /** When curr was last charged. */
  private lastUpdateNs = 0;
  /** When curr was picked (its slice counts from here). */
  private pickedNs = 0;

  constructor(readonly tunables: CfsTunables = CFS_2CPU) {}

  /** Both threads want the core (ticks matter only then). */
  get contended(): boolean {
    return this.runnable[0] && this.runnable[1];
  }

  /** Charge the thread on the core up to now (update_curr). */
  update(nowNs: number): void {
    if (this.curr !== -1) {
      this.vruntime[this.curr] += nowNs - this.lastUpdateNs;
      this.updateMin();
    }
    this.lastUpdateNs = nowNs;
  }

  private updateMin(): void {
    let m = Infinity;
    for (const t of [0, 1] as const) if (this.runnable[t]) m = Math.min(m, this.vruntime[t]);
    if (m !== Infinity && m > this.minVruntime) this.minVruntime = m;
  }

  private pick(t: HostThread | -1, nowNs: number): void {
    this.curr = t;
    this.pickedNs = nowNs;
    this.lastUpdateNs = nowNs;
  }

  /**
   * Thread t becomes runnable (it was blocked). Returns true if it is now on
   * the core (the core was idle, or it preempted the thread there).
   */
  wake(t: HostThread, nowNs: number): boolean {
    if (this.runnable[t]) return this.curr === t;
    this.update(nowNs);
    this.vruntime[t] = Math.max(this.vruntime[t], this.minVruntime - this.tunables.latencyNs / 2);
    this.runnable[t] = true;
    if (this.curr === -1) {
      this.pick(t, nowNs);
      this.updateMin();
      return true;
    }
    if (this.vruntime[this.curr] - this.vruntime[t] > this.tunables.wakeupGranularityNs) {
      this.pick(t, nowNs);
      return true;
    }
    return false;
  }

  /** Thread t blocks (it is on the core, or runnable and waiting). Returns the thread on the core now. */
  block(t: HostThread, nowNs: number): HostThread | -1 {
    this.update(nowNs);
    this.runnable[t] = false;
    if (this.curr === t) {
      const other = (1 - t) as HostThread;
      this.pick(this.runnable[other] ? other : -1, nowNs);
    }
    return this.curr;
  }

  /** A scheduler tick at nowNs. Returns true if it switched threads. */
  tick(nowNs: number): boolean {
    if (this.curr === -1 || !this.contended) return false;
    this.update(nowNs);
    const curr = this.curr;
    const other = (1 - curr) as HostThread;
    const slice = this.tunables.latencyNs / 2;
    const ran = nowNs - this.pickedNs;
    let resched = ran > slice;
    if (!resched && ran >= this.tunables.minGranularityNs) resched = this.vruntime[curr] - this.vruntime[other] > slice;
    // After a resched the leftmost (smallest vruntime) runs; on a tie the waiting one (it is already in the tree).
    if (resched && this.vruntime[other] <= this.vruntime[curr]) {
      this.pick(other, nowNs);
      return true;
    }
    if (resched) this.pickedNs = nowNs;
    return false;
  }
}
