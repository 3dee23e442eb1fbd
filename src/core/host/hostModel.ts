import { Ev, type SimContext } from '../engine/events';
import { FrameFifo } from '../frameFifo';
import { TimerId, TraceKind } from '../types';
import { CFS_2CPU, HostThread, SharedCore, type CfsTunables } from './sharedCore';
import { HostBits } from './hostState';

export { HostBits };

/** Where QEMU's main-loop thread and the vCPU thread run. */
export type HostPlacement = 'shared' | 'separate';

/** What the host model needs of the NIC. */
export interface HostNicPort {
  /** A received frame reaches the device model (QEMU's e1000_receive, under the BQL), stamped with its socket arrival. */
  rxArrive(frameId: number, bytes: number, arrivalNs: number): void;
  /** A QEMU timer's callback ran: the window is over; re-evaluate the line. */
  windowCallbackRan(): void;
  readonly timers: { arm(id: TimerId, ns: number): void; stop(id: TimerId): void; running(id: TimerId): boolean };
}

/** What the host model needs of the vCPU: take it off the core and put it back. */
export interface HostVcpuPort {
  /** The vCPU thread lost the core: its operation in flight stops counting. */
  offCore(): void;
  /** The vCPU thread has the core again: it goes on where it stopped. */
  onCore(): void;
}


/**
 * The host under a QEMU device model: QEMU's main-loop thread and the vCPU
 * thread, on one shared core or a core each (docs/cost-profiles.md, "Host").
 *
 * The main loop (one QEMU main_loop_wait iteration per item):
 * - receives each frame from the backend socket and runs the e1000's
 *   receive code for it: `frameNs` of host CPU, then the frame reaches the
 *   device model; frames that find the thread busy or off the core wait in
 *   the socket, in order;
 * - runs QEMU timer callbacks (the mitigation window's end): when one is
 *   due while the thread is busy it runs after the current frame; when the
 *   thread sleeps on an idle core it runs `timerWakeNs` later (the measured
 *   wake-up); when it sleeps on a core the vCPU thread is using, the thread
 *   is runnable at once and the scheduler decides.
 * - A frame arriving while the thread sleeps wakes it at once (an fd wake-up
 *   costs nothing extra here: only the timer wake-up was measured).
 *
 * The vCPU thread is runnable while the guest has work and blocks when the
 * guest idles (HLT); the line's assertion wakes it (qemu_cpu_kick).
 * Shared core: CFS decides (sharedCore.ts). Separate cores: each runs
 * whenever it is runnable.
 */
export class HostModel {
  readonly core: SharedCore | null;
  private readonly socket = new FrameFifo();
  /** The frame the main loop is delivering now (its host cost elapsing), or -1. */
  private inFlightId = -1;
  private inFlightBytes = 0;
  private inFlightStamp = 0;
  /** Main loop: time still to run on the frame in flight (when off the core), and when it ends (when on it). */
  private remainingNs = 0;
  private doneAtNs = -1;
  private generation = 0;
  /** A QEMU timer callback is due and has not run. */
  private callbackDue = false;
  private mainRunnable = false;
  private mainWaking = false;
  private vcpuRunnable = false;
  private vcpuHasCore = false;
  private mainHasCore = false;
  private tickPending = false;
  private lastBits = -1;
  private lastWaiting = -1;
  private inMainLoop = false;
  /** Host CPU the main loop spent delivering frames (ns). */
  mainBusyNs = 0;
  framesDelivered = 0;
  vcpu: HostVcpuPort | null = null;

  constructor(
    private readonly ctx: SimContext,
    private readonly nic: HostNicPort,
    readonly placement: HostPlacement,
    private readonly frameNs: number,
    private readonly timerWakeNs: number,
    tunables: CfsTunables = CFS_2CPU,
  ) {
    this.core = placement === 'shared' ? new SharedCore(tunables) : null;
  }

