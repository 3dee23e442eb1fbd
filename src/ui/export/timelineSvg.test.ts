/** The timeline SVG's QEMU lanes: the main-loop wake-up under the window, and the guest mask with the unmask wait. */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../core/scenario';
import { testScenario } from '../../core/testScenario';
import { loadPreset } from '../../scenario/presets';
import { TraceWindow } from '../../state/traceWindow';
import { createSimApi } from '../../worker/simApi';
import { COLORS } from '../colors';
import { timelineSvg } from './timelineSvg';

function svgOf(scenario: Scenario, us: number): string {
  const api = createSimApi();
  const tw = new TraceWindow();
  tw.append(api.load(scenario).trace);
  tw.append(api.advance(us * 1000).trace);
  return timelineSvg({ trace: tw, t0: 0, t1: us * 1000, nowNs: us * 1000, model: scenario.device.model, title: scenario.name, palette: COLORS });
}

/** Lane labels, top to bottom (the label column's right-aligned texts). */
function laneLabels(svg: string): string[] {
  return [...svg.matchAll(/<text [^>]*text-anchor="end"[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]).filter((t) => !t.startsWith('time ('));
}

/** Rectangles drawn in a colour. */
const rectsIn = (svg: string, color: string) => [...svg.matchAll(new RegExp(`<rect [^>]*fill="${color}"/>`, 'g'))].length;

describe('timelineSvg: QEMU lanes', () => {
  it('qemu72-tcg-tx-on: the wake-up lane right under the QEMU window, the guest mask lane, and both in the key', () => {
    const r = loadPreset('qemu72-tcg-tx-on');
    if (!r.ok) throw new Error(r.error);
    const svg = svgOf(r.value, 400);
    expect(laneLabels(svg)).toEqual(['RX frames', 'TX frames', 'QEMU window', 'main-loop wake-up (host)', 'ICR causes set', 'Interrupts', 'Guest mask (IMC→IMS)', 'Guest vCPU']);
    expect(rectsIn(svg, COLORS.masked)).toBeGreaterThan(1); // key swatch and masks
    expect(svg).toContain('waiting for the guest to unmask');
    // The guest unmasks a few µs after each interrupt: the wait colour is the key's swatch only.
    expect(rectsIn(svg, COLORS.unmaskWait)).toBe(1);
  });

  it('a guest still polling when the window ends: the unmask wait is drawn', () => {
    const scenario = testScenario({
      durationUs: 1000,
      device: { model: 'qemu-2013' },
      guest: { driver: 'linux-e1000', costs: 'tcg-2012' },
      rx: { pattern: 'constant', pps: 50_000, bytes: 64, startUs: 0 },
    });
    const svg = svgOf(scenario, 400);
    expect(rectsIn(svg, COLORS.unmaskWait)).toBeGreaterThan(1);
  });

  it('the label column fits the longest label', () => {
    const r = loadPreset('host-timer');
    if (!r.ok) throw new Error(r.error);
    const svg = svgOf(r.value, 200);
    expect(laneLabels(svg)).toContain('main-loop wake-up (host)');
    const labelX = Number(/<text x="([\d.]+)"[^>]*text-anchor="end"[^>]*>main-loop wake-up \(host\)</.exec(svg)![1]);
    expect(labelX).toBeGreaterThanOrEqual('main-loop wake-up (host)'.length * 6.5);
  });
});
