/** Running a command from a test: execFile, with what the command printed in the error when it fails. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

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
