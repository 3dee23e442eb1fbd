/**
 * Where a command writes, and how it runs: each CLI's `main` takes its
 * arguments and two writers and returns its exit status, so the tests call
 * it in-process; run as a script (`tsx src/cli/sim.ts`), it gets the
 * process's arguments, standard output and error, and sets the exit code.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A command's standard output and standard error. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The process's own streams. */
export const PROCESS_IO: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** A command: arguments and writers in, exit status out. */
export type CliMain = (argv: readonly string[], io: CliIo) => number | Promise<number>;

/** Whether the module at `moduleUrl` is the script node was started with (not a module a test imported). */
function isScript(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(fileURLToPath(moduleUrl)) === realpathSync(script);
  } catch {
    return false;
  }
}

/** Runs `main` on the process's arguments and streams when its module is the script being run; sets the exit code. */
export async function runAsScript(moduleUrl: string, main: CliMain): Promise<void> {
  if (!isScript(moduleUrl)) return;
  process.exitCode = await main(process.argv.slice(2), PROCESS_IO);
}
