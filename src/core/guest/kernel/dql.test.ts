/**
 * Linux 6.1's byte queue limits (lib/dynamic_queue_limits.c,
 * include/linux/netdevice.h) and the qdisc's bulk dequeue with xmit_more
 * (net/sched/sch_generic.c try_bulk_dequeue_skb), rule by rule, with the
 * numbers worked out by hand. A 64-byte frame is skb->len 60.
 */
import { describe, expect, it } from 'vitest';
import { Dql } from './dql';
import { NetdevTxQueue } from './netdevQueue';
import { Simulation } from '../../simulation';
import { testScenario } from '../../testScenario';
import { REGISTERS } from '../../registers';
import { TraceKind } from '../../types';
import { LINUX_E1000_DEFAULTS } from '../drivers/linuxE1000';
import type { GuestSpec } from '../../scenario';

describe('dql_completed', () => {
  it('starts at limit 0, so the first object puts the queue over its limit; each starved interval grows it by what was sent and completed', () => {
    let jiffies = 0;
    const dql = new Dql(() => jiffies, 250);
    dql.queued(60);
    expect(dql.avail()).toBe(-60); // adj_limit 0 - num_queued 60
    // completed(60): ovlimit = 60 - 0 = 60, inprogress 0 -> starved: limit += (60 - prev_num_queued 0) + 0 = 60.
    // adj_limit = 60 + 60 = 120: avail 60, so 2 more objects of 60 may go before it is over again.
    dql.completed(60);
    expect([dql.limit, dql.adjLimit, dql.avail()]).toEqual([60, 120, 60]);
    dql.queued(60);
    dql.queued(60);
    expect(dql.avail()).toBe(-60);
    // completed(120): completed 180, ovlimit = 120 - 60 = 60, inprogress 0 -> limit 60 + (180 - 60) = 180; adj 360.
    dql.completed(120);
    expect([dql.limit, dql.adjLimit, dql.avail()]).toEqual([180, 360, 180]);
    for (let i = 0; i < 4; i++) dql.queued(60);
    // completed(240): limit 180 + (420 - 180) = 420. Limits 60, 180, 420: 60 x (2^n - 1), packets per interval 1, 2, 4, 8.
    dql.completed(240);
    expect(dql.limit).toBe(420);
    jiffies = 1; // (time plays no part in growth)
  });

  it('a queue never over its limit in an interval neither grows nor shrinks', () => {
    const dql = new Dql(() => 0, 250);
    dql.queued(60);
    dql.completed(60); // limit 60, adj 120
    dql.queued(60); // avail 0: not over
    // completed(60): ovlimit = 60 - 60 = 0, inprogress 0, prev_ovlimit 0 -> neither branch: limit stays 60.
    dql.completed(60);
    expect([dql.limit, dql.adjLimit]).toEqual([60, 180]);
  });

  it('a queue busy through the interval shrinks by its lowest slack, but only once slack_hold_time (HZ jiffies) has passed', () => {
    let jiffies = 100;
    const dql = new Dql(() => jiffies, 250);
    // A queue with limit 1000 and 1000 bytes in flight, the last interval's queueing complete.
    Object.assign(dql, { limit: 1000, adjLimit: 1000, numQueued: 1000, prevNumQueued: 1000, lastObjCnt: 60, slackStartTime: 0 });
    // completed(300) at jiffy 100: ovlimit 0, inprogress 700, prev_inprogress 1000, all_prev_completed 0 -> busy:
    // slack = (1000 + 0) - 2 x 300 = 400, lowest 400; 100 is not after 0 + 250: no change. adj = 1000 + 300.
    dql.completed(300);
    expect([dql.limit, dql.lowestSlack, dql.adjLimit]).toEqual([1000, 400, 1300]);
    // completed(300) at jiffy 300: inprogress 400, prev_inprogress 1000 - 300 = 700, slack = 1000 - 600 = 400;
    // 300 is after 250: limit = 1000 - 400 = 600, adj = 600 + 600 = 1200, avail 1200 - 1000 = 200.
    jiffies = 300;
    dql.completed(300);
    expect([dql.limit, dql.adjLimit, dql.avail()]).toEqual([600, 1200, 200]);
  });
});

describe('the stack side of the queue (netdev_tx_sent_queue / netdev_tx_completed_queue)', () => {
  it('sets STACK_XOFF when dql_avail < 0 after queueing, and clears it (netif_schedule_queue) when a completion makes room', () => {
    const q = new NetdevTxQueue(() => 0);
    q.sent(64); // skb->len 60: avail -60
    expect(q.stackXoff).toBe(true);
    expect(q.completed(0, 0)).toBe(false); // no bytes: nothing (netdev_tx_completed_queue returns at once)
    expect(q.completed(64, 1)).toBe(true); // limit 60, avail 60
    expect(q.stackXoff).toBe(false);
  });

  it('try_bulk_dequeue_skb: after the first skb, more while bytelimit = dql_avail - len stays > 0', () => {
    const q = new NetdevTxQueue(() => 0);
    Object.assign(q.dql, { adjLimit: 420 });
    // bytelimit = 420 - 60 = 360; each further skb takes 60: 300, 240, 180, 120, 60, 0 -> 6 more, then stop.
    expect(q.bulkAfter(64, () => 64, 100)).toBe(6);
    expect(q.bulkAfter(64, () => 64, 3)).toBe(3); // only 3 queued behind it
    Object.assign(q.dql, { adjLimit: 60 });
    expect(q.bulkAfter(64, () => 64, 100)).toBe(0); // bytelimit 0: no bulk
  });
});

