import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The Node-only modules of src/sweep; everything else also runs in a browser Web Worker. */
const NODE_ONLY = ['pool.ts', 'bench.ts', 'sweepWorker.ts'];

describe('src/sweep layering', () => {
  const files = readdirSync(__dirname).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));

  it('the platform-free modules import nothing from Node, the browser, React or other layers above base, the core and the scenario', () => {
    for (const name of files.filter((f) => !NODE_ONLY.includes(f))) {
      const text = readFileSync(join(__dirname, name), 'utf8');
      const specs = [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
      for (const spec of specs) {
        expect(spec.startsWith('./') || spec.startsWith('../base/') || spec.startsWith('../core/') || spec.startsWith('../scenario/'), `${name} imports ${spec}`).toBe(true);
      }
      expect(/\bprocess\.|\brequire\(|Date\.now\(|Math\.random\(/.test(text), name).toBe(false);
    }
  });

  it('the index re-exports only platform-free modules', () => {
    const index = readFileSync(join(__dirname, 'index.ts'), 'utf8');
    for (const name of NODE_ONLY) expect(index).not.toContain(`'./${name.replace(/\.ts$/, '')}'`);
  });
});
