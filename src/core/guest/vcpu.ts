import type { NetdevTxQueue } from './kernel/netdevQueue';
import { Ev, type SimContext } from '../engine/events';
import type { Nic } from '../device/nic';
import { Activity, TraceKind } from '../types';
import type { CostProfile } from './costs';
import type { GuestThread, Op, RepeatOp } from './ops';
import type { Napi } from './kernel/napi';
import type { UdpServer } from './apps/udpServer';
import type { DimTrace } from './drivers/netDim';

/** The driver side the vCPU runs: an ISR, a deferred poll, and the sending application. */
export interface GuestDriver {
  /** Interrupt handler body (runs after the injection cost). */
  isr(): GuestThread;
  /** Deferred work (NAPI poll / taskqueue) scheduled by the ISR, or null if the driver has none. */
  poll(): GuestThread;
  /** The application thread that hands frames to the driver (blocks when it has nothing to do). */
  app(): GuestThread;
  /** Periodic (2 s) driver watchdog returning a new ITR value, if the driver has one. */
  watchdog?(): number | null;
  /** The guest kernel's NAPI instance (mask-and-poll drivers). */
  napi?: Napi;
  /** The server application, when the scenario has one. */
  server?: UdpServer;
  /** The stack's side of the TX queue (BQL, xmit_more), if the guest kernel has one (Linux 6.1). */
  readonly txQueue?: NetdevTxQueue;
  /** Issue 23: a DIM driver's table and decisions so far. */
  dimTrace?(): DimTrace;
}

/** Zero-cost operations one instant may run before the vCPU forces 1 ns to pass (a hang guard). */
const MAX_FREE_OPS_PER_INSTANT = 1_000_000;

/** The host model's side of the vCPU thread (null: no host model, the vCPU has its core to itself). */
export interface VcpuThreadHost {
  /** The vCPU thread is on a host core now. */
  readonly vcpuOnCore: boolean;
  /** The guest has work: the thread wants a core (it may get it at once). */
  vcpuWants(): void;
  /** The guest idles (HLT): the thread blocks. */
  vcpuIdle(): void;
}

const enum Thread {
  NONE = 0,
  ISR = 1,
  POLL = 2,
  APP = 3,
}

/**
 * The guest's single vCPU. It does one operation at a time: compute for a
 * while, or access an MMIO register (a VM exit when virtualized). Between
 * operations it takes a pending interrupt (the ISR preempts the application
 * and the poll), then runs scheduled polls, then the application.
 */
export class Vcpu {
  busy = false;
  activity: Activity = Activity.IDLE;
  busyNs = 0;
  exits = 0;
  private generation = 0;
  private isrThread: GuestThread | null = null;
  private pollThread: GuestThread | null = null;
  private appThread: GuestThread | null = null;
  /** NET_RX_SOFTIRQ is raised: a poll run is wanted that has not started yet (who may poll, NAPI_STATE_SCHED, is the driver's NAPI instance's). */
  private pollScheduled = false;
  private appBlocked = false;
  /** hrtimer interrupts not yet taken. */
  private hrtimerIrqs = 0;
  /** Value to resume each thread with (a register read's result). */
  private resume = [0, 0, 0, 0];
  /** Per thread: the repeat operation whose step is in flight (its `after` runs when the thread next runs). */
  private repeating: (RepeatOp | null)[] = [null, null, null, null];
  private freeOpsAt = -1;
  private freeOps = 0;
  /** Inside run(): a kick from an operation's side effect is picked up by the loop. */
  private running = false;
  /** When the operation in flight ends (for CPU-use accounting mid-operation). */
  opEndNs = 0;
  /** Host model: the thread's core, or null. */
  private host: VcpuThreadHost | null = null;
  /** The operation in flight was stopped with this much left (the thread lost its core), or -1. */
  private pausedRemainingNs = -1;
  /** The vCPU had nothing to do (halted) when it last looked: the next interrupt wakes it (costs.vcpuWakeNs). */
  private halted = true;

  constructor(
    private readonly ctx: SimContext,
    private readonly nic: Nic,
    private readonly costs: CostProfile,
    private readonly driver: GuestDriver,
    /** Called when the ISR reads ICR (the interrupt record wants the value). */
    private readonly onIsrIcrRead: (icr: number) => void,
  ) {
    this.appThread = driver.app();
  }

  /** Host model: the vCPU thread competes for a host core. */
  attachHost(host: VcpuThreadHost): void {
    this.host = host;
  }

  /** The vCPU thread lost its core: the operation in flight stops counting down. */
  offCore(): void {
    if (!this.busy || this.pausedRemainingNs >= 0) return;
    this.pausedRemainingNs = Math.max(0, this.opEndNs - this.ctx.now);
    this.generation++;
  }

  /** The vCPU thread has its core again: the stopped operation goes on, or the guest looks for work. */
  onCore(): void {
    if (this.pausedRemainingNs >= 0) {
      this.opEndNs = this.ctx.now + this.pausedRemainingNs;
      this.pausedRemainingNs = -1;
      this.ctx.schedule(this.opEndNs, Ev.VCPU_DONE, ++this.generation);
      return;
    }
    if (!this.busy && !this.running) this.run();
  }

  /** ns of vCPU work done by nowNs (an operation stopped off its core counts only what it ran). */
  busyNsAt(nowNs: number): number {
    if (!this.busy) return this.busyNs;
    if (this.pausedRemainingNs >= 0) return this.busyNs - this.pausedRemainingNs;
    return this.busyNs - Math.max(0, this.opEndNs - nowNs);
  }

  /** Raise the softirq: the deferred poll runs once no ISR is due (before the application). */
  raiseSoftirq(): void {
    this.pollScheduled = true;
    this.kick();
  }

