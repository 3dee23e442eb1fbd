import { EventQueue } from './engine/eventQueue';
import { Ev, type SimContext } from './engine/events';
import { Nic } from './device/nic';
import { deviceModelDescriptor, deviceModelFactory } from './device/models';
import { COSTS, ZERO_COST, type CostProfile } from './guest/costs';
import { GuestRings } from './guest/guestRings';
import { Sender } from './guest/sender';
import { Vcpu, type GuestDriver } from './guest/vcpu';
import { createDriver, guestDriverDescriptor } from './guest/drivers';
import type { NetdevTxQueue } from './guest/kernel/netdevQueue';
import { createArrivals, type Arrivals } from './traffic/arrivals';
import { LatencyHistogram, interruptRatePerSec } from './metrics';
import { HostModel } from './host/hostModel';
import { hostModelApplies } from './host/applies';
import { TraceBuffer } from './traceBuffer';
import { BoundHistory } from './boundHistory';
import { causeNames } from './causes';
import { advanceApplying, hostAccessesOf } from './hostAccess';
import { REG_INDEX, type RegName } from './registers';
import { RDMTS_VALUES, type Scenario } from './scenario';
import { TIMER_COUNT, TimerId, TraceKind, type InterruptRecord, type Metrics, type RunResult, type ServerMetrics, type SimSnapshot } from './types';
import { NAPI_DEFAULTS, napiTraced, type Napi } from './guest/kernel/napi';
import { DEFAULT_LINUX_KERNEL } from './guest/drivers/linuxE1000';
import type { UdpServer } from './guest/apps/udpServer';
import type { DimTrace } from './guest/drivers/netDim';

export interface SimulationOptions {
  /** Trace records kept (ring buffer); 0 = no trace. Default 65536. */
  traceCapacity?: number;
  /**
   * Interrupt records kept (the newest); older ones are dropped so a long
   * run's memory stays bounded. The count in the metrics covers all of
   * them. Default: keep all (a headless run of at most durationUs).
   */
  maxInterruptRecords?: number;
  /**
   * The straightforward path, for differential tests: every event goes
   * through the heap, the next RX arrival and the end of the vCPU's
   * operation included. Results are identical either way. Default false.
   */
  queueEveryEvent?: boolean;
}

/** Where the next event waits: nowhere, the heap, or one of the two slots beside it. */
const enum Source {
  NONE = 0,
  HEAP = 1,
  RX = 2,
  VCPU = 3,
}

/** Linux's watchdog period (e1000_watchdog), used by InterruptThrottleRate=4. */
const WATCHDOG_NS = 2_000_000_000;
/** Independent random streams per traffic direction. */
const RX_STREAM = 1;
const TX_STREAM = 2;

/**
 * One simulation: the NIC, its device model, the guest (driver on a vCPU)
 * and the traffic, on a virtual clock of integer nanoseconds. Nothing here
 * reads a wall clock; the caller decides how far time advances.
 */
export class Simulation implements SimContext {
  readonly scenario: Scenario;
  readonly trace: TraceBuffer;
  /** When the interrupt-rate bound last changed and the first interrupt came, over the whole run (boundHistory.ts). */
  readonly boundHistory: BoundHistory;
  readonly nic: Nic;
  readonly rings: GuestRings;
  readonly vcpu: Vcpu;
  /** The host model (QEMU's main-loop thread and the vCPU thread), or null when the scenario has none. */
  readonly host: HostModel | null = null;
  private readonly queue = new EventQueue();
  private readonly latency = new LatencyHistogram();
  private readonly driver: GuestDriver;
  private readonly costs: CostProfile;
  private readonly rxArrivals: Arrivals;
  private readonly txArrivals: Arrivals;
  private records: InterruptRecord[] = [];
  /** Interrupt assertions since the start (records may keep only the newest). */
  private interruptCount = 0;
  private readonly maxInterruptRecords: number;
  private unreadRecords = 0;
  private rxFrameId = 0;
  private lastRxArrival = -Infinity;
  private clock = 0;
  /** Steps taken at the current instant (see stepsAtNow). */
  private doneAtNow = 0;
  /** Events dispatched so far (benchmarks). */
  eventsProcessed = 0;
  /**
   * The two most frequent events wait beside the heap, at most one of each:
   * the next RX arrival and the end of the vCPU's operation. Each keeps the
   * sequence number the heap would have given it, so events run in exactly
   * the order the heap alone gives, without a push and a pop each.
   * Empty: time and sequence Infinity.
   */
  private rxSlotNs = Infinity;
  private rxSlotSeq = Infinity;
  private vcpuSlotNs = Infinity;
  private vcpuSlotSeq = Infinity;
  private vcpuSlotArg = 0;
  private readonly queueEveryEvent: boolean;
  /** Time of the event nextSource() found. */
  private nextNs = Infinity;

