/** Kinds of events on the simulation's queue. */
export const Ev = {
  /** A frame fully arrived at the NIC from the wire. */
  RX_ARRIVAL: 1,
  /** The guest application hands a frame to the driver. */
  TX_APP: 2,
  /** A device timer expires; arg = timer id + TIMER_ID_SLOTS (timers/index.ts) * generation. */
  DEVICE_TIMER: 3,
  /** The frame on the TX wire has been fully sent. */
  TX_WIRE_DONE: 4,
  /** The vCPU finished its current operation; arg = vCPU generation. */
  VCPU_DONE: 5,
  /** A periodic guest-driver timer (e.g. Linux's 2 s watchdog). */
  DRIVER_TIMER: 6,
  /** The interrupt line asserted: the vCPU looks at it once the device's current action is complete. */
  VCPU_KICK: 7,
  /** Host model: QEMU's main-loop thread finished delivering a frame; arg = its generation. */
  HOST_MAIN_DONE: 8,
  /** Host model: a scheduler tick on the shared core. */
  HOST_TICK: 9,
  /** The guest kernel's NAPI hrtimer (gro_flush_timeout / irq_suspend_timeout) runs out; arg = its generation. */
  NAPI_TIMER: 10,
} as const;

/** What the device and guest see of the simulation: the clock, the queue, the trace. */
export interface SimContext {
  readonly now: number;
  schedule(tNs: number, kind: number, arg: number): void;
  record(kind: number, a: number, b: number): void;
}
