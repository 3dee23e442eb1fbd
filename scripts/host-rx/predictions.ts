/**
 * The model's RX-only predictions (docs/cost-profiles.md, "Host"): 64-byte
 * frames at 40-50 Kpps, QEMU mitigation off and on (guest
 * InterruptThrottleRate 3, 0, 4000, 2000), both host threads on one core
 * (and, for comparison, a core each). Prints a Markdown table.
 *   npx tsx scripts/host-rx/predictions.ts [shared|separate]
 */
import { parseScenario } from '../../src/scenario/schema';
import { qemu72Rx } from '../../src/content/presets';
import { Simulation } from '../../src/core/simulation';
import { rxEmptyInterrupts } from '../../src/core/cycles';

const placement = (process.argv[2] ?? 'shared') as 'shared' | 'separate';
const rows: [string, 'qemu-2012' | 'qemu-2013', number][] = [
  ['off', 'qemu-2012', 3],
  ['on, ITR 3', 'qemu-2013', 3],
  ['on, ITR 0', 'qemu-2013', 0],
  ['on, ITR 4000', 'qemu-2013', 4000],
  ['on, ITR 2000', 'qemu-2013', 2000],
];
console.log(`| QEMU mitigation | offered pps | received pps | interrupts/s | frames/interrupt | empty interrupts | vCPU thread CPU | main loop CPU | p50 / p99 latency |`);
console.log(`|---|---|---|---|---|---|---|---|---|`);
for (const [label, model, itr] of rows) {
  for (const pps of [40_000, 45_000, 50_000]) {
    const p = parseScenario({ v: 1, name: 'rx prediction', ...qemu72Rx(model, placement, itr, pps, 300_000) });
    if (!p.ok) throw new Error(p.error);
    const sim = new Simulation(p.value, { traceCapacity: 1 << 23 });
    sim.advanceTo(300_000_000);
    const m = sim.metrics();
    const e = rxEmptyInterrupts(sim.trace.records());
    const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
    console.log(
      `| ${label} | ${pps.toLocaleString('en-US')} | ${Math.round(m.rxPps).toLocaleString('en-US')} | ${Math.round(m.interruptsPerSec).toLocaleString('en-US')} | ${m.framesPerInterrupt.toFixed(2)} | ${pct(e.empty / Math.max(1, e.interrupts))} | ${pct(m.guestCpuUtil)} | ${pct(m.host!.mainLoopCpuUtil)} | ${m.latencyUs.p50.toFixed(0)} / ${m.latencyUs.p99.toFixed(0)} us |`,
    );
  }
}
