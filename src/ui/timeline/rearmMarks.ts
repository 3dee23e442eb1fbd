/**
 * "Who re-armed the interrupt": the marks of the timeline's kernel lane,
 * read from the trace window. Every IMS write is a re-arm, named by the
 * poll that made it (the NAPI POLL record before it: the hard interrupt's
 * softirq, the flush timer's poll, the application's busy poll, the poll
 * napi_resume_irqs scheduled), or by the ISR that found NAPI scheduled;
 * IRQ suspension on and off, and each time napi_complete_done refused the
 * unmask, are marks of their own. Each mark's hover names the rule and its
 * source (docs/software-mitigation.md). Framework-free, like the painter.
 */
import { KeepMasked, NapiEvent, PollOrigin, REG_INDEX, TraceKind } from '../../core';
import type { TraceWindow } from '../../state/traceWindow';
import { fmtNs } from '../../state/format';

export type RearmWho = 'hard-irq' | 'timer' | 'busy-poll' | 'resume' | 'softirq' | 'isr' | 'suspend-on' | 'suspend-off' | 'kept-masked';

export interface RearmMark {
  tNs: number;
  who: RearmWho;
  /** The letter drawn on the mark. */
  letter: string;
  /** One line for the hover: what happened and the rule, with its source. */
  text: string;
  /** A re-arm (IMS written), as opposed to a suspension or a refusal. */
  rearm: boolean;
}

/** What each kind of mark says: the rule and where it is written. */
export const REARM_RULES: Record<RearmWho, { letter: string; name: string; rule: string }> = {
  'hard-irq': {
    letter: 'H',
    name: "re-armed by the hard interrupt's poll",
    rule: 'the ISR masked and scheduled NAPI (napi_schedule); its softirq poll completed and napi_complete_done returned true, so e1000_clean unmasked (IMS)',
  },
  timer: {
    letter: 'T',
    name: "re-armed by the flush timer's poll",
    rule: 'the NAPI hrtimer (gro_flush_timeout) ran out, napi_watchdog scheduled a softirq poll without a device interrupt, and that empty poll found the napi_defer_hard_irqs count at 0, so napi_complete_done allowed the unmask',
  },
  'busy-poll': {
    letter: 'B',
    name: "re-armed by the application's busy poll",
    rule: "busy_poll_stop's last napi->poll completed with the normal rules (IN_BUSY_POLL cleared) and napi_complete_done returned true, so the driver unmasked",
  },
  resume: {
    letter: 'R',
    name: 'IRQ resume re-armed',
    rule: 'epoll_wait found no events and was about to sleep: napi_resume_irqs scheduled a poll (6.13), which completed with the normal rules and unmasked',
  },
  softirq: {
    letter: 'S',
    name: 'a rescheduled softirq poll re-armed',
    rule: 'a poll scheduled by napi_complete_done (MISSED), by __busy_poll_stop (its last poll used the budget, no timer) or by napi_poll with busy polling preferred, completed and unmasked',
  },
  isr: {
    letter: 'I',
    name: 'the ISR re-enabled',
    rule: "e1000_intr masked, but napi_schedule_prep failed (NAPI already scheduled, MISSED set), so the ISR unmasked again at once (its else branch); the poll that owns NAPI will run once more",
  },
  'suspend-on': {
    letter: '‖',
    name: 'IRQ suspension on',
    rule: 'epoll_wait returned events with prefer_busy_poll set: napi_suspend_irqs armed the hrtimer with irq_suspend_timeout (6.13); while it runs, napi_complete_done and busy_poll_stop keep the interrupt masked',
  },
  'suspend-off': {
    letter: '▶',
    name: 'IRQ suspension off',
    rule: 'epoll_wait found no events before sleeping: napi_resume_irqs (6.13); napi_defer_hard_irqs and gro_flush_timeout rule again until the unmask',
  },
  'kept-masked': {
    letter: '·',
    name: 'unmask refused (napi_complete_done returned false)',
    rule: 'the poll completed but napi_complete_done returned false, so e1000_clean (Linux 6.1) left the interrupt masked',
  },
};

const KEPT_REASON = ['the application is busy-polling (IN_BUSY_POLL)', 'the deferral count was above 0 with gro_flush_timeout set (napi_defer_hard_irqs)', 'busy polling is preferred and irq_suspend_timeout is set (IRQ suspension)', 'MISSED was set: the poll runs again'];

function whoOfOrigin(origin: number): RearmWho {
  switch (origin) {
    case PollOrigin.HARD_IRQ:
      return 'hard-irq';
    case PollOrigin.TIMER:
      return 'timer';
    case PollOrigin.BUSY_POLL:
      return 'busy-poll';
    case PollOrigin.RESUME:
      return 'resume';
    default:
      return 'softirq';
  }
}

/** The last poll's origin before record index i (searching back at most `limit` records), or -1 (none yet: the driver's own start). */
function originBefore(tw: TraceWindow, i: number, limit = 1 << 16): number {
  for (let j = i - 1, n = 0; j >= 0 && n < limit; j--, n++) {
    if (tw.kind[j] === TraceKind.NAPI && tw.a[j] === NapiEvent.POLL) return tw.b[j];
  }
  return -1;
}

/** The kernel lane's marks with t0 <= t <= t1. */
export function rearmMarks(tw: TraceWindow, t0: number, t1: number): RearmMark[] {
  const marks: RearmMark[] = [];
  const from = tw.lowerBound(t0);
  const end = tw.upperBound(t1);
  let origin = originBefore(tw, from);
  let isrPending = false;
  const add = (tNs: number, who: RearmWho, rearm: boolean, extra = '') => {
    const r = REARM_RULES[who];
    marks.push({ tNs, who, letter: r.letter, rearm, text: `${r.name[0].toUpperCase()}${r.name.slice(1)} at ${fmtNs(tNs)}: ${r.rule}${extra}.` });
  };
  for (let i = from; i < end; i++) {
    const k = tw.kind[i];
    if (k === TraceKind.NAPI) {
      const ev = tw.a[i];
      if (ev === NapiEvent.POLL) origin = tw.b[i];
      else if (ev === NapiEvent.ISR_REENABLE) isrPending = true;
      else if (ev === NapiEvent.SUSPEND) add(tw.tNs[i], 'suspend-on', false, ` (${fmtNs(tw.b[i])})`);
      else if (ev === NapiEvent.RESUME) add(tw.tNs[i], 'suspend-off', false);
      else if (ev === NapiEvent.KEEP_MASKED && tw.b[i] !== KeepMasked.BUSY_POLL) add(tw.tNs[i], 'kept-masked', false, `: ${KEPT_REASON[tw.b[i]] ?? ''}`);
    } else if (k === TraceKind.MMIO_WRITE && tw.a[i] === REG_INDEX.IMS) {
      if (origin < 0 && !isrPending) continue; // the driver's start-up unmask, before any poll
      add(tw.tNs[i], isrPending ? 'isr' : whoOfOrigin(origin), true);
      isrPending = false;
    }
  }
  return marks;
}