  constructor(scenario: Scenario, options: SimulationOptions = {}) {
    this.scenario = scenario;
    this.trace = new TraceBuffer(options.traceCapacity ?? 65536);
    this.boundHistory = new BoundHistory(scenario);
    this.maxInterruptRecords = Math.max(1, options.maxInterruptRecords ?? Infinity);
    this.queueEveryEvent = options.queueEveryEvent ?? false;
    const d = scenario.device;
    const model = deviceModelDescriptor(d.model);
    this.nic = new Nic(
      this,
      {
        rxRing: d.rxRing,
        txRing: d.txRing,
        // QEMU models have no wire: they transmit inside the TDT write.
        linkGbps: model.hasWire ? d.linkGbps : 0,
        rxHold: model.rxHold,
        rdmts: RDMTS_VALUES.indexOf(d.rdmts),
        model: deviceModelFactory(d.model, d.params),
        // A host figure: it applies whatever the guest driver (the ideal driver's guest work is free, its host is not).
        timerWakeNs: COSTS[scenario.guest.costs].timerWakeNs,
        boundInput: (kind, a, b) => this.boundHistory.onRecord(this.clock, kind, a, b),
      },
      () => this.lineAsserted(),
    );
    this.costs = guestDriverDescriptor(scenario.guest.driver).hasCosts ? COSTS[scenario.guest.costs] : ZERO_COST;
    this.rings = new GuestRings(this, this.nic, this.latency);
    this.rxArrivals = createArrivals(scenario.traffic.rx, scenario.seed, RX_STREAM);
    this.txArrivals = createArrivals(scenario.traffic.tx, scenario.seed, TX_STREAM);

    // The driver and the vCPU refer to each other; the driver reaches the vCPU through these closures.
    let vcpu: Vcpu | undefined;
    const napiSettings = scenario.guest.napi ?? NAPI_DEFAULTS;
    this.driver = createDriver(scenario.guest.driver, {
      ctx: this,
      nic: this.nic,
      rings: this.rings,
      costs: this.costs,
      regs: d.regs,
      params: scenario.guest.params,
      kernel: scenario.guest.kernel ?? DEFAULT_LINUX_KERNEL,
      napi: napiSettings,
      traceNapi: napiTraced(scenario.guest),
      server: scenario.guest.server ?? null,
      makeSender: (cfg) => new Sender(this.rings, this.costs, this.txArrivals, cfg, d.txRing),
      raiseSoftirq: () => vcpu!.raiseSoftirq(),
      wakeApp: () => vcpu!.wakeApp(),
    });
    vcpu = new Vcpu(this, this.nic, this.costs, this.driver, (icr) => this.isrReadIcr(icr));
    this.vcpu = vcpu;

    // The host model applies where QEMU runs the device: a model with no wire, under a virtualized profile.
    const hostCosts = COSTS[scenario.guest.costs];
    if (scenario.host !== undefined && hostModelApplies(scenario)) {
      const nic = this.nic;
      const host = new HostModel(
        this,
        { rxArrive: (id, bytes, at) => nic.rxArrive(id, bytes, at), windowCallbackRan: () => nic.windowCallbackRan(), timers: nic.timers },
        scenario.host.placement,
        hostCosts.hostRxFrameNs,
        this.nic.model.windowIsQemuTimer ? hostCosts.timerWakeNs : 0,
      );
      host.vcpu = vcpu;
      vcpu.attachHost(host);
      if (nic.model.windowIsQemuTimer) nic.line.host = host;
      this.host = host;
    }

    this.scheduleNextRx();
    this.scheduleNextTx();
    if (this.driver.watchdog) this.schedule(WATCHDOG_NS, Ev.DRIVER_TIMER, 0);
    if (this.txArrivals.saturate) this.vcpu.kick();
  }

  // ---- SimContext ----
  get now(): number {
    return this.clock;
  }

  /** The guest kernel's TX queue (BQL and xmit_more; Linux 6.1 only), or null. */
  get txQueue(): NetdevTxQueue | null {
    return this.driver.txQueue ?? null;
  }

  get nowNs(): number {
    return this.clock;
  }

  /**
   * Steps taken at the current instant: events dispatched and host accesses
   * made since the clock reached nowNs. With nowNs it names the state
   * exactly (a Position, core/position.ts), even when many events share one
   * nanosecond.
   */
  get stepsAtNow(): number {
    return this.doneAtNow;
  }

