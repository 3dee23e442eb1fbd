/**
 * For the CLI tests: run a command's `main` in-process (most tests: quick),
 * or as npm runs it, in a child process with tsx (a smoke test per CLI),
 * and write scratch scenario files.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliMain } from './cliIo';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs src/cli/<script> with tsx, without npm, whose own warnings would mix into stderr. */
export function runCli(script: string, args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `src/cli/${script}`, ...args], { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/**
 * Runs a command's `main` in this process with buffers for its output. An
 * exception escaping it ends as it would the process: status 1 and the
 * stack on stderr (which the tests' "never a stack trace" rules catch).
 */
export async function runInProcess(main: CliMain, args: readonly string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text) };
  try {
    const status = await main(args, io);
    return { status, stdout, stderr };
  } catch (error) {
    return { status: 1, stdout, stderr: `${stderr}${error instanceof Error ? error.stack : String(error)}\n` };
  }
}

/** A fresh temporary folder, and a writer of scenario files into it (returns the path). */
export function scratchFiles(prefix: string): { dir: string; file: (name: string, text: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file: (name, text) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
  };
}
