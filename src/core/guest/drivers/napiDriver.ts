import { IMS_ENABLE_MASK } from '../../causes';
import { Activity } from '../../types';
import type { GuestDriver } from '../vcpu';
import { compute, read, repeat, write, type GuestThread, type Op } from '../ops';
import type { DriverEnv } from './driverEnv';
import type { SenderConfig } from '../sender';
import { Napi, PollOrigin, type NapiRules } from '../kernel/napi';
import type { NapiPoller } from '../kernel/busyPoll';
import { createUdpServer } from '../apps/udpServer';
import type { GuestRings } from '../guestRings';
import { RDMTS_SHIFT } from '../../registers';

/** How a mask-and-poll driver (Linux NAPI, FreeBSD taskqueue) is set up. */
export interface NapiConfig {
  /** RX frames per poll before it yields and polls again. */
  budget: number;
  /** Refill RX and write RDT every this many cleaned frames (Infinity: once, at the end of the RX clean). */
  refillBatch: number;
  /** The value the driver writes to RDT after a refill: each driver's own tail rule (see GuestRings). */
  rxTail(rings: GuestRings): number;
  /** Clean RX before TX in each pass (FreeBSD lem_handle_rxtx); Linux's e1000_clean does TX first. */
  rxBeforeTx: boolean;
  /** Read STATUS after IMC and after IMS (E1000_WRITE_FLUSH). */
  flushAfterMaskWrites: boolean;
  /**
   * The kernel's NAPI rules (MISSED exists from Linux 4.10) and whether the
   * poll unmasks only when `napi_complete_done` returns true (Linux 6.1's
   * e1000_clean, since 4.17's 0bcd952feec7) or after `napi_complete`
   * regardless (Linux 3.5's e1000_clean; FreeBSD's task always unmasks).
   */
  kernel: NapiRules & { unmaskOnlyIfCompleteDone: boolean };
  sender: SenderConfig;
  /** Register values the driver programs at start. */
  startRegs: { TIDV: number; TADV: number; RDTR: number; RADV: number; ITR: number };
  /** Account a cleaned frame (for adaptive ITR). */
  countTx?(bytes: number): void;
  countRx?(bytes: number): void;
  /** Called by the ISR when it schedules the poll. */
  onSchedule?(): void;
  /** At the end of a poll: a new ITR value to write, or null. */
  itrAfterPoll?(): number | null;
  /** Periodic (2 s) watchdog: a new ITR value to write, or null. */
  watchdog?(): number | null;
}

/**
 * The mask-and-poll driver Linux e1000 and FreeBSD lem/em are built on.
 * ISR: read ICR (0 = not ours), write IMC = ~0, schedule the poll
 * (napi_schedule_prep; if it fails, unmask again, as e1000_intr does).
 * Poll (`clean`, e1000_clean / lem_handle_rxtx): clean TX (whole ring; the
 * completed bytes go to the stack's queue, Linux 6.1's BQL) and RX up to
 * the budget, refilling in batches (one RDT write per batch, the tail by
 * each driver's own rule); a pass that used its budget returns it and is
 * polled again; otherwise the poll completes (napi_complete_done) and,
 * where the kernel allows, rewrites ITR if it changed and unmasks with IMS.
 * The softirq (net_rx_action) runs `clean` until it completes; the
 * application's busy poll calls it with its own budget (kernel/busyPoll.ts).
 * At start: the delay registers, RCTL.RDMTS = 1/2, RX filled, IMS.
 */
