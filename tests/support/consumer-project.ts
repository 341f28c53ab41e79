/**
 * A consumer's TypeScript project, as users set one up: a package.json giving the module type
 * and a tsconfig checking the installed package's declarations (`skipLibCheck: false`) — but not
 * TypeScript's own lib files (`skipDefaultLibCheck`): they are not ours, and checking lib.dom.d.ts
 * was half of each run's time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ConsumerProject {
  /** `module` (ESM) or `commonjs`. @default no package.json written */
  type?: 'module' | 'commonjs';
  /** @default node16 resolution, strict */
  compilerOptions?: Record<string, unknown>;
  files: string[];
}

export function writeConsumerProject(dir: string, { type, compilerOptions, files }: ConsumerProject): void {
  mkdirSync(dir, { recursive: true });
  if (type !== undefined) writeFileSync(join(dir, 'package.json'), JSON.stringify({ type }));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'es2022',
        lib: ['es2022', 'dom'],
        types: [],
        noEmit: true,
        skipLibCheck: false,
        skipDefaultLibCheck: true,
        ...(compilerOptions ?? { strict: true, module: 'node16', moduleResolution: 'node16' }),
      },
      files,
    }),
  );
}