describe('Linux 6.1 e1000 on qemu-2013: BQL in a TX flood\'s first microseconds, xmit_more after each wake', () => {
  const linux61: GuestSpec = { driver: 'linux-e1000', kernel: '6.1', costs: 'kvm-2012', params: { ...LINUX_E1000_DEFAULTS } };

  it('a saturating sender sends 1, 2, 4, 8 packets in the first four interrupt intervals (the DQL limit doubling from 0)', () => {
    // qemu-2013 completes each packet inside its TDT write; the first TXDW interrupts at once, later ones at the
    // 128 us windows' ends. After the first packet BQL stops the stack (limit 0); each poll's completion regrows the
    // limit (dql test above): 60, 180, 420 bytes -> 2, 4, 8 packets of skb->len 60 before the next STACK_XOFF.
    const sim = new Simulation(testScenario({ durationUs: 2000, device: { model: 'qemu-2013' }, guest: linux61, tx: { pattern: 'saturate', bytes: 64 } }));
    sim.advanceTo(2_000_000);
    const irq = sim.interrupts().map((r) => r.tNs);
    const tdt = sim.trace.records().filter((r) => r.kind === TraceKind.MMIO_WRITE && REGISTERS[r.a].name === 'TDT').map((r) => r.tNs);
    const perInterval = [0, 1, 2, 3].map((i) => tdt.filter((t) => t >= (i === 0 ? 0 : irq[i - 1] + 1) && t <= irq[i]).length);
    expect(perInterval).toEqual([1, 2, 4, 8]);
    // Steady state: every poll completes all that was sent (QEMU sends inside the write), so the limit grows only
    // while an interval goes over it. The 4th completion (480 bytes) sets it to 420 + (900 - 420) = 900 = 60 x 15;
    // from then on a 128 us window carries fewer than 16 packets (about 11 at kvm-2012's ~11.6 us per packet), the
    // queue is never over the limit, and the limit neither grows nor binds.
    const later = irq.slice(4, 20).map((t, i) => tdt.filter((x) => x > irq[i + 3] && x <= t).length);
    expect(Math.max(...later)).toBeLessThan(16);
    expect(sim.txQueue!.dql.limit).toBe(900);
    expect(sim.txQueue!.tdtWritesSaved).toBe(0); // a saturating sender has no qdisc backlog in this model
  });

  it('with frames waiting in the qdisc, each wake hands over a bulk and TDT is written once per bulk (VM exits saved: 0, 0, 2, 6, 14)', () => {
    // 30 frames queued at 0. Interval 1: p1 (bulk: avail 0 - 60 < 0, none), STACK_XOFF. Interval 2 (avail 60):
    // p2 alone (bytelimit 0), then p3 alone -> XOFF: 2 TDT. Interval 3 (avail 180): p4 + a bulk of 2 (bytelimit
    // 120, 60, 0): TDT only after p6, then p7 alone -> XOFF: 4 packets, 2 TDT, 2 saved. Interval 4 (avail 420):
    // p8 + 6 (bytelimit 360 down to 0), TDT after p14, then p15 -> XOFF: 8 packets, 2 TDT, 6 saved. Interval 5
    // (limit 900, avail 900): p16 + 14 (bytelimit 840 down to 0) = the last 15 frames, one TDT: 14 saved.
    // Saved so far at each of the first five interrupts: 0, 0, 2, 8, 22.
    const sim = new Simulation(
      testScenario({ durationUs: 2000, device: { model: 'qemu-2013' }, guest: linux61, tx: { pattern: 'list', atUs: Array.from({ length: 30 }, () => 0), bytes: 64 } }),
    );
    const irqCount = () => sim.interrupts().length;
    const saved: number[] = [];
    while (irqCount() < 5 && sim.stepEvent()) if (irqCount() > saved.length) saved.push(sim.txQueue!.tdtWritesSaved);
    expect(saved).toEqual([0, 0, 2, 8, 22]);
    const tdt = sim.trace.records().filter((r) => r.kind === TraceKind.MMIO_WRITE && REGISTERS[r.a].name === 'TDT');
    expect(tdt.map((r) => r.b).slice(0, 8)).toEqual([2, 4, 6, 12, 14, 28, 30, 60]); // 2 descriptors per packet
  });
});
