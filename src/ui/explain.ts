/**
 * Why did this interrupt fire then? One paragraph built from the trace:
 * which cause, what set it (a timer expiring, a frame stored with RDTR = 0,
 * an immediate cause), and why the line asserted when it did (at once, at the
 * end of the ITR window, when QEMU's main loop woke to run its window's
 * callback, when the driver unmasked IMS and how long after the window).
 */
import { CAUSES, causeNames, REG_INDEX, TIMER_NAMES, TraceKind, DEFERRAL_TIMERS, timerDescriptor, timerPhrase, WAKE_TIMERS, WINDOW_TIMERS } from '../core';
import { SpanEnd, type TraceWindow } from '../state/traceWindow';
import { fmtHex, fmtNs } from '../state/format';

const EPS = 0.5;

function prevIndexOf(from: number, pred: (i: number) => boolean, stop = 0): number {
  for (let i = from; i >= stop; i--) if (pred(i)) return i;
  return -1;
}

function nextIndexOf(tw: TraceWindow, from: number, pred: (i: number) => boolean): number {
  for (let i = from; i < tw.length; i++) if (pred(i)) return i;
  return -1;
}

/**
 * The story of timer `id` that fired at `t`, read from its span (the trace
 * window's timer spans, core/timers/spans.ts): when the run that fired
 * began, and how many re-armings led to it since its TIMER_START.
 */
function timerStory(tw: TraceWindow, id: number, t: number): string {
  const name = TIMER_NAMES[id] ?? `timer ${id}`;
  const spans = tw.timerSpans[id];
  const fired = spans ? spans.endedAt(t, SpanEnd.FIRED) : -1;
  if (fired < 0) return `${name} expired at ${fmtNs(t)}`;
  const t0 = spans.start[fired];
  const first = spans.chainStart(fired);
  const facts = { took: fmtNs(t - t0), startedAt: fmtNs(t0), restarts: fired - first, firstStartedAt: fmtNs(spans.start[first]) };
  const story = timerDescriptor(id)?.story;
  return story ? story(facts) : `${name} expired ${facts.took} after it started at ${facts.startedAt}`;
}

/**
 * The WAKE timer `wakeId` fired at `t`: the window it belongs to was due
 * when WAKE started, and QEMU's main loop ran the window's callback now.
 */
function wakeStory(tw: TraceWindow, wakeId: number, t: number): string {
  const wake = tw.timerSpans[wakeId];
  const fired = wake ? wake.endedAt(t, SpanEnd.FIRED) : -1;
  const callback = (dueNs: number) => `QEMU's main-loop thread ran its callback ${fmtNs(t - dueNs)} after that (host timer wake-up)`;
  if (fired < 0) return `QEMU's main-loop thread ran the window's callback at ${fmtNs(t)} (host timer wake-up)`;
  const due = wake.start[wake.chainStart(fired)];
  for (const id of WINDOW_TIMERS) {
    const window = tw.timerSpans[id];
    const w = window.endedAt(due, SpanEnd.FIRED);
    if (w < 0) continue;
    const opened = window.start[w];
    const what = timerPhrase(timerDescriptor(id)!);
    return `${what}, opened at ${fmtNs(opened)}, was due ${fmtNs(due - opened)} later at ${fmtNs(due)}; ${callback(due)}`;
  }
  return `QEMU's timer was due at ${fmtNs(due)}; ${callback(due)}`;
}

/** How the window held back since record `from` ended before `idx`, or null if none ended. */
function windowEnd(tw: TraceWindow, from: number, idx: number): { endNs: number; story: string } | null {
  const fire = prevIndexOf(idx - 1, (i) => tw.kind[i] === TraceKind.TIMER_FIRE && (WINDOW_TIMERS.has(tw.a[i]) || WAKE_TIMERS.has(tw.a[i])), from);
  if (fire < 0) return null;
  return { endNs: tw.tNs[fire], story: WAKE_TIMERS.has(tw.a[fire]) ? wakeStory(tw, tw.a[fire], tw.tNs[fire]) : timerStory(tw, tw.a[fire], tw.tNs[fire]) };
}

