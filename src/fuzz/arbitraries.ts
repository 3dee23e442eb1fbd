/**
 * fast-check generators for the fuzzer: hostile host sequences: MMIO writes of any value to any register (heads and tails
 * beyond the ring, zero and odd ring lengths, every cause bit, FPD), reads
 * (a read of ICR clears it), advances of any length and single steps.
 */
import fc from 'fast-check';
import { CAUSES } from '../core/causes';
import { REGISTERS, type RegName } from '../core/registers';
import type { ConsoleOp, Scenario } from '../core/scenario';
import { scenarioArb } from '../scenario/arbitraryScenario';

export type HostOp =
  | { op: 'write'; reg: RegName; value: number }
  | { op: 'read'; reg: RegName }
  | { op: 'advance'; dtNs: number }
  | { op: 'step'; n: number };

const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
const pointer = fc.oneof(
  fc.integer({ min: 0, max: 16 }),
  fc.integer({ min: 0, max: 0x1_0000 }),
  fc.constantFrom(7, 8, 255, 256, 511, 512, 4095, 4096, 0xffff, 0x1_0000, 0xffff_ffff),
);
const ringBytes = fc.oneof(
  fc.constantFrom(0, 1, 15, 16, 127, 128, 129, 1000, 4096, 8192, 65536, 0xfff80, 0xffff_ffff),
  fc.integer({ min: 1, max: 64 }).map((k) => k * 128),
  fc.integer({ min: 0, max: 0x10_0000 }),
);
const delay16 = fc.oneof(fc.integer({ min: 0, max: 200 }), fc.constantFrom(0, 1, 0xffff), fc.integer({ min: 0, max: 0xffff }));
const causeBits = fc.oneof(fc.constant(0xffff_ffff), u32, fc.constantFrom(...CAUSES.map((c) => c.mask)));

const write = (reg: RegName, value: fc.Arbitrary<number>): fc.Arbitrary<HostOp> => value.map((v) => ({ op: 'write' as const, reg, value: v }));

export const hostOp: fc.Arbitrary<HostOp> = fc.oneof(
  { weight: 4, arbitrary: fc.oneof(write('RDT', pointer), write('TDT', pointer), write('RDH', pointer), write('TDH', pointer)) },
  { weight: 2, arbitrary: fc.oneof(write('RDLEN', ringBytes), write('TDLEN', ringBytes)) },
  {
    weight: 3,
    arbitrary: fc.oneof(
      write('RDTR', fc.oneof(delay16, delay16.map((v) => (v | 0x8000_0000) >>> 0), fc.constantFrom(0x8000_0000, 0xffff_ffff))),
      write('RADV', delay16),
      write('TIDV', delay16),
      write('TADV', delay16),
      write('ITR', fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.constant(0xffff), u32)),
    ),
  },
  { weight: 3, arbitrary: fc.oneof(write('ICS', causeBits), write('IMS', causeBits), write('IMC', causeBits), write('ICR', causeBits)) },
  { weight: 1, arbitrary: fc.oneof(write('RCTL', u32), write('CTRL', u32), write('STATUS', u32), write('TCTL', u32), write('MPC', u32)) },
  { weight: 2, arbitrary: fc.constantFrom(...REGISTERS.map((r) => ({ op: 'read' as const, reg: r.name }))) },
  {
    weight: 5,
    arbitrary: fc
      .oneof(fc.constantFrom(0, 1, 1024, 256), fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 300_000 }), fc.integer({ min: 0, max: 3_000_000 }))
      .map((dtNs) => ({ op: 'advance' as const, dtNs })),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 50 }).map((n) => ({ op: 'step' as const, n })) },
);

export const hostOps = (maxLength = 40) => fc.array(hostOp, { minLength: 1, maxLength });

// ---- scenarios: the one generator is scenario/arbitraryScenario.ts ----------

/** Register-console accesses (hostile writes and reads, as hostOp makes them) at instants within `durationUs`, in time order. */
export function consoleOpsArb(durationUs: number, maxLength = 8): fc.Arbitrary<ConsoleOp[]> {
  const access = hostOp.filter((o): o is Extract<HostOp, { op: 'write' | 'read' }> => o.op === 'write' || o.op === 'read');
  return fc
    .array(fc.tuple(fc.integer({ min: 0, max: Math.max(0, Math.floor(durationUs)) }), access), { maxLength })
    .map((list) => list.sort((x, y) => x[0] - y[0]).map(([tUs, o]): ConsoleOp => (o.op === 'write' ? { tUs, op: 'write', reg: o.reg, value: o.value } : { tUs, op: 'read', reg: o.reg })));
}

/** A runnable scenario (scenarioArb, scenario/arbitraryScenario.ts) with register-console accesses during its run. */
export function scenarioWithConsoleArb(o: { maxDurationUs?: number } = {}): fc.Arbitrary<Scenario> {
  return scenarioArb(o).chain((s) => consoleOpsArb(s.durationUs).map((console) => (console.length > 0 ? { ...s, console } : s)));
}
