/**
 * What must hold whatever the scenario and whatever a hostile host writes:
 *
 * - no exception, and bounded work: each step (an advance, a register
 *   access) processes at most a fixed number of events and trace records
 *   plus a number proportional to the virtual time it covers, so a loop
 *   that makes no progress is reported, not hung on;
 * - pointers in range: RDH, RDT < RX ring size and TDH, TDT < TX ring size
 *   (0 for an empty ring), and the slot arrays match the ring sizes;
 * - frames conserved: every frame that arrived was stored or dropped, and
 *   the guest never takes more than was stored nor reclaims more than was
 *   sent (with no host interference, the exact balances of the property
 *   tests: arrived = taken + dropped + waiting, queued = sent + in ring +
 *   backlog + at most one in preparation);
 * - ITR spacing (8254x): consecutive interrupt assertions are at least the
 *   smallest ITR in force between them x 256 ns apart;
 * - no timer early or late: a timer fires exactly at the expiry of its last
 *   start or restart, and no running timer is past its expiry;
 * - the line follows ICR & IMS (never up with nothing pending; with
 *   something pending, up unless the model's window holds it back).
 *
 * The checker reads the trace after every event, so the trace buffer must
 * be larger than what one event may write (FUZZ_TRACE_CAPACITY).
 */
import { Ev } from '../core/engine/events';
import { ITR_UNIT_NS, REG_INDEX, type RegName } from '../core/registers';
import type { Simulation } from '../core/simulation';
import { SlotState, TIMER_COUNT, TimerId, TraceKind } from '../core/types';
import { deviceModelDescriptor } from '../core/device/models';
import { IMS_ENABLE_MASK } from '../core/causes';

const R = REG_INDEX;

/** Events and records one step may take regardless of its length... */
export const STEP_EVENT_BASE = 200_000;
/**
 * ...plus this many per ns of virtual time it covers. The busiest legitimate
 * run, 64-byte frames saturating a 100 Gb/s link with a zero-cost guest,
 * sends a frame every 6.72 ns and writes about 5 records per frame.
 */
export const STEP_EVENTS_PER_NS = 2;
/**
 * Trace capacity the checker needs: more than one event or one register
 * write can record (a TDT write with no link limit sends up to a whole
 * ring, 65,536 descriptors, at once). The trace is read after every event.
 */
export const FUZZ_TRACE_CAPACITY = 1 << 18;

export class InvariantError extends Error {
  override name = 'InvariantError';
}

function fail(message: string): never {
  throw new InvariantError(message);
}

function count(states: Uint8Array, s: number): number {
  let n = 0;
  for (let i = 0; i < states.length; i++) if (states[i] === s) n++;
  return n;
}

export class InvariantChecker {
  /** Trace records checked so far. */
  private seen: number;
  private readonly expiry: (number | null)[] = new Array(TIMER_COUNT).fill(null);
  /** ITR in force now, and the smallest since the last assertion. */
  private itr: number;
  private minItrSinceAssert: number;
  private lastAssertNs = -Infinity;
  private txDescs = 0;
  /** The host touched the device: only the balances that survive ring resets and foreign tails are checked. */
  hostile = false;
  steps = 0;

  constructor(private readonly sim: Simulation) {
    if (sim.trace.capacity < FUZZ_TRACE_CAPACITY) fail(`the checker needs a trace of ${FUZZ_TRACE_CAPACITY} records`);
    this.seen = sim.trace.oldest;
    this.itr = sim.nic.regs[R.ITR] & 0xffff;
    this.minItrSinceAssert = this.itr;
    this.check('start');
  }

  /** Advance by dtNs event by event, bounded, checking everything after each event. */
  advance(dtNs: number, where: string): void {
    const sim = this.sim;
    const target = sim.nowNs + dtNs;
    this.stepWhile(() => sim.nextEventNs() <= target, dtNs, where);
    sim.advanceTo(target);
    if (sim.nowNs !== target) fail(`${where}: the clock is at ${sim.nowNs} ns after advancing to ${target} ns`);
    this.check(where);
  }

