/**
 * The workflows as the release path needs them: every action pinned by commit, the release
 * publishing through npm's trusted publishing (OIDC) with no npm token, and running the same
 * version and publish commands tests/release/setup.ts runs against a loopback registry.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { root } from '../../scripts/spec.js';

const dir = join(root, '.github/workflows');
const workflows = readdirSync(dir).filter((file) => file.endsWith('.yml'));

describe.each(workflows)('%s', (file) => {
  const text = readFileSync(join(dir, file), 'utf8');

  it('pins every action by commit, with the version it is in a comment', () => {
    const uses = [...text.matchAll(/uses:\s*(\S+)(.*)$/gm)].map(([, action = '', rest = '']) => ({ action, rest }));
    for (const { action, rest } of uses) {
      expect(action, action).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/);
      expect(rest, action).toMatch(/# v\d+\.\d+\.\d+/);
    }
  });
});

describe('release.yml', () => {
  const text = readFileSync(join(dir, 'release.yml'), 'utf8');
  const workflow = parse(text) as {
    on: { push: { branches: string[] } };
    jobs: Record<
      string,
      { permissions: Record<string, string>; steps: { uses?: string; with?: Record<string, unknown> }[] }
    >;
  };
  const [job] = Object.values(workflow.jobs);
  const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts;

  it('runs on pushes to main; may write the version commit, the pull request and an OIDC token, nothing else', () => {
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(job?.permissions).toEqual({ contents: 'write', 'pull-requests': 'write', 'id-token': 'write' });
  });

  it('holds no npm token: trusted publishing', () => {
    expect(text).not.toMatch(/NPM_TOKEN|NODE_AUTH_TOKEN|secrets\./);
  });

  it('versions with scripts/release/version.ts and publishes with `npm run release`, as the registry test does', () => {
    const changesets = job?.steps.find((step) => step.uses?.startsWith('changesets/action@'));
    expect(changesets?.with).toMatchObject({
      version: 'npx tsx scripts/release/version.ts',
      publish: 'npm run release',
      createGithubReleases: true,
    });
    expect(scripts['release']).toMatch(/changeset publish/);
  });
});
