/** Metrics wording says nothing false (ux-walk item 7). */
import { describe, expect, it } from 'vitest';
import { interruptRateText, NO_RX_FRAME_CARD, runSoFarCaption } from './MetricsPanel';
import { testScenario } from '../core/testScenario';
import { Simulation, runScenario } from '../core/simulation';
import { formatRunReport } from '../cli/report';
import { metricsCsv } from '../export/csv';
import { NO_RX_FRAMES } from '../sweep/metrics';

describe('metrics wording', () => {
  it('one interrupt has no rate yet (the rate counts gaps, (n - 1) / time), rather than "0 /s" beside "so far 1"', () => {
    expect(interruptRateText(0, 1)).toBe('1 so far');
    expect(interruptRateText(0, 0)).toBe('0 /s');
    expect(interruptRateText(9000, 5)).toBe('9,000 /s');
  });

  it('a latency without frames says none was taken (frames can be stored in the ring and not taken yet)', () => {
    expect(NO_RX_FRAMES).toBe('no RX frame taken');
    // The Metrics card says it under its "Latency" label, on one projector line.
    expect(NO_RX_FRAME_CARD).toBe('none taken');
  });
});

describe('frames received vs taken: one definition on screen, CLI and CSV', () => {
  // Hand-worked: frames at 10, 20, ..., 100 µs; RDTR 8 (8.192 µs) fires 8.192 µs after each, before the next,
  // so the ideal guest takes each frame then, except the one at 100 µs, whose timer (108.192 µs) is past the
  // end at 105 µs: 10 arrived at the NIC, 9 taken by the guest.
  const scenario = testScenario({ durationUs: 105, device: { regs: { RDTR: 8 } }, rx: { pattern: 'list', atUs: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100], bytes: 64 } });

  it('the caption says arrived at the NIC and taken by the guest apart, and taken is the CLI\'s and the CSV\'s number', () => {
    const sim = new Simulation(scenario);
    sim.advanceTo(105_000);
    const snap = sim.snapshot();
    const m = sim.metrics();
    expect(snap.counters.rxArrived).toBe(10);
    expect(m.rxFrames).toBe(9);
    expect(runSoFarCaption(105_000, snap.counters, m)).toBe('Over the run so far (0 to 105 µs) · RX: 10 frames arrived at the NIC, 9 taken by the guest · TX: 0 sent · 9 interrupts.');
    // The CLI: the same run headless, its report's row and its JSON field.
    const cli = runScenario(scenario);
    expect(cli.metrics.rxFrames).toBe(9);
    expect(formatRunReport(cli)).toMatch(/RX frames taken\s+9 /);
    // The CSV: the column says taken too, with the same number.
    const [header, row] = metricsCsv([], { tNs: 105_000, metrics: m }).trim().split('\r\n').map((l) => l.split(','));
    expect(row[header.indexOf('rx_frames_taken')]).toBe('9');
    expect(header).not.toContain('rx_frames');
  });
});
