import type { SimContext } from '../../engine/events';
import type { Nic } from '../../device/nic';
import type { DelayRegs, LinuxKernel } from '../../scenario';
import type { CostProfile } from '../costs';
import type { GuestRings } from '../guestRings';
import type { SenderConfig, Sender } from '../sender';
import type { NapiSettings } from '../kernel/napi';
import type { ServerSpec } from '../apps/udpServer';

/** What a driver is built from. */
export interface DriverEnv {
  ctx: SimContext;
  nic: Nic;
  rings: GuestRings;
  costs: CostProfile;
  /** The scenario's register values (the starting point where a parameter is absent). */
  regs: DelayRegs;
  /** Driver module parameters by their real names. */
  params: Record<string, number>;
  /** Linux kernel generation (linux-e1000 only; the others ignore it). */
  kernel: LinuxKernel;
  /** The guest kernel's NAPI knobs (linux-e1000; all 0 otherwise). */
  napi: NapiSettings;
  /** Record the NAPI's trace events (some knob or the server is on). */
  traceNapi: boolean;
  /** The server application, or null (the TX sender is the application). */
  server: ServerSpec | null;
  makeSender(cfg: SenderConfig): Sender;
  /** Raise the softirq: the vCPU runs the driver's poll next. */
  raiseSoftirq(): void;
  wakeApp(): void;
}