  /** Process up to n events. */
  step(n: number, where: string): void {
    let left = n;
    this.stepWhile(() => left-- > 0 && this.sim.nextEventNs() < Infinity, 0, where);
    this.check(where);
  }

  /** A host register write as the app makes it (Simulation.writeRegister), but bounded. */
  write(reg: RegName, value: number, where: string): void {
    this.hostile = true;
    const sim = this.sim;
    sim.nic.mmioWrite(reg, value);
    sim.schedule(sim.nowNs, Ev.VCPU_KICK, 0);
    this.finishInstant(where);
  }

  /** A host register read as the register console makes it (a read of ICR clears it). */
  read(reg: RegName, where: string): number {
    if (reg === 'ICR') this.hostile = true;
    const v = this.sim.nic.mmioRead(reg);
    this.finishInstant(where);
    return v;
  }

  private finishInstant(where: string): void {
    const now = this.sim.nowNs;
    this.stepWhile(() => this.sim.nextEventNs() <= now, 0, where);
    this.check(where);
  }

  private stepWhile(more: () => boolean, dtNs: number, where: string): void {
    const sim = this.sim;
    const cap = STEP_EVENT_BASE + Math.ceil(dtNs * STEP_EVENTS_PER_NS);
    const from = sim.nowNs;
    const work0 = sim.trace.total;
    let events = 0;
    while (more()) {
      sim.stepEvent();
      events++;
      this.checkState(where, false);
      this.checkTrace(where);
      const work = sim.trace.total - work0;
      if (events > cap || work > cap) {
        fail(`${where}: unbounded work: ${events} events and ${work} trace records for ${dtNs} ns from ${from} ns (now ${sim.nowNs} ns; cap ${cap})`);
      }
    }
  }

  /** Everything: the state now and the trace written since the last check. */
  check(where: string): void {
    this.steps++;
    this.checkState(where, true);
    this.checkTrace(where);
  }

  /** `full`: also the balances that count ring slots (O(ring size), so once per step rather than per event). */
  private checkState(where: string, full: boolean): void {
    const sim = this.sim;
    const { nic, rings } = sim;
    const regs = nic.regs;
    const rx = nic.rx.size;
    const tx = nic.tx.size;
    const inRange = (p: number, size: number) => (size === 0 ? p === 0 : p < size);
    if (!inRange(regs[R.RDH], rx) || !inRange(regs[R.RDT], rx) || !inRange(regs[R.TDH], tx) || !inRange(regs[R.TDT], tx)) {
      fail(`${where}: pointer out of range at ${sim.nowNs} ns: RDH ${regs[R.RDH]} RDT ${regs[R.RDT]} (RX ring ${rx}), TDH ${regs[R.TDH]} TDT ${regs[R.TDT]} (TX ring ${tx})`);
    }
    if (nic.rx.state.length !== rx || nic.tx.state.length !== tx) fail(`${where}: slot arrays (${nic.rx.state.length}, ${nic.tx.state.length}) do not match the rings (${rx}, ${tx})`);

    // Frames.
    const c = nic.counters;
    if (c.rxArrived !== c.rxStored + c.rxDropped + c.rxHeld) {
      fail(`${where}: RX frames arrived ${c.rxArrived} != stored ${c.rxStored} + dropped ${c.rxDropped} + held ${c.rxHeld}`);
    }
    if (rings.rxTaken > c.rxStored) fail(`${where}: the guest took ${rings.rxTaken} RX frames but only ${c.rxStored} were stored`);
    if (rings.txReclaimed > c.txSent) fail(`${where}: the guest reclaimed ${rings.txReclaimed} TX descriptors but only ${c.txSent} were sent`);
    if (full && !this.hostile) {
      const rxDone = count(nic.rx.state, SlotState.DONE);
      if (c.rxArrived !== rings.rxTaken + c.rxDropped + rxDone + c.rxHeld) {
        fail(`${where}: RX frames arrived ${c.rxArrived} != taken ${rings.rxTaken} + dropped ${c.rxDropped} + waiting ${rxDone} + held ${c.rxHeld}`);
      }
      let hwFrames = 0;
      for (let i = 0; i < nic.tx.size; i++) if (nic.tx.state[i] === SlotState.HW && !nic.tx.context[i]) hwFrames++;
      // Frames written to the ring behind a TDT that xmit_more deferred (Linux 6.1 bulk): not yet the hardware's.
      let unpublished = 0;
      for (let i = nic.reg('TDT'), guard = nic.tx.size; i !== rings.txNextToUse && guard > 0; i = nic.tx.next(i), guard--) if (!nic.tx.context[i]) unpublished++;
      const inFlight = rings.txQueued - c.txSent - hwFrames - unpublished - rings.backlog();
      if (inFlight < 0 || inFlight > 1) fail(`${where}: TX frames queued ${rings.txQueued} do not balance (sent ${c.txSent}, in ring, backlog ${rings.backlog()}): ${inFlight} unaccounted`);
      const g = rings;
      if (!(g.rxNextToClean < Math.max(rx, 1) && g.rxNextToUse < Math.max(rx, 1) && g.txNextToClean < Math.max(tx, 1) && g.txNextToUse < Math.max(tx, 1))) {
        fail(`${where}: guest ring index out of range: RX ${g.rxNextToClean}/${g.rxNextToUse} of ${rx}, TX ${g.txNextToClean}/${g.txNextToUse} of ${tx}`);
      }
    }

    // Timers are never late.
    const now = sim.nowNs;
    for (let id = 0; id < TIMER_COUNT; id++) {
      const exp = nic.timers.expiresNs[id];
      if (exp >= 0 && exp < now) fail(`${where}: timer ${id} is late: due at ${exp} ns, still running at ${now} ns`);
    }

    // The line follows ICR & IMS.
    const pending = (regs[R.ICR] & regs[R.IMS]) >>> 0;
    if (nic.line.asserted && pending === 0) fail(`${where}: line asserted with ICR & IMS = 0 at ${now} ns`);
    if (!nic.line.asserted && pending !== 0 && !nic.line.windowOpen()) {
      fail(`${where}: ICR & IMS = 0x${pending.toString(16)} but the line is low and no window runs at ${now} ns`);
    }

    for (const [k, v] of Object.entries(c)) if (!Number.isFinite(v)) fail(`${where}: counter ${k} = ${v}`);
    this.checkNapi(where);
  }