  /** Frames waiting in the host: in the socket, plus the one the main loop is delivering. */
  get waiting(): number {
    return this.socket.size + (this.inFlightId >= 0 ? 1 : 0);
  }

  /** Host CPU the main loop spent by nowNs (a frame in flight counts what it ran). */
  mainBusyNsAt(nowNs: number): number {
    if (this.inFlightId < 0) return this.mainBusyNs;
    return this.mainBusyNs - (this.doneAtNs >= 0 ? Math.max(0, this.doneAtNs - nowNs) : this.remainingNs);
  }

  get vcpuOnCore(): boolean {
    return this.vcpuHasCore;
  }

  // ---- inputs ------------------------------------------------------------

  /** A frame reached the host socket now. */
  frameArrived(frameId: number, bytes: number): void {
    this.socket.push(frameId, bytes, this.ctx.now);
    this.wakeMain(false);
    this.recordState();
  }

  /** A QEMU timer's deadline passed (the window timer fired). */
  timerDue(): void {
    this.callbackDue = true;
    this.wakeMain(true);
    this.recordState();
  }

  /** The WAKE timer fired: the main loop is awake after the idle core's wake-up. */
  wakeDone(): void {
    if (!this.mainWaking) return;
    this.mainWaking = false;
    this.makeMainRunnable();
    this.recordState();
  }

  /** The guest has work: the vCPU thread wants the core. */
  vcpuWants(): void {
    if (this.vcpuRunnable) return;
    this.vcpuRunnable = true;
    if (this.core === null) {
      this.vcpuHasCore = true;
    } else if (this.core.wake(HostThread.VCPU, this.ctx.now)) {
      this.switchedTo(HostThread.VCPU);
    }
    this.armTick();
    this.recordState();
  }

  /** The guest idles (HLT): the vCPU thread blocks. */
  vcpuIdle(): void {
    if (!this.vcpuRunnable) return;
    this.vcpuRunnable = false;
    this.vcpuHasCore = false;
    if (this.core !== null && this.core.block(HostThread.VCPU, this.ctx.now) === HostThread.MAIN_LOOP) this.mainGetsCore();
    this.recordState();
  }

  /** HOST_MAIN_DONE: the main loop's current frame is done (unless superseded). */
  mainDone(generation: number): void {
    if (generation !== this.generation || this.doneAtNs < 0) return;
    this.doneAtNs = -1;
    this.remainingNs = 0;
    this.deliverInFlight();
    this.runMain();
  }

  /** HOST_TICK: a scheduler tick on the shared core. */
  tick(): void {
    this.tickPending = false;
    const core = this.core;
    if (core === null || !core.contended) return;
    if (core.tick(this.ctx.now)) this.switchedTo(core.curr as HostThread);
    this.armTick();
    this.recordState();
  }

  // ---- the main loop -----------------------------------------------------

  private wakeMain(forTimer: boolean): void {
    if (this.mainRunnable) return;
    if (this.mainWaking) {
      if (forTimer) return;
      // A frame arrived while the core wakes for a timer: the thread runs now, the callback first.
      this.nic.timers.stop(TimerId.WAKE);
      this.mainWaking = false;
      this.makeMainRunnable();
      return;
    }
    const coreIdle = this.core === null || this.core.curr === -1;
    if (forTimer && coreIdle && this.timerWakeNs > 0) {
      this.mainWaking = true;
      this.nic.timers.arm(TimerId.WAKE, this.timerWakeNs);
      return;
    }
    this.makeMainRunnable();
  }

  private makeMainRunnable(): void {
    this.mainRunnable = true;
    if (this.core === null) {
      this.mainGetsCore();
      return;
    }
    if (this.core.wake(HostThread.MAIN_LOOP, this.ctx.now)) this.switchedTo(HostThread.MAIN_LOOP);
    this.armTick();
  }

