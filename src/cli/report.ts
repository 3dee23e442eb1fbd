/** The short human-readable report `npm run sim` prints without --json. */
import { guestDriverDescriptor } from '../core/guest/drivers';
import type { RunResult } from '../core/types';

/** How many interrupts the report lists. */
export const REPORTED_INTERRUPTS = 10;

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

function rows(pairs: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...pairs.map(([label]) => label.length));
  return pairs.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
}

export function formatRunReport({ scenario, interrupts, metrics }: RunResult): string {
  const { device, guest } = scenario;
  const latency = metrics.latencyUs;
  const lines = [
    `Scenario  ${scenario.name}`,
    ...rows([
      ['device model', device.model],
      ['guest driver', guestDriverDescriptor(guest.driver).hasCosts ? `${guest.driver}, costs ${guest.costs}` : `${guest.driver} (zero cost)`],
      ['virtual time', `${scenario.durationUs} us, seed ${scenario.seed}`],
    ]),
    '',
    'Metrics',
    ...rows([
      ['RX frames taken', `${metrics.rxFrames} (${fixed(metrics.rxPps, 0)} frames/s)`],
      ['RX frames dropped', String(metrics.rxDropped)],
      ['TX frames sent', `${metrics.txFrames} (${fixed(metrics.txPps, 0)} frames/s)`],
      ['interrupts', `${metrics.interrupts} (${fixed(metrics.interruptsPerSec, 0)} /s)`],
      ['frames per interrupt', fixed(metrics.framesPerInterrupt, 2)],
      ['latency p50 / p99 / max', `${fixed(latency.p50, 3)} / ${fixed(latency.p99, 3)} / ${fixed(latency.max, 3)} us`],
      ['VM exits', String(metrics.exits)],
      ['guest CPU busy', `${fixed(metrics.guestCpuUtil * 100, 1)} %`],
    ]),
    '',
  ];
  if (metrics.server !== undefined) {
    const { server } = metrics;
    const l = server.latencyUs;
    lines.push(
      'Server (request arrival at the NIC to reply handed to the NIC)',
      ...rows([
        ['requests / replies', `${server.requests} / ${server.replies} (${fixed(server.repliesPerSec, 0)} replies/s), ${server.socketDrops} dropped at the socket`],
        ['latency mean / p50 / p99 / p99.9', `${fixed(l.mean, 3)} / ${fixed(l.p50, 3)} / ${fixed(l.p99, 3)} / ${fixed(l.p999, 3)} us`],
      ]),
      '',
    );
  }
  if (interrupts.length === 0) {
    lines.push('No interrupts.');
  } else {
    const shown = interrupts.slice(0, REPORTED_INTERRUPTS);
    lines.push(`Interrupts (first ${shown.length} of ${interrupts.length})`);
    lines.push(`  ${'t (us)'.padStart(12)}  ${'ICR'.padEnd(10)}  causes`);
    for (const { tUs, icr, causes } of shown) {
      const icrHex = `0x${icr.toString(16).padStart(4, '0')}`;
      lines.push(`  ${fixed(tUs, 3).padStart(12)}  ${icrHex.padEnd(10)}  ${causes.join(' ') || '(none: not ours)'}`);
    }
  }
  return lines.join('\n');
}
