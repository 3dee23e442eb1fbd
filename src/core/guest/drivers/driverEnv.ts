import type { SimContext } from '../../engine/events';
import type { Nic } from '../../device/nic';
import type { DelayRegs, LinuxKernel } from '../../scenario';
import type { CostProfile } from '../costs';
import type { GuestRings } from '../guestRings';
import type { SenderConfig, Sender } from '../sender';

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
  makeSender(cfg: SenderConfig): Sender;
  scheduleSoftirq(): void;
  wakeApp(): void;
  /** Is deferred work (poll) already scheduled or running (NAPI_STATE_SCHED)? */
  pollPending(): boolean;
  /** The poll is complete (napi_complete_done), before it re-enables interrupts. */
  completePoll(): void;
}
