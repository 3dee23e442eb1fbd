/**
 * Dynamic queue limits, as Linux's lib/dynamic_queue_limits.c writes it
 * (Tom Herbert, 2011; the algorithm is the same from 3.3 through 6.1: the
 * stall detector of 6.9 is not part of it), and the byte queue limits
 * (BQL) the network stack builds on it (include/linux/netdevice.h,
 * `netdev_tx_sent_queue`, `netdev_tx_completed_queue`). e1000 calls them
 * from 3.7 on (`netdev_sent_queue` in e1000_xmit_frame,
 * `netdev_completed_queue` in e1000_clean_tx_irq); Linux 3.5 has none.
 *
 * Pure integer arithmetic on byte counts (unsigned 32-bit in the kernel;
 * the model's counts stay far below 2^32 in any run it allows, so plain
 * integers behave the same). Time enters only through `jiffies`, for the
 * slack hold time (`dql_init(&q->dql, HZ)` in netdev_init_one_queue: 1 s).
 */

/** include/linux/dynamic_queue_limits.h: DQL_MAX_OBJECT (UINT_MAX / 16), DQL_MAX_LIMIT ((UINT_MAX / 2) - DQL_MAX_OBJECT). */
export const DQL_MAX_LIMIT = Math.floor(0xffffffff / 2) - Math.floor(0xffffffff / 16);

/** POSDIFF(A, B): A - B if positive, else 0. */
const posdiff = (a: number, b: number) => (a - b > 0 ? a - b : 0);

export class Dql {
  // Fields of struct dql, same names.
  numQueued = 0;
  adjLimit = 0;
  lastObjCnt = 0;
  limit = 0;
  numCompleted = 0;
  prevOvlimit = 0;
  prevNumQueued = 0;
  prevLastObjCnt = 0;
  lowestSlack = Number.MAX_SAFE_INTEGER;
  slackStartTime = 0;
  maxLimit = 0;
  minLimit = 0;
  slackHoldTime = 0;

  /** dql_init: max_limit DQL_MAX_LIMIT, min_limit 0, then dql_reset. `jiffies()` reads the guest's clock. */
  constructor(
    private readonly jiffies: () => number,
    holdTime: number,
    maxLimit: number = DQL_MAX_LIMIT,
  ) {
    this.maxLimit = maxLimit;
    this.minLimit = 0;
    this.slackHoldTime = holdTime;
    this.reset();
  }

  /** dql_reset: limit 0 (so the first object queued puts the queue over its limit). */
  reset(): void {
    this.limit = 0;
    this.numQueued = 0;
    this.numCompleted = 0;
    this.lastObjCnt = 0;
    this.prevNumQueued = 0;
    this.prevLastObjCnt = 0;
    this.prevOvlimit = 0;
    this.lowestSlack = Number.MAX_SAFE_INTEGER;
    this.slackStartTime = this.jiffies();
    this.adjLimit = 0; // the kernel's reset leaves adj_limit as it was; after dql_init (zeroed memory) it is 0
  }

  /** dql_queued: record `count` bytes handed to the device. */
  queued(count: number): void {
    this.lastObjCnt = count;
    this.numQueued += count;
  }

  /** dql_avail: bytes that may still be queued; < 0 means over the limit. */
  avail(): number {
    return this.adjLimit - this.numQueued;
  }

  /** dql_completed: `count` bytes finished; recompute the limit. */
  completed(count: number): void {
    if (count > this.numQueued - this.numCompleted) throw new Error(`dql_completed: ${count} bytes is more than the ${this.numQueued - this.numCompleted} in the queue`);
    const completed = this.numCompleted + count;
    let limit = this.limit;
    let ovlimit = posdiff(this.numQueued - this.numCompleted, limit);
    const inprogress = this.numQueued - completed;
    const prevInprogress = this.prevNumQueued - this.numCompleted;
    const allPrevCompleted = posdiff(completed, this.prevNumQueued);

    if ((ovlimit && !inprogress) || (this.prevOvlimit && allPrevCompleted)) {
      // Starved: grow by what was both sent and completed in the last interval, plus the previous over-limit.
      limit += posdiff(completed, this.prevNumQueued) + this.prevOvlimit;
      this.slackStartTime = this.jiffies();
      this.lowestSlack = Number.MAX_SAFE_INTEGER;
    } else if (inprogress && prevInprogress && !allPrevCompleted) {
      // Busy the whole interval: shrink by the lowest slack seen over slack_hold_time.
      let slack = posdiff(limit + this.prevOvlimit, 2 * (completed - this.numCompleted));
      const slackLastObjs = this.prevOvlimit ? posdiff(this.prevLastObjCnt, this.prevOvlimit) : 0;
      slack = Math.max(slack, slackLastObjs);
      if (slack < this.lowestSlack) this.lowestSlack = slack;
      if (this.jiffies() - (this.slackStartTime + this.slackHoldTime) > 0) {
        limit = posdiff(limit, this.lowestSlack);
        this.slackStartTime = this.jiffies();
        this.lowestSlack = Number.MAX_SAFE_INTEGER;
      }
    }

    limit = Math.min(Math.max(limit, this.minLimit), this.maxLimit);
    if (limit !== this.limit) {
      this.limit = limit;
      ovlimit = 0;
    }
    this.adjLimit = limit + completed;
    this.prevOvlimit = ovlimit;
    this.prevLastObjCnt = this.lastObjCnt;
    this.numCompleted = completed;
    this.prevNumQueued = this.numQueued;
  }
}
