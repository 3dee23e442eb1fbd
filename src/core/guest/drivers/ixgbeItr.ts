/**
 * ixgbe's adaptive ITR (torvalds/linux drivers/net/ethernet/intel/ixgbe/
 * ixgbe_main.c: ixgbe_update_itr, ixgbe_set_itr; ixgbe.h IXGBE_ITR_ADAPTIVE_*),
 * run per ring container (RX, TX) at each completed poll, in microseconds:
 *
 * - not updated within a jiffy: back to latency mode at 10 us;
 * - no packets: +2 us from the vector's current ITR (keeping the latency flag);
 * - under 4 packets and under 9,000 bytes: latency mode, sized by wire size;
 * - 4-47 packets: +2 us; 48-95: unchanged; 96-255: halved (at least 10 us);
 * - 256 or more: bulk mode, sized from the average wire size: 20 us at
 *   <= 60 B up to 126 us at >= 1968 B at 10 Gb/s (latency mode halves it);
 *   at 1/2.5 Gb/s the divisor is 64 and the size is capped at 8064;
 * - latency mode lowers the ITR by at most 2 us per update;
 * - ixgbe_set_itr: the vector's ITR is the smaller of the two containers'
 *   (latency flag cleared); q_vector->itr holds it in 0.25 us (<< 2).
 */
export const IXGBE_ITR_ADAPTIVE_MIN_INC = 2;
export const IXGBE_ITR_ADAPTIVE_MIN_USECS = 10;
export const IXGBE_ITR_ADAPTIVE_MAX_USECS = 126;
export const IXGBE_ITR_ADAPTIVE_LATENCY = 0x80;
export const IXGBE_ITR_ADAPTIVE_BULK = 0x00;
/** IXGBE_20K_ITR: the vector's start (rx-usecs 1 = adaptive), 50 us << 2. */
export const IXGBE_20K_ITR = 200;
/** A jiffy at HZ = 250 (the distributions' usual CONFIG_HZ), ns. */
export const JIFFY_NS = 4_000_000;

/** One ring container's adaptive state (struct ixgbe_ring_container). */
export interface IxgbeRingContainer {
  totalPackets: number;
  totalBytes: number;
  /** usecs | IXGBE_ITR_ADAPTIVE_LATENCY (a u8). */
  itr: number;
  /** In jiffies. */
  nextUpdate: number;
}

export const newRingContainer = (): IxgbeRingContainer => ({ totalPackets: 0, totalBytes: 0, itr: 0, nextUpdate: 0 });

/** The bulk/latency size term of ixgbe_update_itr (adjust_by_size), added to `itr` (its mode flag). */
function adjustBySize(itr: number, packets: number, bytes: number, linkGbps: number): number {
  let avg = Math.floor(bytes / packets);
  if (avg <= 60) avg = 5120; // 50K ints/sec
  else if (avg <= 316) avg = avg * 40 + 2720; // 50K to 16K
  else if (avg <= 1084) avg = avg * 15 + 11452; // 16K to 9.2K
  else if (avg < 1968) avg = avg * 5 + 22420; // 9.2K to 8K
  else avg = 32256; // 8K
  if (itr & IXGBE_ITR_ADAPTIVE_LATENCY) avg >>= 1;
  const divRoundUp = (n: number, d: number) => Math.floor((n + d - 1) / d);
  if (linkGbps > 0 && linkGbps <= 2.5) {
    if (avg > 8064) avg = 8064;
    return itr + divRoundUp(avg, IXGBE_ITR_ADAPTIVE_MIN_INC * 64) * IXGBE_ITR_ADAPTIVE_MIN_INC;
  }
  return itr + divRoundUp(avg, IXGBE_ITR_ADAPTIVE_MIN_INC * 256) * IXGBE_ITR_ADAPTIVE_MIN_INC; // 10 G and default
}

/** ixgbe_update_itr for one container; `vectorItr` is q_vector->itr (0.25 us units), `jiffies` now. */
export function ixgbeUpdateItr(rc: IxgbeRingContainer, vectorItr: number, jiffies: number, linkGbps: number): void {
  let itr = IXGBE_ITR_ADAPTIVE_MIN_USECS | IXGBE_ITR_ADAPTIVE_LATENCY;
  const packets = rc.totalPackets;
  const bytes = rc.totalBytes;
  done: {
    if (jiffies > rc.nextUpdate) break done; // time_after(next_update, ring_container->next_update)
    if (!packets) {
      itr = (vectorItr >> 2) + IXGBE_ITR_ADAPTIVE_MIN_INC;
      if (itr > IXGBE_ITR_ADAPTIVE_MAX_USECS) itr = IXGBE_ITR_ADAPTIVE_MAX_USECS;
      itr += rc.itr & IXGBE_ITR_ADAPTIVE_LATENCY;
      break done;
    }
    if (packets < 4 && bytes < 9000) {
      itr = adjustBySize(IXGBE_ITR_ADAPTIVE_LATENCY, packets, bytes, linkGbps);
    } else if (packets < 48) {
      itr = (vectorItr >> 2) + IXGBE_ITR_ADAPTIVE_MIN_INC;
      if (itr > IXGBE_ITR_ADAPTIVE_MAX_USECS) itr = IXGBE_ITR_ADAPTIVE_MAX_USECS;
      break done;
    } else if (packets < 96) {
      itr = vectorItr >> 2;
      break done;
    } else if (packets < 256) {
      itr = vectorItr >> 3;
      if (itr < IXGBE_ITR_ADAPTIVE_MIN_USECS) itr = IXGBE_ITR_ADAPTIVE_MIN_USECS;
      break done;
    } else {
      itr = adjustBySize(IXGBE_ITR_ADAPTIVE_BULK, packets, bytes, linkGbps);
    }
    // A latency-specific workload lowers the ITR by one increment at a time.
    if (itr & IXGBE_ITR_ADAPTIVE_LATENCY && itr < rc.itr) itr = rc.itr - IXGBE_ITR_ADAPTIVE_MIN_INC;
  }
  // clear_counts: the container's itr is a u8 (mode bit 7, usecs in bits 6:0, clamped).
  rc.itr = (itr & IXGBE_ITR_ADAPTIVE_LATENCY) | Math.min(itr & ~IXGBE_ITR_ADAPTIVE_LATENCY, IXGBE_ITR_ADAPTIVE_LATENCY - 1);
  rc.nextUpdate = jiffies + 1;
  rc.totalBytes = 0;
  rc.totalPackets = 0;
}

/** ixgbe_set_itr: the vector's new ITR (0.25 us units), from both containers. */
export function ixgbeSetItr(rx: IxgbeRingContainer, tx: IxgbeRingContainer, vectorItr: number, jiffies: number, linkGbps: number): number {
  ixgbeUpdateItr(tx, vectorItr, jiffies, linkGbps);
  ixgbeUpdateItr(rx, vectorItr, jiffies, linkGbps);
  return (Math.min(rx.itr, tx.itr) & ~IXGBE_ITR_ADAPTIVE_LATENCY) << 2;
}
