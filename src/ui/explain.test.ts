/** The "why did it fire" paragraph, built from real runs of presets and test scenarios. */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../core/scenario';
import { testScenario } from '../core/testScenario';
import { createSimApi } from '../worker/simApi';
import { TraceWindow } from '../state/traceWindow';
import { loadPreset } from '../scenario/presets';
import { describeWindow, explainInterrupt } from './explain';
import { fmtNs } from '../state/format';

function windowAfter(steps: 'first' | 'second', patch?: (s: Scenario) => void): { tw: TraceWindow; idx: number } {
  const r = loadPreset('default');
  if (!r.ok) throw new Error(r.error);
  patch?.(r.value);
  const api = createSimApi();
  const tw = new TraceWindow();
  tw.append(api.load(r.value).trace);
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
    // Read from RDTR's spans (core/timers/spans.ts): 31 frames stored, the first (10 µs) starts RDTR and each of the other 30 re-arms it.
    expect(text).toContain('31 frames stored before it');
    expect(text).toContain('it was restarted 30 times since it started at 10 µs');
  });

  it('returns null for a record that is not an interrupt', () => {
    const { tw } = windowAfter('first');
    expect(explainInterrupt(tw, 0)).toBeNull();
  });
});

/** The paragraph of the `n`th interrupt (0-based) of a run of `scenario` for `us` microseconds. */
function explainNth(scenario: Scenario, us: number, n: number): string {
  const api = createSimApi();
  const tw = new TraceWindow();
  tw.append(api.load(scenario).trace);
  tw.append(api.advance(us * 1000).trace);
  const irqs = tw.interruptsIn(-Infinity, Infinity);
  expect(irqs.length).toBeGreaterThan(n);
  return explainInterrupt(tw, irqs[n])!;
}

/** linux-e1000 under tcg-2012, RX every 20 us: it still polls, masked, when QEMU's 128 us window ends. */
const unmaskWait = (costs: Scenario['guest']['costs'], pps: number) =>
  testScenario({ durationUs: 2000, device: { model: 'qemu-2013' }, guest: { driver: 'linux-e1000', costs }, rx: { pattern: 'constant', pps, bytes: 64, startUs: 0 } });

describe('explainInterrupt: QEMU windows, the main-loop wake-up and the unmask wait', () => {
  it('QEMU 7.2 with mitigation on: the window was due 128 µs after it opened and the main loop ran its callback 42.7 µs later', () => {
    const r = loadPreset('qemu72-tcg-tx-on');
    if (!r.ok) throw new Error(r.error);
    // The first interrupt opens the window at 8.733 µs; the second waits for it and for the wake-up.
    const text = explainNth(r.value, 400, 1);
    expect(text).toContain('The line asserted at 179.4 µs for TXDW');
    expect(text).toContain(
      "QEMU's mitigation window, opened at 8.733 µs, was due 128 µs later at 136.7 µs; QEMU's main-loop thread ran its callback 42.7 µs after that (host timer wake-up), so the line asserted at 179.4 µs",
    );
    expect(text).not.toContain('IMC');
  });

  it('the driver masked while polling: says how long the line waited after the window ended, for the IMS write', () => {
    const text = explainNth(unmaskWait('tcg-2012', 50_000), 400, 1);
    expect(text).toContain('the driver had masked interrupts (IMC) while polling and re-enabled them by writing IMS at 197.8 µs');
    expect(text).toContain("QEMU's mitigation window, opened at 0 ns, ended 128 µs later, at 128 µs; the line then waited 69.81 µs after the window ended, for the IMS write.");
  });

  it('masked past a window seen late: the unmask wait counts from when the main loop ran the callback', () => {
    // tcg-qemu72 costs (42.7 µs wake-up) and RX every 12.5 µs: by the third interrupt the guest is still polling when the callback runs.
    const text = explainNth(unmaskWait('tcg-qemu72', 80_000), 1000, 2);
    expect(text).toContain('re-enabled them by writing IMS at 560 µs');
    expect(text).toContain(
      "QEMU's mitigation window, opened at 170.7 µs, was due 128 µs later at 298.7 µs; QEMU's main-loop thread ran its callback 42.7 µs after that (host timer wake-up), at 341.4 µs; the line then waited 218.6 µs after the window ended, for the IMS write.",
    );
  });
});

describe('describeWindow: the timeline in words', () => {
  it('lists the default scenario\'s interrupts with their causes and gaps, as explainInterrupt times them', () => {
    // The default preset's first interrupt is RADV's at 42.77 µs (the test above); the second comes from the same rule.
    const { tw } = windowAfter('second');
    const irqs = tw.interruptsIn(-Infinity, Infinity);
    expect(irqs.length).toBe(2);
    const [a, b] = irqs.map((i) => tw.tNs[i]);
    const text = describeWindow(tw, 0, 200_000);
    expect(text.startsWith(`2 interrupts from 0 ns to 200 µs: at 42.77 µs (RXT0), ${fmtNs(b)} (`)).toBe(true);
    expect(text).toContain(`Gaps: ${fmtNs(b - a)}.`);
    expect(text).toContain(`Every gap is ${fmtNs(b - a)}.`);
  });

  it('says so when the window holds no interrupt', () => {
    const { tw } = windowAfter('first');
    expect(describeWindow(tw, 0, 10_000)).toBe('No interrupt from 0 ns to 10 µs.');
  });
});