export function createNapiDriver(env: DriverEnv, cfg: NapiConfig): GuestDriver {
  const { nic, rings, costs } = env;
  const sender = env.makeSender(cfg.sender);
  // netif_napi_add: the driver's NAPI instance, with the device's knobs.
  const napi = new Napi(env.ctx, env.napi, cfg.kernel, () => env.raiseSoftirq(), env.traceNapi);
  const server = env.server !== null ? createUdpServer(env, sender, napi) : null;

  for (const reg of ['TIDV', 'TADV', 'RDTR', 'RADV', 'ITR'] as const) nic.mmioWrite(reg, cfg.startRegs[reg]);
  // RCTL.RDMTS = 00 (1/2): every real driver writes RCTL with E1000_RCTL_RDMTS_HALF at init, whatever
  // the scenario's rdmts (Linux e1000_setup_rctl, v3.5 and v6.1; FreeBSD 9.3 if_lem.c
  // lem_initialize_receive_unit and if_em.c em_initialize_receive_units). The scenario's rdmts
  // therefore survives only with the ideal driver.
  nic.mmioWrite('RCTL', nic.reg('RCTL') & ~(3 << RDMTS_SHIFT));
  const rdtValue = () => cfg.rxTail(rings);
  rings.refillRx(rings.rxUnused());
  nic.mmioWrite('RDT', rdtValue());
  nic.mmioWrite('IMS', IMS_ENABLE_MASK);

  /**
   * Refill the RX ring: true if there was something to give (then the poll
   * yields the RDT write). Written inline in the poll rather than as a
   * `yield*` sub-generator, which cost a generator object per batch.
   */
  function refill(): boolean {
    const n = rings.rxUnused();
    if (n <= 0) return false;
    rings.refillRx(n);
    return true;
  }

  // The poll's per-frame loops, as repeat operations (one vCPU step per frame, no generator step). One poll runs at a time.
  const refillBatch = Math.max(1, cfg.refillBatch);
  let budget = cfg.budget;
  let work = 0;
  let sinceRefill = 0;
  let cleaned = 0;
  let cleanedBytes = 0;
  let txComplete = true;
  let rxFrameBytes = 0;
  /** Frames received by the passes of this poll (the softirq's repolls, or one busy-poll call). */
  let received = 0;
  const socket = server?.socket ?? null;
  const rxClean = repeat(
    Activity.RX_FRAME,
    () => work < budget && rings.rxReady() && sinceRefill < refillBatch,
    () => {
      rxFrameBytes = rings.rxBytes();
      return costs.rxFrameNs + rxFrameBytes * costs.byteNs;
    },
    () => {
      const arrivedNs = rings.takeRx();
      if (socket !== null) socket.deliver(arrivedNs);
      cfg.countRx?.(rxFrameBytes);
      work++;
      sinceRefill++;
    },
  );
  const txClean = repeat(
    Activity.TX_CLEAN,
    () => cleaned < nic.tx.size && rings.txDone(),
    () => costs.txCleanNs,
    () => {
      const bytes = rings.reclaimTx();
      cfg.countTx?.(bytes);
      cleaned++;
      cleanedBytes += bytes;
    },
  );

  /**
   * The driver's poll (e1000_clean(napi, budget)), and for the softirq the
   * napi_poll loop around it, in one generator (one per poll, as before the
   * busy poll shared it): a pass that used its budget or left TX unclean
   * returns `budget`: the busy poll's call (`repoll` false) ends there; the
   * softirq polls again, or with busy polling preferred (5.11 napi_poll)
   * completes at once and reschedules only if napi_complete_done allows.
   * Otherwise the pass completes (napi_complete_done) and, where the kernel
   * allows, rewrites ITR if it changed and unmasks; it returns the RX work.
   */
  function* cleanPasses(pollBudget: number, repoll: boolean): Generator<Op, number, number> {
    for (;;) {
      budget = pollBudget;
      yield compute(costs.pollNs, Activity.POLL);
      txComplete = true;
      work = 0;
      for (let phase = 0; phase < 2; phase++) {
        if ((phase === 0) === cfg.rxBeforeTx) {
          // Clean RX up to the budget, refilling in batches.
          sinceRefill = 0;
          for (;;) {
            yield rxClean;
            if (sinceRefill < refillBatch) break;
            sinceRefill = 0;
            if (refill()) yield write('RDT', rdtValue());
          }
          if (refill()) yield write('RDT', rdtValue());
        } else {
          // Clean TX: reclaim finished packets (the whole ring at most), then wake the queue if it has room.
          cleaned = 0;
          cleanedBytes = 0;
          yield txClean;
          if (sender.txCleaned(cleanedBytes, cleaned)) env.wakeApp();
          txComplete = cleaned < nic.tx.size;
        }
      }
      received += work;
      if (!txComplete || work >= pollBudget) {
        if (!repoll) return pollBudget;
        if (napi.preferBusyPoll) {
          if (napi.completeDone(pollBudget)) napi.schedule(PollOrigin.PREFER);
          return pollBudget;
        }
        continue; // net_rx_action polls it again, without an interrupt
      }
      const done = work;
      // Once per poll that received: GRO flush and the receiving socket's wake-up (0 in most profiles).
      if (received > 0 && costs.rxPollNs > 0) yield compute(costs.rxPollNs, Activity.POLL);
      received = 0;
      if (cfg.kernel.unmaskOnlyIfCompleteDone) {
        if (!napi.completeDone(done)) return done; // the kernel keeps the interrupt masked
      } else {
        napi.complete();
      }
      const itr = cfg.itrAfterPoll?.() ?? null;
      if (itr !== null) yield write('ITR', itr);
      yield write('IMS', IMS_ENABLE_MASK);
      if (cfg.flushAfterMaskWrites) yield read('STATUS');
      return done;
    }
  }

  /** One napi->poll call from the application's busy poll. */
  const poller: NapiPoller = {
    clean: (pollBudget: number) => cleanPasses(pollBudget, false),
    startSession(): void {
      received = 0;
    },
  };

  return {
    *isr(): GuestThread {
      const icr = yield read('ICR');
      if (icr === 0) return; // not ours (shared line)
      yield write('IMC', 0xffffffff);
      if (cfg.flushAfterMaskWrites) yield read('STATUS');
      if (!napi.schedulePrep()) {
        napi.isrReenables();
        yield write('IMS', IMS_ENABLE_MASK); // e1000_intr: the poll is scheduled already (MISSED is set): re-enable
        return;
      }
      cfg.onSchedule?.();
      napi.raise(PollOrigin.HARD_IRQ);
    },

    /** The softirq (net_rx_action -> napi_poll): who raised it is recorded, then the passes until the driver completes. */
    poll(): GuestThread {
      napi.pollStarts(napi.pendingOrigin);
      received = 0;
      // The vCPU runs a thread until it is done and ignores what it returns.
      return cleanPasses(cfg.budget, true) as unknown as GuestThread;
    },

    app: server !== null ? () => server.thread(poller) : () => sender.thread(),
    watchdog: cfg.watchdog,
    napi,
    server: server ?? undefined,
    txQueue: cfg.sender.netdevQueue,
  };
}
