/**
 * The official MCP conformance suite (`@modelcontextprotocol/conformance`, pinned in
 * package.json; it needs Node ≥ 22, fetched with npx) against the built bin over Streamable HTTP,
 * at both protocol revisions: every scenario a requirement set holds is run, and every check of
 * the scenarios that apply to a server offering only its own tools must pass — but the checks
 * listed below, each with why it cannot apply. A listed check that passes fails the test too:
 * the list stays the truth.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { root } from '../../scripts/spec.js';
import { API_KEY } from '../support/fixtures.js';
import { serveBin } from '../support/mcp-bin.js';
import { PROGRAM_TIMEOUT, run } from '../support/run.js';

const { mcp: bin } = inject('programs');
const NODE_22 = ['--yes', 'node@22.23.3'];
const SUITE = join(root, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');

/**
 * The scenarios of each requirement set that apply to a server offering only its own tools. The
 * others test features it does not offer — prompts, resources (sep-2164-resource-not-found asks
 * how a missing resource is refused), completion, logging, sampling, elicitation,
 * input-required requests, tasks — or need tools of the suite's own (`test_simple_text`…).
 */
const APPLICABLE: Record<string, string[]> = {
  '2025-11-25': ['server-initialize', 'ping', 'tools-list', 'dns-rebinding-protection', 'server-session-lifecycle'],
  '2026-07-28': [
    'server-stateless',
    'tools-list',
    'dns-rebinding-protection',
    'caching',
    'http-header-validation',
    'server-sse-multiple-streams',
    'input-required-result-unsupported-methods',
    'input-required-result-validate-input',
  ],
};

/** Checks of applicable scenarios that cannot pass here, and why. */
const EXCLUDED: Record<string, string> = {
  'sep-2575-server-rejects-undeclared-capability':
    'needs the diagnostic tool test_missing_capability, which a server of the Userplane API does not offer',
  'sep-2575-missing-capability-http-400': 'the same diagnostic tool (test_missing_capability)',
  'sep-2575-http-server-no-independent-requests-on-stream':
    'needs the diagnostic tool test_streaming_elicitation; the server sends no requests to clients',
  'sep-2575-server-no-log-without-loglevel':
    'needs the diagnostic tool test_logging_tool; the server sends no logs to clients',
  'sep-2549-prompts-list-caching-hints': 'the server offers no prompts (prompts/list is -32601, as it must be)',
  'sep-2549-resources-list-caching-hints': 'the server offers no resources (resources/list is -32601, as it must be)',
  'sep-2549-resources-templates-list-caching-hints': 'the server offers no resource templates (-32601, as it must be)',
};

interface Check {
  id: string;
  status: string;
  errorMessage?: string;
}

describe.each(Object.keys(APPLICABLE))('the conformance suite at %s', (revision) => {
  it('passes every check that applies to a tools-only server', { timeout: PROGRAM_TIMEOUT }, async () => {
    const running = await serveBin(bin, [], { PATH: process.env['PATH'] ?? '', USERPLANE_API_KEY: API_KEY });
    const out = mkdtempSync(join(tmpdir(), 'userplane-conformance-'));
    try {
      await run(
        'npx',
        [...NODE_22, SUITE, 'server', '--url', running.url.href, '--requirements', revision, '-o', out],
        {
          cwd: root,
          env: { ...process.env, NO_COLOR: '1' },
        },
      ).catch(() => undefined); // It exits 1 on any failure; the checks below say which count.
      const checks = new Map<string, Check[]>();
      for (const dir of readdirSync(out)) {
        const scenario = /^server-(.+)-\d{4}-\d\d-\d\dT/.exec(dir)?.[1];
        if (scenario === undefined) continue;
        checks.set(scenario, JSON.parse(readFileSync(join(out, dir, 'checks.json'), 'utf8')) as Check[]);
      }
      const failed: string[] = [];
      const stale: string[] = [];
      let passed = 0;
      for (const scenario of APPLICABLE[revision] ?? []) {
        expect(checks.has(scenario), `${scenario} ran`).toBe(true);
        for (const check of checks.get(scenario) ?? []) {
          const ok = ['SUCCESS', 'INFO', 'SKIPPED'].includes(check.status);
          if (ok) passed += 1;
          if (ok && check.id in EXCLUDED) stale.push(check.id);
          if (!ok && !(check.id in EXCLUDED))
            failed.push(`${scenario}: ${check.id} ${check.status} — ${check.errorMessage ?? ''}`);
        }
      }
      console.log(`conformance ${revision}: ${passed} checks passed in ${APPLICABLE[revision]?.length} scenarios`);
      expect(failed).toEqual([]);
      expect(stale, 'excluded checks that now pass: take them off the list').toEqual([]);
    } finally {
      await running.stop();
      rmSync(out, { recursive: true, force: true });
    }
  });
});
