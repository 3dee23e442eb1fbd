import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../core/types';
import { LESSONS } from '../content/lessons';
import { checkLesson, lessonRun } from './lessonCheck';
import {
  LESSON_METRICS,
  WINDOWED_METRICS,
  checkClaim,
  formatNumber,
  lessonPlayback,
  lessonScenario,
  judgeGuess,
  placeholders,
  questionAnswer,
  renderNarration,
  resolvePlaceholder,
  type Lesson,
  type LessonQuestion,
} from './lessons';

/**
 * Words with digits the narration may type: names of models, profiles,
 * registers and causes, and the years of the story. Any other digit must
 * come from a placeholder.
 */
/** A drawn question with every parameter at its min (undefined for an ordinary question). */
function atMin(q: LessonQuestion) {
  return q.params ? { q, values: Object.fromEntries(q.params.map((p) => [p.name, p.min])) } : undefined;
}

const NAMES_WITH_DIGITS = /\b(8254x|e1000|qemu-2012|qemu-2013|rizzo-2012|kvm-2012|tcg-2012|tcg-qemu72|RXDMT0|RXT0|2012|2013)\b/g;

const runs = new Map<string, RunResult>();
function run(l: Lesson, variant?: string): RunResult {
  return lessonRun(l, variant, runs);
}