  /** Interrupt assertions since the start. */
  get interruptsAsserted(): number {
    return this.interruptCount;
  }

  schedule(tNs: number, kind: number, arg: number): void {
    if (!this.queueEveryEvent) {
      if (kind === Ev.RX_ARRIVAL && this.rxSlotSeq === Infinity) {
        this.rxSlotNs = tNs;
        this.rxSlotSeq = this.queue.takeSeq();
        return;
      }
      if (kind === Ev.VCPU_DONE && this.vcpuSlotSeq === Infinity) {
        this.vcpuSlotNs = tNs;
        this.vcpuSlotSeq = this.queue.takeSeq();
        this.vcpuSlotArg = arg;
        return;
      }
    }
    this.queue.push(tNs, kind, arg);
  }

  record(kind: number, a: number, b: number): void {
    this.trace.push(this.clock, kind as never, a, b);
  }

  // ---- running ----
  nextEventNs(): number {
    return Math.min(this.queue.peekTime(), this.rxSlotNs, this.vcpuSlotNs);
  }

  /** Where the earliest pending event waits (by time, then sequence); its time is left in nextNs. */
  private nextSource(): Source {
    const q = this.queue;
    let src = q.size > 0 ? Source.HEAP : Source.NONE;
    let t = q.peekTime();
    let seq = q.peekSeq();
    if (this.rxSlotNs < t || (this.rxSlotNs === t && this.rxSlotSeq < seq)) {
      src = Source.RX;
      t = this.rxSlotNs;
      seq = this.rxSlotSeq;
    }
    if (this.vcpuSlotNs < t || (this.vcpuSlotNs === t && this.vcpuSlotSeq < seq)) {
      src = Source.VCPU;
      t = this.vcpuSlotNs;
    }
    this.nextNs = t;
    return src;
  }

  /** Process every event at or before tNs; the clock ends at tNs. */
  advanceTo(tNs: number): void {
    for (;;) {
      const src = this.nextSource();
      if (src === Source.NONE || this.nextNs > tNs) break;
      this.dispatch(src);
    }
    this.clockTo(tNs);
  }

  /** Process every event before tNs (none at tNs); the clock stays at the last one processed. */
  advanceBefore(tNs: number): void {
    for (;;) {
      const src = this.nextSource();
      if (src === Source.NONE || this.nextNs >= tNs) break;
      this.dispatch(src);
    }
  }

  /** Move the clock on to tNs (no step taken there yet); every event before tNs must be done. */
  clockTo(tNs: number): void {
    if (tNs <= this.clock) return;
    if (this.nextEventNs() < tNs) throw new Error(`clockTo(${tNs}): an event at ${this.nextEventNs()} ns is still pending`);
    this.clock = tNs;
    this.doneAtNow = 0;
  }

  /** Process the next event; false if there is none. */
  stepEvent(): boolean {
    const src = this.nextSource();
    if (src === Source.NONE) return false;
    this.dispatch(src);
    return true;
  }

  /** Run until the line next asserts (true) or the clock reaches limitNs (false). */
  stepToNextInterrupt(limitNs: number): boolean {
    const before = this.interruptCount;
    for (;;) {
      const src = this.nextSource();
      if (src === Source.NONE || this.nextNs > limitNs) break;
      this.dispatch(src);
      if (this.interruptCount > before) return true;
    }
    this.clockTo(limitNs);
    return false;
  }

  /** Run the event nextSource() found. */
  private dispatch(src: Source): void {
    if (this.nextNs !== this.clock) {
      this.clock = this.nextNs;
      this.doneAtNow = 0;
    }
    this.doneAtNow++;
    this.eventsProcessed++;
    if (src === Source.RX) {
      this.rxSlotNs = this.rxSlotSeq = Infinity;
      this.rxArrival();
      return;
    }
    if (src === Source.VCPU) {
      this.vcpuSlotNs = this.vcpuSlotSeq = Infinity;
      this.vcpu.opDone(this.vcpuSlotArg);
      return;
    }
    const q = this.queue;
    q.pop();
    switch (q.lastKind) {
      case Ev.RX_ARRIVAL:
        this.rxArrival();
        break;
      case Ev.TX_APP:
        this.rings.enqueue(this.txArrivals.bytes);
        this.vcpu.wakeApp();
        this.scheduleNextTx();
        break;
      case Ev.DEVICE_TIMER:
        this.nic.timerEvent(q.lastArg);
        break;
      case Ev.TX_WIRE_DONE:
        this.nic.wireDone(q.lastArg);
        break;
      case Ev.VCPU_DONE:
        this.vcpu.opDone(q.lastArg);
        break;
      case Ev.VCPU_KICK:
        this.vcpu.kick();
        break;
      case Ev.HOST_MAIN_DONE:
        this.host!.mainDone(q.lastArg);
        break;
      case Ev.HOST_TICK:
        this.host!.tick();
        break;
      case Ev.NAPI_TIMER:
        // The hrtimer's handler (napi_watchdog) runs at expiry; the vCPU pays for the timer interrupt.
        if (this.driver.napi!.isArmed(q.lastArg)) {
          this.vcpu.hrtimerInterrupt();
          this.driver.napi!.timerFired(q.lastArg);
        }
        break;
      case Ev.DRIVER_TIMER: {
        const itr = this.driver.watchdog?.();
        if (itr !== undefined && itr !== null) this.nic.mmioWrite('ITR', itr);
        this.schedule(this.clock + WATCHDOG_NS, Ev.DRIVER_TIMER, 0);
        break;
      }
    }
  }

