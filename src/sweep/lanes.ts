/**
 * Comparison lanes: run a scenario for its duration and keep the instants a
 * comparison timeline draws (interrupts, RX arrivals, drops and deliveries,
 * TX frames sent, guest vCPU busy spans) as typed arrays, and the request /
 * reply a lab worker answers with them. Pure: it runs in a Web Worker
 * (worker/sweep.worker.ts) and in tests alike.
 */
import { err, ok, type Result } from '../base/result';
import { Simulation } from '../core/simulation';
import { TraceKind } from '../core/types';
import { runMetrics, type SweepMetrics } from './sweep';
import type { Scenario } from '../core/scenario';

/** Most instants of one kind a lane keeps (the run goes on for the metrics). */
export const MAX_LANE_EVENTS = 400_000;
/** Trace records between drains; the trace buffer holds twice this. */
const DRAIN_EVERY = 1 << 15;

/** Everything a comparison lane draws for one configuration. */
export interface LaneData {
  durationNs: number;
  metrics: SweepMetrics;
  /** Interrupt assertions, ns. */
  irqNs: Float64Array;
  /** ICR the guest's ISR read for each assertion (0 = not ours). */
  irqIcr: Uint32Array;
  /** Frames arriving from the wire, ns. */
  rxArriveNs: Float64Array;
  /** Frames dropped (RX ring full), ns. */
  rxDropNs: Float64Array;
  /** Frames the guest took from the RX ring, ns. */
  rxTakenNs: Float64Array;
  /** Frames sent on the wire, ns. */
  txDoneNs: Float64Array;
  /** Guest vCPU busy spans, [start, end] pairs in ns, adjacent spans merged. */
  cpuBusyNs: Float64Array;
  /** Some kind had more than MAX_LANE_EVENTS instants: the lane shows the first ones only. */
  truncated: boolean;
}

export interface LaneRequest {
  kind: 'lanes';
  id: number;
  scenario: Scenario;
}

export type LaneReply = { kind: 'lanes'; id: number } & Result<LaneData>;

/** A growable Float64Array with a cap. */
class Instants {
  private data = new Float64Array(1024);
  length = 0;
  full = false;

  constructor(private readonly cap: number) {}

  push(x: number): void {
    if (this.length >= this.cap) {
      this.full = true;
      return;
    }
    if (this.length === this.data.length) {
      const bigger = new Float64Array(Math.min(this.cap, this.data.length * 2));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }

  get last(): number {
    return this.length > 0 ? this.data[this.length - 1] : -Infinity;
  }

  set last(x: number) {
    if (this.length > 0) this.data[this.length - 1] = x;
  }

  result(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** Runs a scenario for its duration and keeps the instants a comparison lane draws. */
export function captureLanes(scenario: Scenario, maxEvents = MAX_LANE_EVENTS): LaneData {
  const sim = new Simulation(scenario, { traceCapacity: DRAIN_EVERY * 2 });
  const endNs = Math.round(scenario.durationUs * 1000);
  const rxArrive = new Instants(maxEvents);
  const rxDrop = new Instants(maxEvents);
  const rxTaken = new Instants(maxEvents);
  const txDone = new Instants(maxEvents);
  const cpu = new Instants(maxEvents * 2);
  let seq = 0;
  let truncated = false;

  const drain = () => {
    const c = sim.trace.copySince(seq);
    if (c.first > seq) truncated = true; // cannot happen with DRAIN_EVERY, but say so if it does
    for (let k = 0; k < c.tNs.length; k++) {
      const t = c.tNs[k];
      switch (c.kind[k]) {
        case TraceKind.RX_ARRIVE:
          rxArrive.push(t);
          break;
        case TraceKind.RX_DROP:
          rxDrop.push(t);
          break;
        case TraceKind.RX_TAKEN:
          rxTaken.push(t);
          break;
        case TraceKind.TX_DONE:
          txDone.push(t);
          break;
        case TraceKind.VCPU_BUSY: {
          const end = t + c.b[k];
          if (cpu.length > 0 && t <= cpu.last) cpu.last = Math.max(cpu.last, end);
          else {
            cpu.push(t);
            cpu.push(end);
          }
          break;
        }
      }
    }
    seq = c.first + c.tNs.length;
    if (rxArrive.full || rxDrop.full || rxTaken.full || txDone.full || cpu.full) {
      truncated = true;
      sim.trace.enabled = false; // keep running for the metrics, stop recording
    }
  };

  while (sim.trace.enabled && sim.nextEventNs() <= endNs) {
    sim.stepEvent();
    if (sim.trace.total - seq >= DRAIN_EVERY) drain();
  }
  if (sim.trace.enabled) drain();
  sim.advanceTo(endNs);

  const records = sim.interrupts();
  const n = Math.min(records.length, maxEvents);
  if (records.length > n) truncated = true;
  const irqNs = new Float64Array(n);
  const irqIcr = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    irqNs[i] = records[i].tNs;
    irqIcr[i] = records[i].icr >>> 0;
  }
  return {
    durationNs: endNs,
    metrics: runMetrics(sim),
    irqNs,
    irqIcr,
    rxArriveNs: rxArrive.result(),
    rxDropNs: rxDrop.result(),
    rxTakenNs: rxTaken.result(),
    txDoneNs: txDone.result(),
    cpuBusyNs: cpu.result(),
    truncated,
  };
}

/** The typed arrays of a lane, to transfer instead of copying. */
export function laneTransferables(lane: LaneData): ArrayBuffer[] {
  return [lane.irqNs, lane.irqIcr, lane.rxArriveNs, lane.rxDropNs, lane.rxTakenNs, lane.txDoneNs, lane.cpuBusyNs].map((a) => a.buffer as ArrayBuffer);
}

export function isLaneRequest(message: unknown): message is LaneRequest {
  return typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'lanes';
}

/** What the worker does with a lanes request; never throws. */
export function handleLaneRequest(request: LaneRequest): LaneReply {
  try {
    return { kind: 'lanes', id: request.id, ...ok(captureLanes(request.scenario)) };
  } catch (error) {
    return { kind: 'lanes', id: request.id, ...err(error instanceof Error ? error.message : String(error)) };
  }
}

