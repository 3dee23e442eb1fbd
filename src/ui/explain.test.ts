/** The "why did it fire" paragraph, built from a real run of the default preset. */
import { describe, expect, it } from 'vitest';
import { createSimApi } from '../worker/simApi';
import { TraceWindow } from '../state/traceWindow';
import { loadPreset } from '../scenario/presets';
import { explainInterrupt } from './explain';

function windowAfter(steps: 'first' | 'second', patch?: (s: import('../core/scenario').Scenario) => void): { tw: TraceWindow; idx: number } {
  const r = loadPreset('default');
  if (!r.ok) throw new Error(r.error);
  patch?.(r.scenario);
  const api = createSimApi();
  const tw = new TraceWindow();
  tw.append(api.load(r.scenario).trace);
  tw.append(api.stepToInterrupt().trace);
  if (steps === 'second') tw.append(api.stepToInterrupt().trace);
  tw.append(api.advance(100).trace);
  const irqs = tw.interruptsIn(-Infinity, Infinity);
  return { tw, idx: irqs[irqs.length - 1] };
}

describe('explainInterrupt', () => {
  it('names RADV cutting the burst short, with times', () => {
    const { tw, idx } = windowAfter('first');
    const text = explainInterrupt(tw, idx)!;
    expect(text).toContain('The line asserted at 42.77 µs for RXT0');
    expect(text).toContain('RADV expired 32.77 µs after the first frame at 10 µs started it');
    expect(text).toContain('The line asserted at once');
    expect(text).toContain("The guest's ISR read ICR = 0x80 (RXT0)");
  });

  it('with RADV off, names RDTR expiring after the last frame', () => {
    const { tw, idx } = windowAfter('first', (s) => {
      s.device.regs.RADV = 0;
    });
    const text = explainInterrupt(tw, idx)!;
    expect(text).toMatch(/RDTR expired 8\.192 µs after the (last )?frame/);
  });

  it('returns null for a record that is not an interrupt', () => {
    const { tw } = windowAfter('first');
    expect(explainInterrupt(tw, 0)).toBeNull();
  });
});
