import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = join(__dirname);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(n) && !/\.test\.tsx?$/.test(n) ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

/** Which top-level folder of src/ an import lands in (or the package name). */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  const abs = join(file, '..', spec);
  return relative(SRC, abs).split(/[\\/]/)[0];
}

/**
 * Every folder's rank (architecture.md): a file may import its own folder,
 * base, and lower ranks only.
 */
const RANK: Record<string, number> = {
  base: 0,
  core: 0,
  content: 1,
  scenario: 2,
  export: 2,
  io: 2,
  sweep: 3,
  worker: 4,
  bench: 4,
  fuzz: 5,
  state: 5,
  cli: 6,
  ui: 7,
  'main.tsx': 8,
  'layering.test.ts': 9,
};

/** Imports the ranks allow anyway, each with its reason. */
const EXCEPTIONS: { from: RegExp; to: string; typeOnly?: boolean; why: string }[] = [
  { from: /^content\//, to: 'scenario', typeOnly: true, why: "content is data typed by the scenario schema's input type; types are erased, so nothing of scenario runs in content" },
  { from: /^content\//, to: 'sweep', typeOnly: true, why: "the Compare view's examples are typed by the comparison's shape (erased)" },
  { from: /^scenario\/(presets|lessonLink)\.ts$/, to: 'content', why: 'the preset loader and the lesson links look up the built-in presets and lessons by id (content imports scenario only as types)' },
  {
    from: /^worker\/reference\/record\.ts$/,
    to: 'fuzz',
    why: 'the re-record script (run by hand with tsx, imported by nothing) samples random reference scenarios from the fuzzer\'s console generator',
  },
];

/** Every import of a file: `import ... from`, `export ... from`, `import '...'` and `import('...')`, and whether it is type-only. */
function allImports(file: string): { spec: string; typeOnly: boolean }[] {
  const text = readFileSync(file, 'utf8');
  const found: { spec: string; typeOnly: boolean }[] = [];
  for (const m of text.matchAll(/^\s*(import|export)(\s+type)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) found.push({ spec: m[3], typeOnly: m[2] !== undefined });
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) found.push({ spec: m[1], typeOnly: false });
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ spec: m[1], typeOnly: false });
  return found;
}

describe('layering (architecture.md): ui -> state -> worker client -> core', () => {
  it('src/core imports nothing from the browser, React, zustand, d3 or comlink, nor from other layers', () => {
    for (const f of files(join(SRC, 'core'))) {
      for (const spec of imports(f)) {
        const t = target(f, spec);
        expect(['react', 'react-dom', 'zustand', 'comlink'].includes(t) || t.startsWith('d3'), `${relative(SRC, f)} imports ${spec}`).toBe(false);
        if (spec.startsWith('.')) expect(['core', 'base'], `${relative(SRC, f)} imports ${spec}`).toContain(t);
      }
    }
  });

  it('src/base (Result and such) imports nothing: no package, no other folder of src', () => {
    for (const f of files(join(SRC, 'base'))) {
      for (const spec of imports(f)) expect(target(f, spec), `${relative(SRC, f)} imports ${spec}`).toBe('base');
    }
  });

  it('src/core never reads a wall clock or Math.random', () => {
    for (const f of files(join(SRC, 'core'))) {
      const text = readFileSync(f, 'utf8');
      expect(/Date\.now\(|performance\.now\(|Math\.random\(|new Date\(/.test(text), relative(SRC, f)).toBe(false);
      expect(/\b(window|document)\.[a-zA-Z]/.test(text), relative(SRC, f)).toBe(false);
    }
  });

  it('the timeline engine (src/ui/timeline/) is framework-free: no React, zustand or store, so a canvas and an SVG painter share it', () => {
    for (const f of files(join(SRC, 'ui', 'timeline'))) {
      for (const spec of imports(f)) {
        const t = target(f, spec);
        expect(['react', 'react-dom', 'zustand'].includes(t) || /\/store$/.test(spec) || spec.endsWith('.tsx'), `${relative(SRC, f)} imports ${spec}`).toBe(false);
        if (spec.startsWith('.')) expect(/^\.\.?\/[A-Z]/.test(spec.replace(/^(\.\.\/)+/, './')), `${relative(SRC, f)} imports a React component ${spec}`).toBe(false);
      }
    }
  });

  it('every folder of src/ and every file at its root has a rank; no file imports (statically, by export or by import()) a higher or equal rank but its own folder, except the named exceptions', () => {
    for (const entry of readdirSync(SRC)) {
      const isDir = statSync(join(SRC, entry)).isDirectory();
      if (isDir || /\.tsx?$/.test(entry)) if (!/\.test\.tsx?$/.test(entry)) expect(RANK, `src/${entry} has no rank in layering.test.ts`).toHaveProperty([entry]);
    }
    for (const f of [...files(SRC)]) {
      const layer = relative(SRC, f).split(/[\\/]/)[0];
      for (const { spec, typeOnly } of allImports(f)) {
        if (!spec.startsWith('.')) continue;
        const t = target(f, spec);
        if (t === layer || t === 'base') continue;
        const excused = EXCEPTIONS.some((e) => e.from.test(relative(SRC, f)) && e.to === t && (!e.typeOnly || typeOnly));
        expect(excused || RANK[t] < RANK[layer], `${relative(SRC, f)} (rank ${RANK[layer]}) imports ${spec} (rank ${RANK[t]})`).toBe(true);
      }
    }
  });

  it('content, state and ui read the core through its public surface (core/index.ts) only', () => {
    for (const layer of ['content', 'state', 'ui']) {
      for (const f of files(join(SRC, layer))) {
        for (const { spec } of allImports(f)) {
          if (!spec.startsWith('.') || target(f, spec) !== 'core') continue;
          expect(relative(SRC, join(f, '..', spec)), `${relative(SRC, f)} imports ${spec}`).toBe('core');
        }
      }
    }
  });

  it('content (src/content/) is data: it imports core\'s constants and, as types only, the scenario\'s schema and the comparison\'s shape; core never reads it', () => {
    for (const f of files(join(SRC, 'content'))) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/^\s*(import|export)( type)?[^'"]*from\s+['"]([^'"]+)['"]/gm)) {
        const t = target(f, m[3]);
        const typeOnly = m[2] !== undefined;
        expect(t === 'core' || t === 'content' || ((t === 'scenario' || t === 'sweep') && typeOnly), `${relative(SRC, f)} imports ${m[3]}`).toBe(true);
      }
    }
    for (const f of files(join(SRC, 'core'))) for (const spec of imports(f)) expect(target(f, spec), relative(SRC, f)).not.toBe('content');
  });
});
