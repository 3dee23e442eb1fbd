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

  it('lower layers never import higher ones', () => {
    // base and core share rank 0; core may import base (checked above), base imports nothing.
    const rank: Record<string, number> = { base: 0, core: 0, scenario: 1, export: 1, io: 1, sweep: 2, bench: 3, cli: 3, worker: 3, state: 4, ui: 5 };
    for (const layer of Object.keys(rank)) {
      let dir: string;
      try {
        dir = join(SRC, layer);
        statSync(dir);
      } catch {
        continue;
      }
      for (const f of files(dir)) {
        for (const spec of imports(f)) {
          if (!spec.startsWith('.')) continue;
          const t = target(f, spec);
          if (t in rank && t !== layer) expect(t === 'base' || rank[t] < rank[layer], `${relative(SRC, f)} imports ${spec}`).toBe(true);
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
