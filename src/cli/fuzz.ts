/**
 * `npm run --silent fuzz -- [--runs N] [--seed S] [--minutes M] [--property NAMES] [--path P]`
 *
 * Runs the fuzzer's properties (src/fuzz/properties.ts) and stops at the
 * first failure, printing its seed and path so it can be replayed exactly.
 * Exit status: 0 clean, 1 a property failed, 2 bad arguments.
 */
import { parseFuzzArgs, FUZZ_USAGE } from '../fuzz/args';
import { formatFailure, runFuzz } from '../fuzz/properties';
import { PROCESS_IO, runAsScript, type CliIo } from './cliIo';

export function main(argv: readonly string[], io: CliIo = PROCESS_IO): number {
  const parsed = parseFuzzArgs(argv);
  if (!parsed.ok) {
    io.stderr(`fuzz: ${parsed.error}\n`);
    return 2;
  }
  const a = parsed.value;
  if (a.help) {
    io.stdout(`${FUZZ_USAGE}\n`);
    return 0;
  }
  const log = (line: string) => {
    if (!a.quiet) io.stderr(`${line}\n`);
  };
  const seed0 = a.seed ?? (Math.floor(Math.random() * 0x7fff_ffff) | 0);
  const deadline = a.minutes !== undefined ? Date.now() + a.minutes * 60_000 : 0;
  let total = 0;
  let round = 0;
  io.stdout(
    `fuzz: seed ${seed0}, ${a.runs} runs per property (${a.properties.join(', ')})${a.minutes !== undefined ? `, rounds for ${a.minutes} min` : ''}\n`,
  );
  do {
    const seed = seed0 + round;
    const t0 = Date.now();
    let started = t0;
    const result = runFuzz({
      properties: a.properties,
      runs: a.runs,
      seed,
      path: a.path,
      onProperty: (name, runs) => {
        started = Date.now();
        log(`  seed ${seed}: ${name}, ${runs} runs…`);
      },
    });
    if (!result.ok) {
      io.stdout(`${formatFailure(result.error)}\n`);
      return 1;
    }
    const n = Object.values(result.value).reduce((x, y) => x + y, 0);
    total += n;
    round++;
    log(`  seed ${seed}: ${n} runs clean in ${((Date.now() - t0) / 1000).toFixed(1)} s (last property ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } while (deadline > 0 && Date.now() < deadline);
  io.stdout(`fuzz: ${total} runs, no failure (seed${round > 1 ? `s ${seed0}..${seed0 + round - 1}` : ` ${seed0}`})\n`);
  return 0;
}

await runAsScript(import.meta.url, main);
