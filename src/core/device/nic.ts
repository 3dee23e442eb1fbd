import { Ev, type SimContext } from '../engine/events';
import { REG_INDEX, RDTR_FPD, DESCRIPTOR_BYTES, type RegName, REGISTERS, RDMTS_SHIFT } from '../registers';
import { RXO, TXD_CMD_EOP, TXD_CMD_RS } from '../causes';
import { SlotState, TraceKind } from '../types';
import { DescriptorRing } from './rings';
import { FrameFifo } from '../frameFifo';
import { DelayTimers } from './delayTimers';
import { InterruptLine } from './interruptLine';
import type { DeviceModel, DeviceModelFactory, DevicePort, RxHoldRule } from './deviceModel';
import { DEVICE_PARAM_SPECS } from './models';

const R = REG_INDEX;
/** Each register's writable bits, by index (a typed-array read instead of a lookup by name on every write). */
const MASK = Uint32Array.from(REGISTERS, (r) => r.mask);

/** Largest ring the register file accepts (RDLEN bits 19:7 -> 65536 descriptors). */
export const MAX_RING = 65536;

export interface NicCounters {
  rxArrived: number;
  rxStored: number;
  rxDropped: number;
  /** Frames waiting now for a free RX descriptor (packet buffer or QEMU's queue). */
  rxHeld: number;
  /** Frames sent (data descriptors with EOP). */
  txSent: number;
  /** TX descriptors processed, context descriptors included. */
  txDescs: number;
}

/**
 * The Intel 8254x as the guest sees it: MMIO registers, the RX and TX
 * descriptor rings, the wire, ICR and the interrupt line. When causes enter
 * ICR and how the line is paced is the device model's business.
 */
export class Nic implements DevicePort {
  readonly regs = new Uint32Array(REGISTERS.length);
  readonly rx: DescriptorRing;
  readonly tx: DescriptorRing;
  readonly timers: DelayTimers;
  readonly line: InterruptLine;
  readonly model: DeviceModel;
  readonly counters: NicCounters = { rxArrived: 0, rxStored: 0, rxDropped: 0, rxHeld: 0, txSent: 0, txDescs: 0 };
  /** Wire time per byte in ns (8 at 1 Gb/s); 0 = no wire (QEMU models get a link of 0, see Simulation). */
  readonly nsPerByte: number;
  private readonly rxHold: RxHoldRule;
  private readonly boundInput: ((kind: number, a: number, b: number) => void) | undefined;
  /** Frames waiting for a free RX descriptor, oldest first: id, bytes, arrival ns. */
  private readonly held = new FrameFifo();
  private heldTotalBytes = 0;
  /** A frame is on the TX wire. */
  private txOnWire = false;
  /** Bumped when the TX ring is reset, so a wire-done event of an abandoned frame is ignored. */
  private wireGeneration = 0;
  /** Frames sent synchronously inside the current MMIO write (QEMU-style TX). */
  private syncTxFrames = 0;

  constructor(
    private readonly ctx: SimContext,
    opts: {
      rxRing: number;
      txRing: number;
      linkGbps: number;
      rdmts: number;
      model: DeviceModelFactory;
      /** Where a received frame waits while no RX descriptor is free (the model's descriptor says). */
      rxHold: RxHoldRule;
      /** How late a QEMU timer's callback runs after its deadline (host main-loop wake-up), ns. */
      timerWakeNs: number;
      /**
       * Told of the writes the interrupt-rate bound may depend on, as their trace records (MMIO_WRITE of a register
       * the switch below stores without a rule of its own, RDTR, DEVICE_PARAM): core/boundHistory.ts. Called here,
       * not from every trace record, so the ring-pointer writes of every frame pay nothing for it.
       */
      boundInput?: (kind: number, a: number, b: number) => void;
    },
    onLineAssert: () => void,
  ) {
    this.rx = new DescriptorRing(opts.rxRing);
    this.tx = new DescriptorRing(opts.txRing);
    this.regs[R.RDLEN] = opts.rxRing * DESCRIPTOR_BYTES;
    this.regs[R.TDLEN] = opts.txRing * DESCRIPTOR_BYTES;
    this.regs[R.RCTL] = (opts.rdmts & 3) << RDMTS_SHIFT;
    this.regs[R.STATUS] = 0x80083; // FD | LU | speed 1000 | ...: link up, full duplex
    this.timers = new DelayTimers(ctx);
    this.model = opts.model(this);
    this.rxHold = opts.rxHold;
    this.boundInput = opts.boundInput;
    this.nsPerByte = opts.linkGbps > 0 ? 8 / opts.linkGbps : 0;
    const wakeNs = this.model.windowIsQemuTimer ? opts.timerWakeNs : 0;
    this.line = new InterruptLine(ctx, this.timers, this.model.windowTimer, (p) => this.model.windowNs(p), wakeNs, onLineAssert);
    const windowEnded = this.model.windowEnded;
    if (windowEnded) this.line.onWindowEnd = () => windowEnded.call(this.model);
  }

