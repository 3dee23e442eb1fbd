/**
 * `npm run --silent sim -- (--scenario FILE.json | --preset NAME | --url 'LINK') [--json]`
 *
 * Runs one scenario headless. With --json, standard output is exactly one
 * JSON object (the RunResult of the contract). Bad input exits with status 2
 * and one line on standard error naming the problem, never a stack trace.
 */
import type { Scenario } from '../core/scenario';
import { PRESETS } from '../scenario/presets';
import { loadScenario } from './loadScenario';
import { formatRunReport } from './report';
import { parseSimArgs, SIM_USAGE } from './simArgs';

const EXIT_BAD_INPUT = 2;

function listPresets(): string {
  const width = Math.max(...PRESETS.map(({ id }) => id.length));
  return PRESETS.map(({ id, title, description }) => `${id.padEnd(width)}  ${title}: ${description}`).join('\n');
}

async function simulate(scenario: Scenario) {
  // The core is loaded only when there is a valid scenario to run.
  const { runScenario } = await import('../core/simulation');
  return runScenario(scenario);
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseSimArgs(argv);
  if (!args.ok) {
    process.stderr.write(`sim: ${args.error}\n`);
    return EXIT_BAD_INPUT;
  }
  const { command } = args;
  if (command.kind === 'help') {
    process.stdout.write(`${SIM_USAGE}\n`);
    return 0;
  }
  if (command.kind === 'list-presets') {
    process.stdout.write(`${listPresets()}\n`);
    return 0;
  }

  const loaded = loadScenario(command.source);
  if (!loaded.ok) {
    process.stderr.write(`sim: ${loaded.error}\n`);
    return EXIT_BAD_INPUT;
  }
  const result = await simulate(loaded.scenario);
  process.stdout.write(command.json ? `${JSON.stringify(result)}\n` : `${formatRunReport(result)}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