describe('lessons', () => {
  it('there are at least nine, with unique ids, in the order of the issue', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(9);
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
    const topics = [/interrupt per frame/i, /RDTR/, /RADV/, /ITR/, /TIDV/, /RXDMT0/, /2012/, /2013.*128/, /dynamic ITR/, /magic 5 meets the guest driver/];
    topics.forEach((topic, i) => expect(LESSONS[i].title).toMatch(topic));
  });

  it('docs/lessons.md lists the built-in lessons as they are: the count in words, and each id, title and question kinds in order', () => {
    const doc = readFileSync('docs/lessons.md', 'utf8');
    const section = doc.slice(doc.indexOf('## The built-in lessons'));
    const words = ['Nine', 'Ten', 'Eleven', 'Twelve', 'Thirteen', 'Fourteen', 'Fifteen', 'Sixteen'];
    expect(section).toContain(`${words[LESSONS.length - 9]}, in this order`);
    const rows = [...section.matchAll(/^\| (\d+) \| `([^`]+)` \| (.+?) \| (.+?) \|$/gm)].map((m) => [Number(m[1]), m[2], m[3], m[4]]);
    expect(rows).toEqual(LESSONS.map((l, i) => [i + 1, l.id, l.title, (l.questions ?? []).map((q) => q.kind + (q.params ? ' (drawn)' : '')).join(', ') || 'none']));
  });

  it('the lesson 1 and 7 scenarios are the ones the issue names', () => {
    const first = lessonScenario(LESSONS[0]);
    expect(first.ok && first.value.device.model).toBe('qemu-2012');
    expect(first.ok && first.value.guest.costs).toBe('kvm-2012');
    const rizzo = lessonScenario(LESSONS[6]);
    expect(rizzo.ok && rizzo.value.device.model).toBe('rizzo-2012');
    // The default bottom half: 10 ms.
    expect(rizzo.ok && rizzo.value.device.params.rizzoBottomHalfUs).toBe(10_000);
    const floor = lessonScenario(LESSONS[7]);
    expect(floor.ok && floor.value.device.model).toBe('qemu-2013');
  });

  for (const l of LESSONS) {
    describe(l.id, () => {
      it('its scenario and variants are valid', () => {
        expect(lessonScenario(l)).toMatchObject({ ok: true });
        for (const v of l.variants ?? []) expect(lessonScenario(l, v.id), v.id).toMatchObject({ ok: true });
      });

      it('every claim holds in the simulation', () => {
        for (const claim of l.claims) {
          if ('metric' in claim) {
            expect(Object.keys(LESSON_METRICS)).toContain(claim.metric);
            if (claim.window) expect(WINDOWED_METRICS, `${claim.id}: ${claim.metric} cannot take a window`).toContain(claim.metric);
            expect(claim.equals !== undefined || claim.min !== undefined || claim.max !== undefined, claim.id).toBe(true);
          }
          const check = checkClaim(claim, run(l, claim.variant));
          expect(check.ok, `${l.id} claim ${claim.id}: ${check.detail}`).toBe(true);
        }
        // The checker the CLI and the editor use says the same.
        for (const report of checkLesson(l, runs)) expect(report.ok, `${l.id} ${report.claim.id}: ${report.detail}`).toBe(true);
      });

      it('plays its point within about ten seconds, from where it starts', () => {
        const p = l.playback!;
        expect(p, `${l.id} has no playback`).toBeDefined();
        const start = p.startUs ?? 0;
        expect(p.viewUs[0]).toBeLessThanOrEqual(start);
        expect(p.viewUs[1]).toBeGreaterThan(start);
        const seconds = ((p.viewUs[1] - start) * 1000) / p.speedNsPerSec;
        expect(seconds, `${l.id}: Play takes ${seconds} s to cross its window`).toBeLessThanOrEqual(11);
        expect(seconds, `${l.id}: Play takes ${seconds} s to cross its window`).toBeGreaterThanOrEqual(2);
      });

      it('its questions are answered by claims, inside the window Play shows, before the answer happens', () => {
        const seen = new Set<number>();
        for (const q of l.questions ?? []) {
          expect(seen.has(q.step), `${l.id}: two questions at step ${q.step}`).toBe(false);
          seen.add(q.step);
          expect(q.step).toBeGreaterThanOrEqual(0);
          expect(q.step).toBeLessThan(l.narration.length);
          const a = questionAnswer(l, q);
          expect(a.ok, a.ok ? '' : a.error).toBe(true);
          if (!a.ok) continue;
          const [v0, v1] = l.playback!.viewUs;
          expect(q.pauseUs).toBeGreaterThanOrEqual(v0);
          expect(q.pauseUs).toBeLessThan(v1);
          if (q.kind === 'instant') {
            expect(a.value.value as number).toBeGreaterThan(q.pauseUs);
            expect(a.value.value as number).toBeLessThanOrEqual(v1);
            // The simulation has no interrupt between the pause and the answer.
            const next = run(l).interrupts.find((i) => i.tUs >= q.pauseUs);
            expect(next?.tUs).toBeCloseTo(a.value.value as number, 3);
          }
          if (q.kind === 'choice') expect(q.choices!.length).toBeGreaterThanOrEqual(2);
          expect(judgeGuess(a.value, q, a.value.value).right).toBe(true);
          for (const text of [q.prompt, q.reveal]) {
            for (const key of placeholders(text)) expect(resolvePlaceholder(l, key, undefined, atMin(q)), `${l.id}: {${key}}`).toBeDefined();
            const bare = text.replace(/\{[^{}]+\}/g, '').replace(NAMES_WITH_DIGITS, '');
            expect(bare, `${l.id}: a number typed into a question`).not.toMatch(/\d/);
          }
        }
      });

      it('its narration uses only placeholders that resolve, and every claim appears in it', () => {
        // Questions' prompts and reveals are narration too.
        const text = [...l.narration, l.lookFor, ...(l.questions ?? []).filter((q) => !q.params).flatMap((q) => [q.prompt, q.reveal])].join('\n');
        for (const key of placeholders(text)) expect(resolvePlaceholder(l, key), `${l.id}: {${key}}`).toBeDefined();
        // A drawn question's texts resolve with its parameters drawn (checked at their min here, and for many seeds in drawnQuestions.test.ts).
        for (const q of (l.questions ?? []).filter((x) => x.params)) expect(renderNarration(l, `${q.prompt}\n${q.reveal}`, atMin(q))).not.toContain('{?');
        const used = new Set(placeholders(text).map((k) => k.split(/[.|]/)[0]));
        for (const claim of l.claims) {
          expect(used.has(claim.id), `${l.id}: claim ${claim.id} is not in the narration`).toBe(true);
        }
        expect(renderNarration(l, text)).not.toContain('{?');
      });

      it('types no number of its own: digits come from claims and the scenario', () => {
        for (const text of [...l.narration, l.lookFor]) {
          const bare = text.replace(/\{[^{}]+\}/g, '').replace(NAMES_WITH_DIGITS, '');
          expect(bare, `${l.id}: a number typed into the narration`).not.toMatch(/\d/);
        }
      });

      it('numbers in its title and variant labels are backed by the simulation or the scenario', () => {
        const narration = renderNarration(l, l.narration.join('\n'));
        for (const n of l.title.replace(NAMES_WITH_DIGITS, '').match(/\d[\d,.]*/g) ?? []) expect(narration, `${l.id} title: ${n}`).toContain(n);
        for (const v of l.variants ?? []) {
          const patch = JSON.stringify(v.patch);
          for (const n of v.label.replace(NAMES_WITH_DIGITS, '').match(/\d+/g) ?? []) expect(patch, `${l.id} variant ${v.id}: ${n}`).toContain(n);
        }
      });
    });
  }

  it('at least four lessons ask the class to predict, with every kind of question', () => {
    const asking = LESSONS.filter((l) => (l.questions ?? []).length > 0);
    expect(asking.length).toBeGreaterThanOrEqual(4);
    const kinds = new Set(asking.flatMap((l) => l.questions!.map((q) => q.kind)));
    expect([...kinds].sort()).toEqual(['choice', 'instant', 'number']);
  });

  it('what the narration tells about a stretch of the run, Play shows: every interrupt a narrated windowed claim counts lies at or after where the clock starts and, when the window stays put, inside it', () => {
    for (const l of LESSONS) {
      const r = run(l);
      const p = lessonPlayback(l, r.scenario.durationUs);
      const told = new Set(l.narration.flatMap((t) => placeholders(t)).map((k) => k.split(/[.|]/)[0]));
      for (const c of l.claims) {
        if (c.variant || !told.has(c.id) || !('window' in c) || !c.window) continue;
        const w = c.window;
        const inWindow = r.interrupts.map((i) => i.tUs).filter((t) => t >= w.fromUs && t < w.toUs);
        for (const t of inWindow) {
          expect(t, `${l.id}: ${c.id} counts an interrupt at ${t} µs, before Play starts at ${p.startUs ?? 0} µs`).toBeGreaterThanOrEqual(p.startUs ?? 0);
          if (!p.follow) expect(t >= p.viewUs[0] && t <= p.viewUs[1], `${l.id}: ${c.id}'s interrupt at ${t} µs is outside the window ${p.viewUs.join('-')} µs`).toBe(true);
        }
      }
    }
  });

  it('a lesson sends the class only to controls the Lessons tab has: every "Press \"X\"" names a variant button or a lesson panel or transport button, and no text points to the Simulator tab\'s controls', () => {
    const panelButtons = ['Play', 'Step', 'Run to the end', 'Load this lesson'];
    for (const l of LESSONS) {
      const text = [...l.narration, l.lookFor].join('\n');
      const buttons = [...panelButtons, ...(l.variants ?? []).map((v) => v.label)];
      for (const m of text.matchAll(/[Pp]ress "([^"]+)"/g)) expect(buttons, `${l.id}: "${m[1]}"`).toContain(m[1]);
      expect(text, l.id).not.toMatch(/in the controls|Controls panel|the slider|Simulator tab/i);
    }
    expect(LESSONS.find((l) => l.id === 'main-loop-own-core')!.lookFor).toContain('Press "The main loop on a core of its own"');
  });

  it('every lesson plays start to end in a classroom-sized time: at most 60 s of Play from where the clock starts, and a window that stays put shows the run to its end', () => {
    for (const l of LESSONS) {
      const s = lessonScenario(l);
      if (!s.ok) throw new Error(s.error);
      const p = lessonPlayback(l, s.value.durationUs);
      const seconds = (s.value.durationUs - (p.startUs ?? 0)) / (p.speedNsPerSec / 1000);
      expect(seconds, `${l.id}: ${seconds} s of Play`).toBeLessThanOrEqual(60);
      if (!p.follow) expect(p.viewUs[1], `${l.id}: the window stays at ${p.viewUs.join('-')} µs while the clock runs to ${s.value.durationUs} µs`).toBeGreaterThanOrEqual(s.value.durationUs);
    }
  });

  it('lesson 9 explains the rhythm the timeline shows: long, long, short, repeated through the burst', () => {
    const l = LESSONS.find((x) => x.id === 'linux-dynamic-itr')!;
    const r = run(l);
    // Every gap of the bulk phase, as the class sees it, is one of the pattern's.
    const times = r.interrupts.map((i) => i.tUs).filter((t) => t >= 4090 && t < 7100);
    const gaps = times.slice(1).map((t, i) => Math.round((t - times[i]) * 1000) / 1000);
    expect(gaps.slice(0, 6)).toEqual([249.856, 249.856, 111.104, 249.856, 249.856, 111.104]);
    const text = renderNarration(l, l.narration.join('\n'));
    expect(text).toContain('249.856, 249.856 and 111.104 µs');
    expect(text).toContain('every 610.816 µs');
    expect(text).toContain('111.104 µs');
    // A broken pattern fails with what was seen.
    const bad = checkClaim({ id: 'x', gapPatternUs: [249.856], window: { fromUs: 4090, toUs: 7100 } }, r);
    expect(bad.ok).toBe(false);
    expect(bad.detail).toContain('expected the pattern [249.856] repeated, got [249.856, 249.856, 111.104');
  });

  it('a guess is judged against the answer within the tolerance', () => {
    const l = LESSONS.find((x) => x.id === 'rdtr-starved')!;
    const q = l.questions![0];
    const a = questionAnswer(l, q);
    expect(a.ok && a.value).toEqual({ value: 113.192, text: '113.192 µs' });
    if (!a.ok) return;
    expect(judgeGuess(a.value, q, 111)).toMatchObject({ right: true });
    expect(judgeGuess(a.value, q, 60).right).toBe(false);
    const rx = LESSONS.find((x) => x.id === 'rxdmt0')!;
    const qc = rx.questions![0];
    const ac = questionAnswer(rx, qc);
    expect(ac.ok && judgeGuess(ac.value, qc, 'RXDMT0').right).toBe(true);
    expect(ac.ok && judgeGuess(ac.value, qc, 'RXT0').right).toBe(false);
  });

  it('renders placeholders from claims and scenario fields', () => {
    const radv = LESSONS.find((l) => l.id === 'radv-bound')!;
    expect(renderNarration(radv, '{irq} at {times} µs, RADV {scenario:device.regs.RADV|us} µs')).toBe(
      '5 at 26.384, 46.384, 66.384, 86.384 and 106.384 µs, RADV 16.384 µs',
    );
    const itr = LESSONS.find((l) => l.id === 'itr-cap')!;
    expect(renderNarration(itr, '{scenario:device.regs.ITR|rate}/s, {scenario@no-itr:device.regs.ITR}, {unit:ITR}')).toBe('20,032/s, 0, 256 ns');
    expect(renderNarration(itr, '{nope} {gap|perSec}')).toBe('{?nope} 20,032');
    expect(formatNumber(1234.56789)).toBe('1,234.568');
  });

  it('a claim that does not hold fails with what was expected and what came out', () => {
    const l = LESSONS.find((x) => x.id === 'radv-bound')!;
    const check = checkClaim({ id: 'x', metric: 'interrupts', equals: 6 }, run(l));
    expect(check.ok).toBe(false);
    expect(check.detail).toBe('interrupts: expected 6 (±0.000001), got 5');
    expect(checkClaim({ id: 'y', interrupt: 0, causes: ['TXDW'] }, run(l)).detail).toBe('interrupt 0 causes: expected TXDW, got RXT0');
  });
});