  reg(name: RegName): number {
    return this.regs[R[name]];
  }

  regAt(index: number): number {
    return this.regs[index];
  }

  now(): number {
    return this.ctx.now;
  }

  /**
   * A driver reprograms a device setting at run time (`device.params` key): recorded in
   * the trace (DEVICE_PARAM) and handed to the model, which re-evaluates at once.
   */
  setDeviceParam(key: string, value: number): void {
    const spec = DEVICE_PARAM_SPECS.findIndex((p) => p.key === key);
    this.ctx.record(TraceKind.DEVICE_PARAM, spec, value);
    this.boundInput?.(TraceKind.DEVICE_PARAM, spec, value);
    this.model.setParam?.(key, value);
  }

  txPending(): number {
    return this.tx.distance(this.regs[R.TDH], this.regs[R.TDT]);
  }

  txRingSize(): number {
    return this.tx.size;
  }

  /** Wire time of one frame: its bytes plus 20 (preamble, SFD, inter-frame gap). */
  wireNs(bytes: number): number {
    return Math.round((bytes + 20) * this.nsPerByte);
  }

  // ---- ICR and the line -------------------------------------------------

  /** Latch cause bits in ICR (masked or not) and re-evaluate the line. */
  setCause(bits: number): void {
    const before = this.regs[R.ICR];
    const after = (before | bits) >>> 0;
    if (after !== before) {
      this.regs[R.ICR] = after;
      this.ctx.record(TraceKind.CAUSE_SET, (bits & ~before) >>> 0, after);
    }
    this.updateLine();
  }

  updateLine(): void {
    this.line.update((this.regs[R.ICR] & this.regs[R.IMS]) >>> 0);
  }

  /** A device timer event popped. */
  timerEvent(arg: number): void {
    const id = this.timers.expire(arg);
    if (id === -1) return;
    if (!this.line.timerFired(id, (this.regs[R.ICR] & this.regs[R.IMS]) >>> 0)) this.model.timerFired(id);
  }

  /** Host model: QEMU's main loop ran the window timer's callback; the window is over. */
  windowCallbackRan(): void {
    this.line.callbackRan((this.regs[R.ICR] & this.regs[R.IMS]) >>> 0);
  }

  // ---- MMIO ---------------------------------------------------------------

  /** A guest read of a register. Reading ICR returns the causes and clears them all. */
  mmioRead(name: RegName): number {
    const i = R[name];
    if (name === 'ICR') {
      const v = this.regs[i];
      this.regs[i] = 0;
      this.ctx.record(TraceKind.ICR_READ, v, 0);
      this.updateLine();
      return v;
    }
    const v = this.regs[i];
    this.ctx.record(TraceKind.MMIO_READ, i, v);
    return v;
  }