  /**
   * The guest kernel's NAPI (guest/kernel/napi.ts): at most one poll at a
   * time (softirq or busy poll; a poll that completed may still be writing
   * IMS after it released SCHED); IN_BUSY_POLL and MISSED only
   * with SCHED; the hrtimer never late; a mask nobody will lift is a lost
   * interrupt: with NAPI idle (no SCHED, no timer, no poll), the vCPU idle
   * and no host interference, IMS must be enabled. The server loses no
   * request: every frame the guest took reached its socket or was counted
   * as a socket drop; it never replies more than it was asked.
   */
  private checkNapi(where: string): void {
    const sim = this.sim;
    const napi = sim.vcpuDriverNapi();
    if (napi === undefined) return;
    const s = napi.state();
    const now = sim.nowNs;
    if (s.pollsRunning < 0 || s.pollsRunning > 1) fail(`${where}: ${s.pollsRunning} NAPI polls run at once at ${now} ns`);
    if (s.inBusyPoll && !s.sched) fail(`${where}: IN_BUSY_POLL without SCHED at ${now} ns`);
    if (s.missed && !s.sched) fail(`${where}: MISSED without SCHED at ${now} ns`);
    if (s.timerExpiresNs >= 0 && s.timerExpiresNs < now) fail(`${where}: the NAPI hrtimer is late: due at ${s.timerExpiresNs} ns, still armed at ${now} ns`);
    if (!this.hostile && sim.host === null && !sim.vcpu.busy && !s.sched && s.timerExpiresNs < 0 && s.pollsRunning === 0 && sim.nextEventNs() > now) {
      if ((sim.nic.regs[R.IMS] & IMS_ENABLE_MASK) !== IMS_ENABLE_MASK) {
        fail(`${where}: interrupts left masked (IMS 0x${sim.nic.regs[R.IMS].toString(16)}) with NAPI idle, no hrtimer and the vCPU idle at ${now} ns: nobody will unmask`);
      }
    }
    const server = sim.vcpuDriverServer();
    if (server !== undefined && !this.hostile) {
      const sock = server.socket;
      if (sock.delivered + sock.drops !== sim.rings.rxTaken) fail(`${where}: the guest took ${sim.rings.rxTaken} frames but its server's socket got ${sock.delivered} and dropped ${sock.drops}`);
      if (server.stats.requests !== sock.delivered - sock.size) fail(`${where}: the server read ${server.stats.requests} requests, its socket delivered ${sock.delivered} and holds ${sock.size}`);
      if (server.stats.replies > server.stats.requests) fail(`${where}: ${server.stats.replies} replies to ${server.stats.requests} requests`);
    }
  }