/** What set `mask` in ICR at record `setIdx`. */
function causeStory(tw: TraceWindow, setIdx: number, mask: number): string {
  const t = tw.tNs[setIdx];
  const name = causeNames(mask).join('+');
  // Look at what happened at the same instant, just before the cause was set.
  for (let i = setIdx - 1; i >= 0 && tw.tNs[i] >= t - EPS; i--) {
    const k = tw.kind[i];
    if (k === TraceKind.TIMER_FIRE) return `${name} was set at ${fmtNs(t)} because ${timerStory(tw, tw.a[i], tw.tNs[i])}`;
    if (k === TraceKind.RX_DROP) return `${name} was set at ${fmtNs(t)}: a frame was dropped because the RX ring was full (an immediate cause)`;
    if (k === TraceKind.RX_STORE && mask & CAUSES.find((c) => c.name === 'RXDMT0')!.mask)
      return `${name} was set at ${fmtNs(t)}: storing a frame left the free RX descriptors at the RDMTS threshold (an immediate cause)`;
    if (k === TraceKind.RX_STORE) return `${name} was set at ${fmtNs(t)} as the frame was stored, with no delay (RDTR = 0 or the model raises causes at once)`;
    if (k === TraceKind.TX_DONE) return `${name} was set at ${fmtNs(t)} as the frame was sent, with no delay (no IDE on the descriptor, TIDV = 0 or the model raises causes at once)`;
    if (k === TraceKind.MMIO_WRITE) return `${name} was set at ${fmtNs(t)} by a register write`;
  }
  return `${name} was set at ${fmtNs(t)}`;
}

/**
 * The paragraph for the LINE_ASSERT record at index `idx` of the window
 * (null if `idx` is not one).
 */
export function explainInterrupt(tw: TraceWindow, idx: number): string | null {
  if (idx < 0 || idx >= tw.length || tw.kind[idx] !== TraceKind.LINE_ASSERT) return null;
  const t = tw.tNs[idx];
  const pending = tw.a[idx];
  const parts: string[] = [];
  const names = causeNames(pending);
  parts.push(`The line asserted at ${fmtNs(t)} for ${names.length ? names.join(' and ') : 'no enabled cause'} (ICR & IMS = ${fmtHex(pending)}).`);

  // The previous ICR read cleared ICR: causes set since then are this interrupt's.
  const prevRead = prevIndexOf(idx - 1, (i) => tw.kind[i] === TraceKind.ICR_READ);
  const boundary = prevRead >= 0 ? prevRead : 0;
  let latestSet = -Infinity;
  for (const c of CAUSES) {
    if (!(pending & c.mask)) continue;
    const setIdx = prevIndexOf(idx, (i) => tw.kind[i] === TraceKind.CAUSE_SET && (tw.a[i] & c.mask) !== 0, boundary);
    if (setIdx < 0) continue;
    latestSet = Math.max(latestSet, tw.tNs[setIdx]);
    parts.push(capitalize(causeStory(tw, setIdx, c.mask)) + '.');
  }

  // Why the line went up now and not when the cause was set.
  const prevAssert = prevIndexOf(idx - 1, (i) => tw.kind[i] === TraceKind.LINE_ASSERT);
  if (Number.isFinite(latestSet) && t - latestSet > EPS) {
    const wait = fmtNs(t - latestSet);
    const sameT = (i: number) => Math.abs(tw.tNs[i] - t) <= EPS;
    const firedNow = (pred: (id: number) => boolean) => prevIndexOf(idx - 1, (i) => sameT(i) && tw.kind[i] === TraceKind.TIMER_FIRE && pred(tw.a[i]));
    const wakeFire = firedNow((id) => WAKE_TIMERS.has(id));
    const windowFire = firedNow((id) => WINDOW_TIMERS.has(id) || DEFERRAL_TIMERS.has(id));
    const imsWrite = prevIndexOf(idx - 1, (i) => sameT(i) && tw.kind[i] === TraceKind.MMIO_WRITE && tw.a[i] === REG_INDEX.IMS);
    if (wakeFire >= 0) {
      parts.push(`The line waited ${wait} because ${wakeStory(tw, tw.a[wakeFire], tw.tNs[wakeFire])}, so the line asserted at ${fmtNs(t)}; causes that arrive inside the window wait for its end.`);
    } else if (windowFire >= 0) {
      parts.push(`The line waited ${wait} because ${timerStory(tw, tw.a[windowFire], tw.tNs[windowFire])}; causes that arrive inside the window wait for its end.`);
    } else if (imsWrite >= 0) {
      let text = `The line waited ${wait}: the driver had masked interrupts (IMC) while polling and re-enabled them by writing IMS at ${fmtNs(t)}.`;
      const ended = windowEnd(tw, Math.max(0, prevAssert), idx);
      if (ended && ended.endNs >= latestSet) {
        text += ` ${capitalize(ended.story)}, at ${fmtNs(ended.endNs)}; the line then waited ${fmtNs(t - ended.endNs)} after the window ended, for the IMS write.`;
      } else if (ended) {
        text += ` The window had ended at ${fmtNs(ended.endNs)}, before the cause was set, so the line waited only for the IMS write.`;
      }
      parts.push(text);
    } else parts.push(`The line asserted ${wait} after the cause was set.`);
  } else if (Number.isFinite(latestSet)) {
    parts.push('The line asserted at once: nothing held it back.');
  }

  // Work done: frames stored since the previous interrupt.
  let rx = 0;
  let tx = 0;
  for (let i = prevAssert + 1; i < idx; i++) {
    if (tw.kind[i] === TraceKind.RX_STORE) rx++;
    else if (tw.kind[i] === TraceKind.TX_DONE) tx++;
  }
  const since = prevAssert >= 0 ? `since the previous interrupt at ${fmtNs(tw.tNs[prevAssert])}` : 'before it';
  const work: string[] = [];
  if (rx) work.push(`${rx} frame${rx === 1 ? '' : 's'} stored`);
  if (tx) work.push(`${tx} frame${tx === 1 ? '' : 's'} sent`);
  if (work.length) parts.push(`${capitalize(work.join(' and '))} ${since}.`);

  const read = nextIndexOf(tw, idx + 1, (i) => tw.kind[i] === TraceKind.ICR_READ);
  if (read >= 0) {
    const v = tw.a[read];
    parts.push(
      `The guest's ISR read ICR = ${fmtHex(v)} (${causeNames(v).join(' ') || 'nothing: not ours'}) at ${fmtNs(tw.tNs[read])}${
        tw.tNs[read] > t ? `, ${fmtNs(tw.tNs[read] - t)} later` : ''
      }; the read cleared ICR and dropped the line.`,
    );
  } else {
    parts.push("The guest's ISR has not read ICR yet: step (→) to watch the read clear it.");
  }
  return parts.join(' ');
}