  /**
   * The guest kernel's hrtimer interrupt (the local APIC timer that runs
   * napi_watchdog): charged as an injection (costs.injectNs, and
   * costs.vcpuWakeNs from halt) at interrupt priority.
   */
  hrtimerInterrupt(): void {
    this.hrtimerIrqs++;
    this.kick();
  }

  /** The application may have work (a frame queued, the TX queue woken). */
  wakeApp(): void {
    this.appBlocked = false;
    this.kick();
  }

  /** Something happened that may give the vCPU work (line asserted, app woken). */
  kick(): void {
    if (!this.busy && !this.running) this.run();
  }

  /** The operation in flight finished. */
  opDone(generation: number): void {
    if (generation !== this.generation || !this.busy) return;
    this.busy = false;
    this.activity = Activity.IDLE;
    this.run();
  }

  private pick(): Thread {
    if (this.isrThread) return Thread.ISR;
    if (this.nic.line.asserted) {
      this.isrThread = this.isrBody(this.halted);
      this.resume[Thread.ISR] = 0;
      return Thread.ISR;
    }
    if (this.hrtimerIrqs > 0) {
      this.hrtimerIrqs--;
      this.isrThread = this.hrtimerBody(this.halted);
      this.resume[Thread.ISR] = 0;
      return Thread.ISR;
    }
    if (this.pollThread) return Thread.POLL;
    if (this.pollScheduled) {
      this.pollScheduled = false;
      this.pollThread = this.driver.poll();
      this.resume[Thread.POLL] = 0;
      return Thread.POLL;
    }
    if (this.appThread && !this.appBlocked) return Thread.APP;
    return Thread.NONE;
  }

  /** The injection, then the driver's ISR. A halted vCPU first wakes (costs.vcpuWakeNs, 0 in most profiles). */
  private *isrBody(fromHalt: boolean): GuestThread {
    yield { op: 'compute', ns: this.costs.injectNs + (fromHalt ? this.costs.vcpuWakeNs : 0), activity: Activity.INJECT };
    yield* this.driver.isr();
  }

  /** The hrtimer interrupt's entry and exit (its handler, napi_watchdog, already ran at the expiry). */
  private *hrtimerBody(fromHalt: boolean): GuestThread {
    yield { op: 'compute', ns: this.costs.injectNs + (fromHalt ? this.costs.vcpuWakeNs : 0), activity: Activity.INJECT };
  }

  private thread(t: Thread): GuestThread | null {
    return t === Thread.ISR ? this.isrThread : t === Thread.POLL ? this.pollThread : this.appThread;
  }

  private finish(t: Thread): void {
    if (t === Thread.ISR) this.isrThread = null;
    else if (t === Thread.POLL) this.pollThread = null;
    else this.appThread = null;
  }

  private run(): void {
    this.running = true;
    try {
      this.loop();
    } finally {
      this.running = false;
    }
  }

  private loop(): void {
    for (;;) {
      const t = this.pick();
      if (t === Thread.NONE) {
        this.halted = true;
        this.host?.vcpuIdle();
        return;
      }
      if (this.host !== null && !this.host.vcpuOnCore) {
        this.host.vcpuWants();
        if (!this.host.vcpuOnCore) return; // runnable, waiting for the shared core
      }
      let op: Op | null = null;
      const rep = this.repeating[t];
      if (rep !== null) {
        rep.after();
        if (rep.more()) op = rep;
        else this.repeating[t] = null;
      }
      if (op === null) {
        const gen = this.thread(t)!;
        let r = gen.next(this.resume[t]);
        // A repeat with no step to do is no operation: the generator goes on at once.
        while (!r.done && r.value.op === 'repeat' && !r.value.more()) r = gen.next(this.resume[t]);
        if (r.done) {
          this.finish(t);
          continue;
        }
        op = r.value;
      }
      const cost = this.execute(t, op);
      if (cost > 0) {
        this.halted = false;
        this.busy = true;
        this.busyNs += cost;
        this.opEndNs = this.ctx.now + cost;
        this.ctx.record(TraceKind.VCPU_BUSY, this.activity, cost);
        this.ctx.schedule(this.ctx.now + cost, Ev.VCPU_DONE, ++this.generation);
        return;
      }
      if (this.freeOpsAt !== this.ctx.now) {
        this.freeOpsAt = this.ctx.now;
        this.freeOps = 0;
      } else if (++this.freeOps > MAX_FREE_OPS_PER_INSTANT) {
        this.busy = true;
        this.ctx.schedule(this.ctx.now + 1, Ev.VCPU_DONE, ++this.generation);
        return;
      }
    }
  }

  /** Carry out one operation now; returns how long it keeps the vCPU busy. */
  private execute(t: Thread, op: Op): number {
    const c = this.costs;
    switch (op.op) {
      case 'compute':
        this.activity = op.activity;
        return Math.round(op.ns);
      case 'repeat':
        this.repeating[t] = op;
        this.activity = op.activity;
        return Math.round(op.ns());
      case 'read': {
        this.activity = Activity.MMIO_EXIT;
        if (c.virtualized) this.exits++;
        const v = this.nic.mmioRead(op.reg);
        if (t === Thread.ISR && op.reg === 'ICR') this.onIsrIcrRead(v);
        this.resume[t] = v;
        return c.exitNs;
      }
      case 'write': {
        this.activity = Activity.MMIO_EXIT;
        if (c.virtualized) this.exits++;
        const sentInExit = this.nic.mmioWrite(op.reg, op.value);
        return Math.round(c.exitNs + sentInExit * c.txBackendNs);
      }
      case 'block':
        this.appBlocked = true;
        return 0;
    }
  }
}
