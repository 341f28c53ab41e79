/**
 * A rate-limit store on disk, shared by every process of one machine that acts for the same key
 * and API — a shell loop of `userplane` commands, `xargs -P 8` — with no server to run. Its state
 * is one small JSON file, changed under a lock (a directory, made atomically; one left behind by
 * a process that died is taken over after STALE_LOCK_MS). As in the SDK's memory store, each
 * turn counts from when it is taken until `per` after its request ended; a turn whose process
 * died before it ended counts until IN_FLIGHT_MS after it was taken. Times are the wall clock:
 * every process reads the same one.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RateLimitPause, RateLimitStore } from 'userplane';

type SpentReason = NonNullable<RateLimitPause['reason']>;

interface State {
  /** When each counted turn stops counting (ms since the epoch), by turn id. */
  turns: { id: string; end: number }[];
  /** The pause in force until then (ms since the epoch). */
  until: number;
  spent: boolean;
  reason?: SpentReason | undefined;
}

/** A lock older than this was left by a process that died holding it. */
export const STALE_LOCK_MS = 5_000;
/** The longest a turn whose request never ended (its process died) counts. */
export const IN_FLIGHT_MS = 10 * 60_000;

const empty = (): State => ({ turns: [], until: 0, spent: false });

/** The turns counting at `now`, and the ms until one of `requests` is free (0 when one is; at best `per` from now if all are in flight). */
function budget(turns: State['turns'], now: number, requests: number, per: number): { used: number; waitMs: number } {
  const ends = turns.map((turn) => turn.end).filter((end) => end > now);
  return { used: ends.length, waitMs: ends.length < requests ? 0 : Math.max(1, Math.min(now + per, ...ends) - now) };
}
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class FileRateLimitStore implements RateLimitStore {
  readonly #lock: string;
  /** This process's turns still in flight, oldest first: a release ends the oldest. */
  readonly #mine: string[] = [];

  /** A store whose state is `file` (its folder is made on first use). */
  constructor(readonly file: string) {
    this.#lock = `${file}.lock`;
  }

  async take(requests: number, per: number): Promise<number> {
    return this.#change((state, now) => {
      state.turns = state.turns.filter((turn) => turn.end > now);
      const { waitMs } = budget(state.turns, now, requests, per);
      if (waitMs === 0) {
        const id = randomUUID();
        state.turns.push({ id, end: now + IN_FLIGHT_MS });
        this.#mine.push(id);
      }
      return waitMs;
    });
  }

  async release(per: number): Promise<void> {
    const id = this.#mine.shift();
    if (id === undefined) return;
    await this.#change((state, now) => {
      const turn = state.turns.find((t) => t.id === id);
      if (turn !== undefined) turn.end = now + per;
    });
  }

  async pause(ms: number, spent: boolean, reason?: SpentReason): Promise<void> {
    await this.#change((state, now) => {
      state.until = now + ms;
      state.spent = spent;
      state.reason = reason;
    });
  }

  /** Read without the lock: a write is a rename, so a reader sees the whole state before or after it. */
  async state(requests: number, per: number): Promise<{ used: number; waitMs: number }> {
    return budget((await this.#read()).turns, Date.now(), requests, per);
  }

  async paused(): Promise<RateLimitPause | undefined> {
    const state = await this.#read();
    const ms = state.until - Date.now();
    return ms > 0 ? { ms, spent: state.spent, reason: state.reason } : undefined;
  }

  async #read(): Promise<State> {
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as Partial<State>;
      return { ...empty(), ...parsed, turns: Array.isArray(parsed.turns) ? parsed.turns : [] };
    } catch {
      // No file yet, or one cut short by a crash mid-write (writes are renames, so only the former).
      return empty();
    }
  }

  /** Reads the state, changes it with `change`, writes it back — all under the lock. */
  async #change<T>(change: (state: State, now: number) => T): Promise<T> {
    await mkdir(dirname(this.file), { recursive: true });
    await this.#acquire();
    try {
      const state = await this.#read();
      const result = change(state, Date.now());
      const temporary = join(dirname(this.file), `.${randomUUID()}.tmp`);
      await writeFile(temporary, JSON.stringify(state));
      await rename(temporary, this.file);
      return result;
    } finally {
      await rm(this.#lock, { recursive: true, force: true });
    }
  }

  async #acquire(): Promise<void> {
    for (;;) {
      try {
        await mkdir(this.#lock);
        return;
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
      }
      const age = await stat(this.#lock).then(
        (found) => Date.now() - found.mtimeMs,
        () => 0,
      );
      if (age > STALE_LOCK_MS) await rm(this.#lock, { recursive: true, force: true });
      else await sleep(2 + Math.random() * 8);
    }
  }
}