  private rxArrival(): void {
    if (this.host !== null) this.host.frameArrived(this.rxFrameId++, this.rxArrivals.bytes);
    else this.nic.rxArrive(this.rxFrameId++, this.rxArrivals.bytes);
    this.scheduleNextRx();
  }

  /** The wire delivers frames no closer than one frame time apart. */
  private scheduleNextRx(): void {
    const t = this.rxArrivals.next();
    if (t === Infinity) return;
    const wire = this.nic.wireNs(this.rxArrivals.bytes);
    const at = Math.max(t, this.lastRxArrival + wire, this.clock);
    this.lastRxArrival = at;
    this.schedule(at, Ev.RX_ARRIVAL, 0);
  }

  private scheduleNextTx(): void {
    const t = this.txArrivals.next();
    if (t !== Infinity) this.schedule(Math.max(t, this.clock), Ev.TX_APP, 0);
  }

  private lineAsserted(): void {
    this.boundHistory.onRecord(this.clock, TraceKind.LINE_ASSERT, 0, 0);
    this.interruptCount++;
    if (this.records.length >= this.maxInterruptRecords) {
      // Drop the older half at once (amortised O(1)); unread records are the newest, so they stay.
      this.records = this.records.slice(this.records.length - Math.floor(this.maxInterruptRecords / 2));
      this.unreadRecords = Math.min(this.unreadRecords, this.records.length);
    }
    this.records.push({ tNs: this.clock, icr: 0, readNs: -1 });
    this.unreadRecords++;
    this.schedule(this.clock, Ev.VCPU_KICK, 0);
  }

  private isrReadIcr(icr: number): void {
    for (let i = this.records.length - this.unreadRecords; i < this.records.length; i++) {
      this.records[i].icr = icr;
      this.records[i].readNs = this.clock;
    }
    this.unreadRecords = 0;
  }

  // ---- host-side access (UI sliders, register console) ----
  /**
   * Write a register as the host would (sliders, the register console): no
   * guest cost, effects as for a guest write, and everything that follows
   * at this instant (e.g. the guest's ISR) runs before this returns.
   */
  writeRegister(name: RegName, value: number): void {
    this.hostAccess(name, value, false);
    this.advanceTo(this.clock);
  }

  /**
   * One host access as one step at the current instant: a write (which
   * kicks the vCPU, so the guest sees its effect) or a read (of ICR: clears
   * it). What follows at this instant runs as the events after it; returns
   * the value read, or the value written.
   */
  hostAccess(name: RegName, value: number, read: boolean): number {
    this.doneAtNow++;
    if (read) return this.nic.mmioRead(name);
    this.nic.mmioWrite(name, value);
    this.schedule(this.clock, Ev.VCPU_KICK, 0);
    return value;
  }

  readRegister(name: RegName): number {
    return this.nic.regs[REG_INDEX[name]];
  }

  /** The guest kernel's NAPI instance (mask-and-poll drivers), for checkers. */
  vcpuDriverNapi(): Napi | undefined {
    return this.driver.napi;
  }

  /** The server application, when the scenario has one, for checkers. */
  vcpuDriverServer(): UdpServer | undefined {
    return this.driver.server;
  }

  // ---- results ----
  /** The interrupt records kept (all of them unless maxInterruptRecords was set). */
  interrupts(): readonly InterruptRecord[] {
    return this.records;
  }

  /** The DIM driver's table and decisions so far, or null when the driver runs no DIM. */
  dimTrace(): DimTrace | null {
    return this.driver.dimTrace?.() ?? null;
  }

