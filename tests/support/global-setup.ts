import type { TestProject } from 'vitest/node';
import { startPrism } from '../../scripts/servers/prism.js';
import { startRedis } from '../../scripts/servers/redis.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the Prism mock serving the effective spec. */
    prismUrl: string;
    /** A real redis-server for the shared rate-limit store, e.g. redis://127.0.0.1:40124. */
    redisUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [prism, redis] = await Promise.all([startPrism(), startRedis()]);
  project.provide('prismUrl', prism.url);
  project.provide('redisUrl', redis.url);
  return async () => {
    await Promise.all([prism.stop(), redis.stop()]);
  };
}