  /**
   * A guest write of a register. Returns how many frames the device sent
   * synchronously inside this write (QEMU-style TX with no link rate), which
   * the vCPU pays for as backend work inside the exit.
   */
  mmioWrite(name: RegName, value: number): number {
    const i = R[name];
    const v = (value & MASK[i]) >>> 0;
    this.ctx.record(TraceKind.MMIO_WRITE, i, value >>> 0);
    this.syncTxFrames = 0;
    switch (name) {
      case 'ICR': // write 1s to clear
        this.regs[i] = (this.regs[i] & ~value) >>> 0;
        this.updateLine();
        break;
      case 'ICS':
        this.setCause(value >>> 0);
        break;
      case 'IMS':
        this.regs[R.IMS] = (this.regs[R.IMS] | value) >>> 0;
        this.updateLine();
        break;
      case 'IMC':
        this.regs[R.IMS] = (this.regs[R.IMS] & ~value) >>> 0;
        this.updateLine();
        break;
      case 'RDTR':
        this.boundInput?.(TraceKind.MMIO_WRITE, i, value >>> 0);
        this.regs[i] = v & 0xffff; // FPD is not stored: it acts once
        if (value & RDTR_FPD) this.model.rxFlush();
        break;
      case 'RDLEN':
        this.regs[i] = v;
        this.rx.resize(Math.min(MAX_RING, v / DESCRIPTOR_BYTES));
        this.regs[R.RDH] = 0;
        this.regs[R.RDT] = 0;
        break;
      case 'TDLEN':
        this.regs[i] = v;
        this.tx.resize(Math.min(MAX_RING, v / DESCRIPTOR_BYTES));
        this.regs[R.TDH] = 0;
        this.regs[R.TDT] = 0;
        this.txOnWire = false;
        this.wireGeneration++;
        break;
      case 'RDH':
      case 'TDH':
        if (v < (name === 'RDH' ? this.rx.size : this.tx.size)) this.regs[i] = v; // beyond the ring: ignored
        break;
      case 'RDT':
        if (v < this.rx.size) {
          this.giveToHardware(this.rx, R.RDT, v);
          this.storeHeld();
        }
        break;
      case 'TDT':
        if (v < this.tx.size) {
          this.giveToHardware(this.tx, R.TDT, v);
          this.model.tdtWritten();
        }
        break;
      case 'STATUS':
      case 'MPC':
        break; // read-only
      default:
        this.boundInput?.(TraceKind.MMIO_WRITE, i, value >>> 0);
        this.regs[i] = v;
        this.model.regWritten?.(i, v);
    }
    return this.syncTxFrames;
  }

  /** Software moved a tail forward: the slots it passed now belong to the hardware. */
  private giveToHardware(ring: DescriptorRing, tailReg: number, newTail: number): void {
    let s = this.regs[tailReg];
    // The tail is stored before the loop (the loop does not read it): the first call walks
    // the whole ring, V8 compiles that loop on stack (OSR), and a store it has not yet seen
    // after the loop made the cached OSR code deoptimise on every later call.
    this.regs[tailReg] = newTail;
    const state = ring.state;
    for (let guard = ring.size; s !== newTail && guard > 0; guard--) {
      if (state[s] === SlotState.GUEST) state[s] = SlotState.HW;
      s = ring.next(s);
    }
  }

  // ---- RX -----------------------------------------------------------------

  /** A frame fully arrived from the wire (or QEMU's backend) now. */
  rxArrive(frameId: number, bytes: number, arrivalNs: number = this.ctx.now): void {
    this.counters.rxArrived++;
    this.ctx.record(TraceKind.RX_ARRIVE, frameId, bytes);
    if (this.counters.rxHeld === 0 && this.rxFree() > 0) {
      this.store(frameId, bytes, arrivalNs);
      return;
    }
    const hold = this.rxHold;
    if (this.counters.rxHeld < hold.maxFrames && this.heldTotalBytes + bytes <= hold.maxBytes) {
      this.held.push(frameId, bytes, arrivalNs);
      this.heldTotalBytes += bytes;
      this.counters.rxHeld++;
      this.ctx.record(TraceKind.RX_HOLD, frameId, this.counters.rxHeld);
      return;
    }
    this.counters.rxDropped++;
    this.ctx.record(TraceKind.RX_DROP, frameId, hold.overflowSetsRxo ? 1 : 0);
    if (hold.overflowSetsRxo) {
      this.regs[R.MPC]++;
      this.setCause(RXO);
    }
  }

