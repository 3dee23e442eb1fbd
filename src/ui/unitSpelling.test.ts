/**
 * Rule (issue 25, ux-walk item 7): one spelling of the microsecond on screen.
 * Everything the app shows a person says "µs"; the ASCII "us" stays only
 * where the scenario format and the CLI fix it (field names like durationUs,
 * unit codes compared in code, the CLI's messages). e2e/unitSpelling.spec.ts
 * checks the rendered pages; this checks the sources of the app's words that
 * a page walk may not reach: every string literal and JSX text of the UI and
 * the app's state (messages, tooltips, labels), the content (presets,
 * comparisons, lessons) and every lesson's rendered narration, questions and
 * reveals, and every unit the app shows through shownUnit.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAst } from 'rolldown/parseAst';
import { describe, expect, it } from 'vitest';
import { hasBareUs, shownUnit } from '../scenario/plainWords';
import { LESSONS } from '../content/lessons';
import { PRESETS } from '../content/presets';
import { COMPARE_EXAMPLES } from '../content/comparisons';
import { drawValues, renderNarration } from '../scenario/lessons';
import { DEVICE_MODEL_REGISTRY, GUEST_DRIVER_REGISTRY, REGISTERS, TIMER_REGISTRY, patternsFor } from '../core';
import { SWEEP_METRICS } from '../sweep/metrics';

/** Source files under a folder (not tests). */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

/** The unit codes the format and the register table use, which code compares or passes to shownUnit: `us`, `1.024 us`. */
const UNIT_CODE = /^(1\.024 )?us$/;

/** Every string literal, template piece and JSX text of a file that spells `us`, as "file:line: text" (parsed by vite's own parser). */
function bareUsLiterals(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  const line = (at: number) => text.slice(0, at).split('\n').length;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const n = node as { type?: string; value?: unknown; start?: number };
    let s: string | undefined;
    if ((n.type === 'Literal' || n.type === 'JSXText') && typeof n.value === 'string') s = n.value;
    else if (n.type === 'TemplateElement') s = (n.value as { cooked?: string }).cooked ?? undefined;
    // A lesson's placeholders ({scenario:device.regs.RDTR|us}) name a filter; what they render is checked below.
    if (s !== undefined && !UNIT_CODE.test(s.trim()) && hasBareUs(s.replace(/\{[^{}]*\}/g, ''))) found.push(`${file}:${line(n.start ?? 0)}: ${s.trim().slice(0, 80)}`);
    for (const v of Object.values(n)) if (typeof v === 'object') visit(v);
  };
  visit(parseAst(text, { lang: file.endsWith('.tsx') ? 'tsx' : 'ts' }, file));
  return found;
}

describe('one spelling of µs', () => {
  it('the detector finds the ASCII unit and nothing else', () => {
    for (const bad of ['8.192 us', '(us)', 'at most 10000000 us)', 'in us, sorted', 'us']) expect(hasBareUs(bad), bad).toBe(true);
    for (const good of ['8.192 µs', 'en-US', 'status', 'usecs', 'rx-usecs', 'bus', 'durationUs', 'campus', 'busy_poll_usecs']) expect(hasBareUs(good), good).toBe(false);
  });

  it('shownUnit writes every unit the registers, metrics and fields use with µs', () => {
    expect(shownUnit('us')).toBe('µs');
    expect(shownUnit('1.024 us')).toBe('1.024 µs');
    expect(shownUnit('us (1,024 ns)')).toBe('µs (1,024 ns)');
    expect(shownUnit('256 ns')).toBe('256 ns');
    expect(shownUnit('frames/s')).toBe('frames/s');
    for (const r of REGISTERS) expect(hasBareUs(shownUnit(r.unit)), r.name).toBe(false);
    for (const m of Object.values(SWEEP_METRICS)) expect(hasBareUs(shownUnit(m.unit)), m.label).toBe(false);
  });

  it('no string the UI or the app state writes spells us (code comparing a unit code is exempt)', () => {
    const files = [...sources('src/ui'), ...sources('src/state'), ...sources('src/content')];
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap(bareUsLiterals)).toEqual([]);
  });

  it('every preset, comparison and register help text spells µs', () => {
    const texts = [
      ...PRESETS.flatMap((p) => [p.title, p.description]),
      ...COMPARE_EXAMPLES.map((c) => JSON.stringify(c)),
      ...REGISTERS.map((r) => r.help),
    ];
    expect(texts.filter(hasBareUs)).toEqual([]);
  });

  it('every text of the registries the panels read (models, drivers, timers, patterns) spells µs', () => {
    // Units and a field's allowed range are codes the format's messages use (the CLI's contract); the app shows
    // them through shownUnit and microSpelling (SweepView, ControlsPanel), so they are left out here.
    const found: string[] = [];
    const seen = new Set<unknown>();
    const walk = (x: unknown, path: string): void => {
      if (typeof x === 'string') {
        if (!/\.(unit|allowed|id|key)$/.test(path) && hasBareUs(x)) found.push(`${path}: ${x}`);
        return;
      }
      if (typeof x !== 'object' || x === null || seen.has(x)) return;
      seen.add(x);
      for (const [k, v] of Object.entries(x)) walk(v, `${path}.${k}`);
    };
    walk(DEVICE_MODEL_REGISTRY, 'models');
    walk(GUEST_DRIVER_REGISTRY, 'drivers');
    walk(TIMER_REGISTRY, 'timers');
    walk([...patternsFor('rx'), ...patternsFor('tx')], 'patterns');
    expect(seen.size).toBeGreaterThan(50);
    expect(found).toEqual([]);
  });

  it('every lesson: title, narration, what to look for, questions and reveals, rendered, spell µs', () => {
    const shown: string[] = [];
    for (const l of LESSONS) {
      const render = (t: string) => renderNarration(l, t);
      shown.push(l.title, ...l.narration.map(render), render(l.lookFor));
      for (const q of l.questions ?? []) {
        // A drawn question shows the values seed 1 draws (the worksheet's key); the others, the lesson's own.
        const drawn = q.params ? { q, values: drawValues(q, 1) } : undefined;
        shown.push(renderNarration(l, q.prompt, drawn), renderNarration(l, q.reveal, drawn), ...(q.choices ?? []));
      }
      for (const v of l.variants ?? []) shown.push(v.label);
    }
    expect(shown.length).toBeGreaterThan(LESSONS.length * 3);
    expect(shown.filter(hasBareUs)).toEqual([]);
  });
});
