/** Running a command from a test: execFile, with what the command printed in the error when it fails. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * The timeout of a test that runs another program to its end — tsc, npm, a runtime: work that
 * always ends, so the timeout only guards against a hang. Its time is the machine's: one tsc over
 * the package's and vitest's declarations takes 4 s alone and took 18 s on two cores shared with
 * the fuller copy's suite, where vitest's 30 s default once failed a CI run.
 */
export const PROGRAM_TIMEOUT = 300_000;

export async function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await execFileAsync(command, args, { maxBuffer: 16 * 2 ** 20, ...options });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    // Keeps the child's exit `code`, `stdout` and `stderr` on the error for tests that expect a failure.
    throw Object.assign(
      new Error(`${command} ${args.join(' ')} failed:\n${stdout}\n${stderr}`, { cause: error }),
      error,
    );
  }
}