  /** Empty descriptors the hardware owns: [RDH, RDT). */
  private rxFree(): number {
    return this.rx.size === 0 ? 0 : this.rx.distance(this.regs[R.RDH], this.regs[R.RDT]);
  }

  /** The guest gave descriptors: store held frames, oldest first, while there is room. */
  private storeHeld(): void {
    const held = this.held;
    while (this.counters.rxHeld > 0 && this.rxFree() > 0) {
      held.shift();
      this.counters.rxHeld--;
      this.heldTotalBytes -= held.lastBytes;
      this.store(held.lastId, held.lastBytes, held.lastStamp);
    }
  }

  /** DMA the frame into the descriptor at RDH, write back DD|EOP, advance RDH. */
  private store(frameId: number, bytes: number, arrivalNs: number): void {
    const ring = this.rx;
    const rdh = this.regs[R.RDH];
    ring.state[rdh] = SlotState.DONE;
    ring.frame[rdh] = frameId;
    ring.stamp[rdh] = arrivalNs;
    ring.bytes[rdh] = bytes;
    this.regs[R.RDH] = ring.next(rdh);
    this.counters.rxStored++;
    this.ctx.record(TraceKind.RX_STORE, rdh, frameId);
    this.model.rxStored(this.rxFree(), this.rxThreshold());
  }

  /** RXDMT0 threshold in descriptors from RCTL.RDMTS: 1/2, 1/4 or 1/8 of the ring. */
  rxThreshold(): number {
    const rdmts = (this.regs[R.RCTL] >>> RDMTS_SHIFT) & 3;
    return this.rx.size >> (1 + Math.min(rdmts, 2));
  }

  // ---- TX -----------------------------------------------------------------

  /** Send what is queued in [TDH, TDT): at once with no wire (QEMU), else one frame per wire time. */
  transmit(): void {
    if (this.nsPerByte === 0) {
      for (let guard = this.tx.size; guard > 0 && this.regs[R.TDH] !== this.regs[R.TDT]; guard--) {
        if (this.finishTxHead()) this.syncTxFrames++;
      }
    } else {
      this.startWire();
    }
  }

  private startWire(): void {
    if (this.txOnWire || this.tx.size === 0) return;
    // Context descriptors carry no frame: they are processed without wire time.
    while (this.regs[R.TDH] !== this.regs[R.TDT] && this.tx.context[this.regs[R.TDH]]) this.finishTxHead();
    const tdh = this.regs[R.TDH];
    if (tdh === this.regs[R.TDT]) return;
    this.txOnWire = true;
    this.ctx.schedule(this.ctx.now + this.wireNs(this.tx.bytes[tdh]), Ev.TX_WIRE_DONE, this.wireGeneration);
  }

  /** The frame on the wire has been sent (unless the ring was reset since it started). */
  wireDone(generation: number): void {
    if (!this.txOnWire || generation !== this.wireGeneration) return;
    this.txOnWire = false;
    if (this.regs[R.TDH] !== this.regs[R.TDT]) this.finishTxHead();
    this.startWire();
  }

  /** Process the descriptor at TDH; returns true if it sent a frame (a data descriptor with EOP). */
  private finishTxHead(): boolean {
    const ring = this.tx;
    const tdh = this.regs[R.TDH];
    const cmd = ring.cmd[tdh];
    const isContext = ring.context[tdh] === 1;
    ring.state[tdh] = cmd & TXD_CMD_RS ? SlotState.DONE : SlotState.GUEST; // DD written back only with RS
    this.regs[R.TDH] = ring.next(tdh);
    this.counters.txDescs++;
    const sent = !isContext && (cmd & TXD_CMD_EOP) !== 0;
    if (sent) this.counters.txSent++;
    this.ctx.record(isContext ? TraceKind.TX_CONTEXT : TraceKind.TX_DONE, tdh, cmd);
    this.model.txWrittenBack(cmd);
    if (this.regs[R.TDH] === this.regs[R.TDT]) this.model.txQueueEmpty();
    return sent;
  }
}
