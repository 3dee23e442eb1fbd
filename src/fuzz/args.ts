/** Command-line arguments of `npm run fuzz` (see FUZZ_USAGE). Pure, so it is tested without a process. */
import { err, ok, type Result } from '../base/result';
import { PROPERTY_NAMES, type PropertyName } from './properties';

export const FUZZ_USAGE = `Usage: npm run --silent fuzz -- [--runs N] [--seed S] [--minutes M] [--property NAMES] [--path P] [--quiet]

Fuzzes the simulator with fast-check: random scenarios (degenerate rings,
zero and maximum delays, no link limit, replayed captures) under random
host register sequences (heads and tails beyond the ring, zero and odd ring
lengths, every cause bit, FPD, reads of ICR), register console replays, and
random links and scenario files. After every event it checks: no exception,
bounded work per step, pointers in range, frames conserved, ITR spacing,
no timer early or late, the line following ICR & IMS; replays must give
the identical trace, and every rejection must be one line naming the field.

Options:
  --runs N          runs per property (default 100; links get 4x, replay 0.5x)
  --seed S          fast-check seed (default: a random one, printed)
  --minutes M       keep going for M minutes, a new seed per round (S, S+1, ...)
  --property NAMES  comma-separated subset of: ${PROPERTY_NAMES.join(', ')}
  --path P          replay one failure: the path printed with it (needs --seed and --property)
  --quiet           no progress lines on standard error
  --help            show this help and exit

A failure prints its property, seed, path, the error and the shrunk
counterexample, and the command that replays it; the exit status is 1.
Bad arguments exit with status 2 and one line on standard error.`;

export interface FuzzArgs {
  help: boolean;
  runs: number;
  seed?: number;
  minutes?: number;
  properties: PropertyName[];
  path?: string;
  quiet: boolean;
}

export function parseFuzzArgs(argv: readonly string[]): Result<FuzzArgs> {
  const args: FuzzArgs = { help: false, runs: 100, properties: [...PROPERTY_NAMES], quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    const eq = raw.indexOf('=');
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = (): string | null => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) return null;
      i++;
      return next;
    };
    const int = (name: string, min: number, max: number): Result<number> => {
      const text = value();
      if (text === null) return err(`--${name}: missing value`);
      const n = Number(text);
      if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) return err(`--${name}: ${JSON.stringify(text)} is not an integer ${min}..${max}`);
      return ok(n);
    };
    switch (flag) {
      case '--help':
      case '-h':
        args.help = true;
        break;
      case '--quiet':
        args.quiet = true;
        break;
      case '--runs': {
        const n = int('runs', 1, 10_000_000);
        if (!n.ok) return n;
        args.runs = n.value;
        break;
      }
      case '--seed': {
        const n = int('seed', -2147483648, 2147483647);
        if (!n.ok) return n;
        args.seed = n.value;
        break;
      }
      case '--minutes': {
        const text = value();
        const n = Number(text);
        if (text === null || text.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 10_000) {
          return err(`--minutes: ${text === null ? 'missing value' : `${JSON.stringify(text)} is not a number of minutes (> 0)`}`);
        }
        args.minutes = n;
        break;
      }
      case '--property':
      case '--properties': {
        const text = value();
        if (text === null) return err(`--property: missing value (one or more of ${PROPERTY_NAMES.join(', ')})`);
        const names = text.split(',').map((s) => s.trim()).filter(Boolean);
        const bad = names.find((n) => !(PROPERTY_NAMES as readonly string[]).includes(n));
        if (bad !== undefined || names.length === 0) return err(`--property: ${JSON.stringify(bad ?? text)} is not a property (one of ${PROPERTY_NAMES.join(', ')})`);
        args.properties = names as PropertyName[];
        break;
      }
      case '--path': {
        const text = value();
        if (text === null || !/^\d+(:\d+)*$/.test(text)) return err(`--path: ${JSON.stringify(text ?? '')} is not a fast-check path (numbers joined by ':')`);
        args.path = text;
        break;
      }
      default:
        return err(`${JSON.stringify(raw)} is not an option (see --help)`);
    }
  }
  if (args.path !== undefined && (args.seed === undefined || args.properties.length !== 1)) {
    return err('--path replays one failure: give it with the --seed and the single --property it was printed with');
  }
  if (args.path !== undefined && args.minutes !== undefined) return err('--path replays one failure: --minutes does not apply');
  return ok(args);
}
