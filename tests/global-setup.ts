import type { TestProject } from 'vitest/node';
import { startPrism } from '../scripts/prism.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the Prism mock serving the effective spec. */
    prismUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prism = await startPrism();
  project.provide('prismUrl', prism.url);
  return () => prism.stop();
}
