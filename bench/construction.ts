/**
 * `npm run bench -- clients` (bench/bench.ts): what making a client costs, whatever their number.
 * 100,000 clients with distinct keys — a multi-tenant service making one per tenant key, each
 * with a pacing store of its own in the registry — against 100,000 with one key (one store), in
 * one run: the time per 10,000 as they accumulate, the whole, and the heap while they are held
 * and after they are dropped (collected, their stores gone from the registry).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Userplane } from '../src/index.js';
import { registeredStores } from '../src/pacing/store.js';
import { today, writeFigures } from './figures.js';

const CLIENTS = 100_000;
const STEP = 10_000;
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;

async function settle(): Promise<number> {
  for (let i = 0; i < 6; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return process.memoryUsage().heapUsed;
}

async function scenario(name: string, key: (i: number) => string): Promise<string> {
  const baseUrl = `https://${name.replace(/\W+/g, '-')}.example`;
  const idle = await settle();
  const held: Userplane[] = [];
  const steps: number[] = [];
  const started = performance.now();
  for (let i = 0; i < CLIENTS; i += STEP) {
    const step = performance.now();
    for (let j = i; j < i + STEP; j++) held.push(new Userplane({ apiKey: key(j), baseUrl }));
    steps.push(performance.now() - step);
  }
  const total = performance.now() - started;
  const holding = await settle();
  const stores = registeredStores().filter((id) => id.endsWith(baseUrl)).length;
  held.length = 0;
  const after = await settle();
  const left = registeredStores().filter((id) => id.endsWith(baseUrl)).length;
  console.error(`${name}: ${total.toFixed(0)} ms`);
  return `| ${name} | ${total.toFixed(0)} ms | ${steps[0]!.toFixed(0)} / ${steps.at(-1)!.toFixed(0)} ms | ${mb(holding - idle)} (${stores.toLocaleString('en')} stores) | ${mb(after - idle)} (${left} stores) |`;
}

const distinct = await scenario('distinct keys', (i) => `uspl_tenant_${i}_0123456789abcdef`);
const one = await scenario('one key', () => 'uspl_one_tenant_0123456789abcdef');
const ratio = (a: string, b: string): string =>
  (Number(/\| ([\d.]+) ms/.exec(a)?.[1]) / Number(/\| ([\d.]+) ms/.exec(b)?.[1])).toFixed(2);
const table = [
  `${CLIENTS.toLocaleString('en')} clients made in a row and held, then dropped; ${process.version}; run of ${today()} (\`npm run bench -- clients\`):`,
  '',
  '| clients | all made in | the first / last 10,000 | heap while held, above idle | heap once dropped, above idle |',
  '|---|---:|---:|---:|---:|',
  distinct,
  one,
  '',
  `Distinct keys took ${ratio(distinct, one)} × the time of one key.`,
].join('\n');
console.log(table);
writeFigures('bench/README.md', 'clients', table);