  snapshot(): SimSnapshot {
    const nic = this.nic;
    const timers = new Float64Array(2 * TIMER_COUNT);
    for (let i = 0; i < TIMER_COUNT; i++) {
      timers[2 * i] = nic.timers.startNs[i];
      timers[2 * i + 1] = nic.timers.expiresNs[i];
    }
    // The guest kernel's NAPI hrtimer (timers/kernelTimers.ts) runs in the driver's NAPI instance, not the NIC.
    const napi = this.driver.napi;
    if (napi !== undefined && napi.timerExpiresNs >= 0) {
      timers[2 * TimerId.NAPI] = napi.timerStartNs;
      timers[2 * TimerId.NAPI + 1] = napi.timerExpiresNs;
    }
    return {
      nowNs: this.clock,
      regs: nic.regs.slice(),
      line: nic.line.asserted,
      rxSlots: nic.rx.state.slice(),
      txSlots: nic.tx.state.slice(),
      timers,
      vcpuActivity: this.vcpu.activity,
      counters: {
        rxArrived: nic.counters.rxArrived,
        rxStored: nic.counters.rxStored,
        rxDropped: nic.counters.rxDropped,
        rxHeld: nic.counters.rxHeld,
        rxTaken: this.rings.rxTaken,
        txQueued: this.rings.txQueued,
        txAppDropped: this.rings.txAppDropped,
        txSent: nic.counters.txSent,
        txReclaimed: this.rings.txReclaimed,
        interrupts: this.interruptCount,
        exits: this.vcpu.exits,
        busyNs: this.busyNsSoFar(),
      },
      txBacklog: this.rings.backlog(),
      ...(this.driver.napi !== undefined ? { napi: this.driver.napi.state() } : {}),
    };
  }

  private busyNsSoFar(): number {
    return this.vcpu.busyNsAt(this.clock);
  }

  metrics(): Metrics {
    const seconds = this.clock / 1e9;
    const rxFrames = this.rings.rxTaken;
    const txFrames = this.nic.counters.txSent;
    const interrupts = this.interruptCount;
    const perSec = (n: number) => (seconds > 0 ? round(n / seconds, 2) : 0);
    return {
      rxFrames,
      rxDropped: this.nic.counters.rxDropped,
      txFrames,
      interrupts,
      interruptsPerSec: round(interruptRatePerSec(interrupts, this.clock), 2),
      framesPerInterrupt: interrupts > 0 ? round((rxFrames + txFrames) / interrupts, 3) : 0,
      latencyUs: {
        p50: this.latency.percentile(50) / 1000,
        p99: this.latency.percentile(99) / 1000,
        max: this.latency.max / 1000,
      },
      exits: this.vcpu.exits,
      guestCpuUtil: this.clock > 0 ? round(this.busyNsSoFar() / this.clock, 4) : 0,
      rxPps: perSec(rxFrames),
      txPps: perSec(txFrames),
      ...(this.host !== null
        ? { host: { mainLoopCpuUtil: this.clock > 0 ? round(this.host.mainBusyNsAt(this.clock) / this.clock, 4) : 0, framesDelivered: this.host.framesDelivered } }
        : {}),
      ...(this.driver.server !== undefined ? { server: serverMetrics(this.driver.server, seconds) } : {}),
    };
  }
}

/** The server application's figures (latency: request arrival at the NIC to the reply's TDT write). */
function serverMetrics(server: UdpServer, seconds: number): ServerMetrics {
  const h = server.stats.latency;
  const us = (ns: number) => round(ns / 1000, 3);
  return {
    requests: server.stats.requests,
    replies: server.stats.replies,
    socketDrops: server.socket.drops,
    repliesPerSec: seconds > 0 ? round(server.stats.replies / seconds, 2) : 0,
    latencyUs: { mean: h.count > 0 ? us(h.sum / h.count) : 0, p50: us(h.percentile(50)), p99: us(h.percentile(99)), p999: us(h.percentile(99.9)), max: us(h.max) },
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Run a scenario headless for its durationUs (replaying its register-console accesses) and return the contract's result. */
export function runScenario(scenario: Scenario, options: Omit<SimulationOptions, 'traceCapacity'> = {}): RunResult {
  const sim = new Simulation(scenario, { ...options, traceCapacity: 0 });
  advanceApplying(sim, hostAccessesOf(scenario), 0, Math.round(scenario.durationUs * 1000));
  return {
    scenario,
    interrupts: sim.interrupts().map((r) => ({ tUs: r.tNs / 1000, icr: r.icr, causes: causeNames(r.icr) })),
    metrics: sim.metrics(),
  };
}

export { TraceBuffer } from './traceBuffer';
