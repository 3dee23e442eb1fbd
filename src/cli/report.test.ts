import { describe, expect, it } from 'vitest';
import type { RunResult } from '../core/types';
import { parseScenario } from '../scenario/schema';
import { REPORTED_INTERRUPTS, formatRunReport } from './report';

function resultWith(interruptCount: number): RunResult {
  const parsed = parseScenario({ v: 1, name: 'report test', guest: { driver: 'linux-e1000', costs: 'kvm-apicv' } });
  if (!parsed.ok) throw new Error(parsed.error);
  return {
    scenario: parsed.value,
    interrupts: Array.from({ length: interruptCount }, (_, i) => ({ tUs: 20.48 * (i + 1), icr: 0x80, causes: ['RXT0'] })),
    metrics: {
      rxFrames: 30, rxDropped: 2, txFrames: 5, interrupts: interruptCount, interruptsPerSec: 12_000, framesPerInterrupt: 2.5,
      latencyUs: { p50: 10.5, p99: 20.25, max: 21 }, exits: 40, guestCpuUtil: 0.125, rxPps: 30_000, txPps: 5000,
    },
  };
}

describe('human-readable report', () => {
  it('names the scenario, device model and driver, and gives every metric with its unit', () => {
    const report = formatRunReport(resultWith(3));
    expect(report).toMatch(/^Scenario {2}report test$/m);
    expect(report).toMatch(/device model +8254x/);
    expect(report).toMatch(/guest driver +linux-e1000, costs kvm-apicv/);
    expect(report).toMatch(/RX frames taken +30 \(30000 frames\/s\)/);
    expect(report).toMatch(/RX frames dropped +2/);
    expect(report).toMatch(/TX frames sent +5 \(5000 frames\/s\)/);
    expect(report).toMatch(/interrupts +3 \(12000 \/s\)/);
    expect(report).toMatch(/frames per interrupt +2\.50/);
    expect(report).toMatch(/latency p50 \/ p99 \/ max +10\.500 \/ 20\.250 \/ 21\.000 us/);
    expect(report).toMatch(/VM exits +40/);
    expect(report).toMatch(/guest CPU busy +12\.5 %/);
  });

  it(`lists at most the first ${REPORTED_INTERRUPTS} interrupts with time, ICR in hex and causes`, () => {
    const report = formatRunReport(resultWith(25));
    expect(report).toContain(`Interrupts (first ${REPORTED_INTERRUPTS} of 25)`);
    expect(report).toMatch(/^ +20\.480 {2}0x0080 +RXT0$/m);
    expect(report.match(/0x0080/g)).toHaveLength(REPORTED_INTERRUPTS);
  });

  it('says so when there were no interrupts', () => {
    expect(formatRunReport(resultWith(0))).toMatch(/No interrupts\.$/);
  });
});
