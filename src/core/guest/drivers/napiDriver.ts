import { IMS_ENABLE_MASK } from '../../causes';
import { Activity } from '../../types';
import type { GuestDriver } from '../vcpu';
import { compute, read, repeat, write, type GuestThread } from '../ops';
import type { DriverEnv } from './driverEnv';
import type { SenderConfig } from '../sender';
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
 * ISR: read ICR (0 = not ours), write IMC = ~0, schedule the poll.
 * Poll (NAPI poll / taskqueue task): clean TX (whole ring; the completed
 * bytes go to the stack's queue, Linux 6.1's BQL) and RX up to the budget,
 * refilling in batches (one RDT write per batch, the tail by each driver's
 * own rule), repeat while work remains, then rewrite ITR if it changed and
 * unmask with IMS. At start: the delay registers, RCTL.RDMTS = 1/2, RX
 * filled, IMS.
 */
export function createNapiDriver(env: DriverEnv, cfg: NapiConfig): GuestDriver {
  const { nic, rings, costs } = env;
  const sender = env.makeSender(cfg.sender);

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
  let work = 0;
  let sinceRefill = 0;
  let cleaned = 0;
  let cleanedBytes = 0;
  let txComplete = true;
  let rxFrameBytes = 0;
  const rxClean = repeat(
    Activity.RX_FRAME,
    () => work < cfg.budget && rings.rxReady() && sinceRefill < refillBatch,
    () => {
      rxFrameBytes = rings.rxBytes();
      return costs.rxFrameNs + rxFrameBytes * costs.byteNs;
    },
    () => {
      rings.takeRx();
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

  return {
    *isr(): GuestThread {
      const icr = yield read('ICR');
      if (icr === 0) return; // not ours (shared line)
      yield write('IMC', 0xffffffff);
      if (cfg.flushAfterMaskWrites) yield read('STATUS');
      if (env.pollPending()) {
        yield write('IMS', IMS_ENABLE_MASK); // "should not happen": re-enable
        return;
      }
      cfg.onSchedule?.();
      env.scheduleSoftirq();
    },

    *poll(): GuestThread {
      let received = 0;
      for (;;) {
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
        if (txComplete && work < cfg.budget) break; // all done: leave polling mode
      }
      // Once per poll that received: GRO flush and the receiving socket's wake-up (0 in most profiles).
      if (received > 0 && costs.rxPollNs > 0) yield compute(costs.rxPollNs, Activity.POLL);
      env.completePoll(); // napi_complete_done, before interrupts are re-enabled
      const itr = cfg.itrAfterPoll?.() ?? null;
      if (itr !== null) yield write('ITR', itr);
      yield write('IMS', IMS_ENABLE_MASK);
      if (cfg.flushAfterMaskWrites) yield read('STATUS');
    },

    app: () => sender.thread(),
    watchdog: cfg.watchdog,
    txQueue: cfg.sender.netdevQueue,
  };
}
