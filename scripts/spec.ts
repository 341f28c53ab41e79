/**
 * Loads the effective OpenAPI document: `openapi/userplane.yaml` (a faithful copy of upstream)
 * with the corrections in `openapi/overlay.yaml` applied. Everything that reads the spec —
 * the generator, the Prism mock, the tests — goes through here, so they all see one document.
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { JSONPath } from 'jsonpath-plus';
import { parse } from 'yaml';

export const root = resolve(fileURLToPath(import.meta.url), '../..');
export const specPath = join(root, 'openapi/userplane.yaml');

/** Whether the module at `url` (its `import.meta.url`) is the script node was started with: its command line runs. */
export const isMain = (url: string): boolean =>
  process.argv[1] !== undefined && url === pathToFileURL(resolve(process.argv[1])).href;
export const overlayPath = join(root, 'openapi/overlay.yaml');

interface OverlayAction {
  target: string;
  description?: string;
  update?: Record<string, unknown>;
  remove?: boolean;
}

interface Overlay {
  overlay: string;
  actions: OverlayAction[];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Overlay `update` semantics: objects merge recursively, everything else replaces. */
function merge(target: Record<string, unknown>, update: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(update)) {
    const current = target[key];
    if (isRecord(current) && isRecord(value)) merge(current, value);
    else target[key] = structuredClone(value);
  }
}

export function applyOverlay(document: Record<string, unknown>, overlay: Overlay): Record<string, unknown> {
  for (const action of overlay.actions) {
    const matches: unknown[] = JSONPath({ path: action.target, json: document, resultType: 'all' });
    // An action that matches nothing means upstream changed shape: fail loudly instead of
    // silently generating from an uncorrected spec.
    if (matches.length === 0) {
      throw new Error(`openapi/overlay.yaml: target matches nothing, the action is stale: ${action.target}`);
    }
    for (const match of matches) {
      if (!isRecord(match)) continue;
      const { value, parent, parentProperty } = match;
      if (action.remove === true && isRecord(parent) && typeof parentProperty === 'string') {
        Reflect.deleteProperty(parent, parentProperty);
      } else if (action.update && isRecord(value)) {
        merge(value, action.update);
      }
    }
  }
  return document;
}

/** The spec as the SDK sees it: upstream YAML plus the overlay. */
export function loadSpec(path: string = specPath): Record<string, unknown> {
  const document: unknown = parse(readFileSync(path, 'utf8'));
  const overlay: unknown = parse(readFileSync(overlayPath, 'utf8'));
  if (!isRecord(document)) throw new Error(`${path} is not an OpenAPI document`);
  if (!isRecord(overlay) || !Array.isArray(overlay['actions'])) throw new Error(`${overlayPath} is not an overlay`);
  return applyOverlay(document, {
    overlay: String(overlay['overlay']),
    actions: overlay['actions'] as OverlayAction[],
  });
}

/** Writes the effective spec to a temporary file (for Prism, which reads a path). */
export function writeEffectiveSpec(path: string = specPath): string {
  const file = join(mkdtempSync(join(tmpdir(), 'userplane-spec-')), 'userplane.json');
  writeFileSync(file, JSON.stringify(loadSpec(path), null, 2));
  return file;
}
