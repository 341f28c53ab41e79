/**
 * Waiting for what happens after an answer (an upstream request abandoned, a call arriving):
 * `check` asked every 20 ms, at most 100 times; the test's own assertion says what failed.
 */
export async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
}