  /** The shared core's scheduler put `t` on the core (the other, if it runs, leaves it). */
  private switchedTo(t: HostThread): void {
    if (t === HostThread.MAIN_LOOP) {
      if (this.vcpuHasCore) {
        this.vcpuHasCore = false;
        this.vcpu?.offCore();
      }
      this.mainGetsCore();
    } else {
      if (this.mainHasCore) this.mainLosesCore();
      this.vcpuHasCore = true;
      this.vcpu?.onCore();
    }
  }

  private mainGetsCore(): void {
    this.mainHasCore = true;
    if (this.inFlightId >= 0 && this.doneAtNs < 0) {
      this.doneAtNs = this.ctx.now + this.remainingNs;
      this.ctx.schedule(this.doneAtNs, Ev.HOST_MAIN_DONE, ++this.generation);
      return;
    }
    this.runMain();
  }

  private mainLosesCore(): void {
    this.mainHasCore = false;
    if (this.doneAtNs >= 0) {
      this.remainingNs = this.doneAtNs - this.ctx.now;
      this.doneAtNs = -1;
      this.generation++;
    }
  }

  /** One main-loop iteration after another while the thread has the core and work. */
  private runMain(): void {
    if (this.inMainLoop) return;
    this.inMainLoop = true;
    try {
      while (this.mainHasCore && this.doneAtNs < 0) {
        if (this.callbackDue) {
          this.callbackDue = false;
          this.ctx.record(TraceKind.HOST_CALLBACK, 0, 0);
          this.nic.windowCallbackRan();
          continue;
        }
        if (this.socket.size === 0) {
          this.mainSleeps();
          break;
        }
        this.socket.shift();
        this.inFlightId = this.socket.lastId;
        this.inFlightBytes = this.socket.lastBytes;
        this.inFlightStamp = this.socket.lastStamp;
        if (this.frameNs <= 0) {
          this.deliverInFlight();
          continue;
        }
        this.mainBusyNs += this.frameNs;
        this.doneAtNs = this.ctx.now + this.frameNs;
        this.ctx.schedule(this.doneAtNs, Ev.HOST_MAIN_DONE, ++this.generation);
      }
    } finally {
      this.inMainLoop = false;
    }
    this.recordState();
  }

  private deliverInFlight(): void {
    const id = this.inFlightId;
    this.inFlightId = -1;
    this.framesDelivered++;
    this.nic.rxArrive(id, this.inFlightBytes, this.inFlightStamp);
  }

  private mainSleeps(): void {
    this.mainRunnable = false;
    this.mainHasCore = false;
    if (this.core !== null && this.core.block(HostThread.MAIN_LOOP, this.ctx.now) === HostThread.VCPU) {
      this.vcpuHasCore = true;
      this.vcpu?.onCore();
    }
  }

  private armTick(): void {
    const core = this.core;
    if (core === null || this.tickPending || !core.contended) return;
    this.tickPending = true;
    const tickNs = core.tunables.tickNs;
    this.ctx.schedule((Math.floor(this.ctx.now / tickNs) + 1) * tickNs, Ev.HOST_TICK, 0);
  }

  private recordState(): void {
    let bits = 0;
    if (this.mainHasCore && (this.doneAtNs >= 0 || this.callbackDue)) bits |= HostBits.MAIN_RUNNING;
    else if (this.mainRunnable && !this.mainHasCore) bits |= HostBits.MAIN_WAITING;
    if (this.mainWaking) bits |= HostBits.MAIN_WAKING;
    if (this.vcpuRunnable) bits |= this.vcpuHasCore ? HostBits.VCPU_RUNNING : HostBits.VCPU_WAITING;
    const waiting = this.waiting;
    if (bits === this.lastBits && waiting === this.lastWaiting) return;
    this.lastBits = bits;
    this.lastWaiting = waiting;
    this.ctx.record(TraceKind.HOST_STATE, bits, waiting);
  }
}