  private checkTrace(where: string): void {
    const t = this.sim.trace;
    if (this.seen < t.oldest) fail(`${where}: the trace overwrote ${t.oldest - this.seen} records before they were checked`);
    // A model that runs the ITR window keeps assertions at least ITR apart.
    const itrModel = deviceModelDescriptor(this.sim.scenario.device.model).timers.includes(TimerId.ITR);
    for (; this.seen < t.total; this.seen++) {
      const r = t.get(this.seen);
      switch (r.kind) {
        case TraceKind.TIMER_START:
          if (this.expiry[r.a] !== null) fail(`${where}: timer ${r.a} started at ${r.tNs} ns while running`);
          if (r.b < r.tNs) fail(`${where}: timer ${r.a} started at ${r.tNs} ns to expire in the past (${r.b} ns)`);
          this.expiry[r.a] = r.b;
          break;
        case TraceKind.TIMER_RESTART:
          if (this.expiry[r.a] === null) fail(`${where}: timer ${r.a} restarted at ${r.tNs} ns while stopped`);
          if (r.b < r.tNs) fail(`${where}: timer ${r.a} restarted at ${r.tNs} ns to expire in the past (${r.b} ns)`);
          this.expiry[r.a] = r.b;
          break;
        case TraceKind.TIMER_STOP:
          this.expiry[r.a] = null;
          break;
        case TraceKind.TIMER_FIRE: {
          const due = this.expiry[r.a];
          if (due === null) fail(`${where}: timer ${r.a} fired at ${r.tNs} ns without running`);
          if (r.tNs < due) fail(`${where}: timer ${r.a} fired early at ${r.tNs} ns, due at ${due} ns`);
          if (r.tNs > due) fail(`${where}: timer ${r.a} fired late at ${r.tNs} ns, due at ${due} ns`);
          this.expiry[r.a] = null;
          break;
        }
        case TraceKind.MMIO_WRITE:
          if (r.a === R.ITR) {
            this.itr = r.b & 0xffff;
            this.minItrSinceAssert = Math.min(this.minItrSinceAssert, this.itr);
          }
          break;
        case TraceKind.TX_DESC:
          this.txDescs++;
          break;
        case TraceKind.LINE_ASSERT:
          if (itrModel && r.tNs - this.lastAssertNs < this.minItrSinceAssert * ITR_UNIT_NS) {
            fail(
              `${where}: interrupt assertions at ${this.lastAssertNs} and ${r.tNs} ns are ${r.tNs - this.lastAssertNs} ns apart; ` +
                `ITR (at least ${this.minItrSinceAssert} since the first) needs ${this.minItrSinceAssert * ITR_UNIT_NS} ns`,
            );
          }
          this.lastAssertNs = r.tNs;
          this.minItrSinceAssert = this.itr;
          break;
      }
    }
    if (!this.hostile) {
      const hw = count(this.sim.nic.tx.state, SlotState.HW);
      // Written but not yet handed over: a Linux 6.1 bulk with xmit_more defers TDT to its last packet.
      const unpublished = this.sim.nic.tx.distance(this.sim.nic.reg('TDT'), this.sim.rings.txNextToUse);
      if (this.txDescs !== this.sim.nic.counters.txDescs + hw + unpublished) {
        fail(`${where}: TX descriptors written ${this.txDescs} != processed ${this.sim.nic.counters.txDescs} + owned by hardware ${hw} + not yet handed over ${unpublished}`);
      }
    }
  }
}