function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/** Interrupts a text description lists one by one; past this it gives the count and the gaps' range only. */
const DESCRIBED_INTERRUPTS = 12;

/**
 * The timeline in words, for a screen reader and for anyone who wants the
 * numbers: the interrupts in the window [t0, t1], each with its instant and
 * the causes it fired for (ICR & IMS at the assertion), and the gaps
 * between them (shortest, longest, and each one while the list is short).
 */
export function describeWindow(tw: TraceWindow, t0: number, t1: number): string {
  const span = `${fmtNs(t0)} to ${fmtNs(t1)}`;
  const irqs = tw.interruptsIn(t0, t1);
  if (irqs.length === 0) return `No interrupt from ${span}.`;
  const at = (i: number) => tw.tNs[i];
  const causes = (i: number) => {
    const names = causeNames(tw.a[i]);
    return names.length ? names.join(' and ') : 'no enabled cause';
  };
  const count = irqs.length === 1 ? '1 interrupt' : `${irqs.length} interrupts`;
  const listed = irqs.slice(0, DESCRIBED_INTERRUPTS).map((i) => `${fmtNs(at(i))} (${causes(i)})`);
  const more = irqs.length > DESCRIBED_INTERRUPTS ? `, and ${irqs.length - DESCRIBED_INTERRUPTS} more` : '';
  const parts = [`${count} from ${span}: at ${listed.join(', ')}${more}.`];
  if (irqs.length > 1) {
    const gaps = irqs.slice(1).map((i, k) => at(i) - at(irqs[k]));
    const min = Math.min(...gaps);
    const max = Math.max(...gaps);
    if (gaps.length <= DESCRIBED_INTERRUPTS - 1) parts.push(`Gaps: ${gaps.map(fmtNs).join(', ')}.`);
    parts.push(min === max ? `Every gap is ${fmtNs(min)}.` : `Shortest gap ${fmtNs(min)}, longest ${fmtNs(max)}.`);
  }
  return parts.join(' ');
}
