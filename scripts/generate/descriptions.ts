/**
 * What the spec says about an operation's arguments and the errors every operation shares — for
 * the MCP tools, the CLI's help and the SDK's docs:
 *
 *   - a field's one-line description: the spec's own, else `openapi/overlay.yaml`'s
 *     `x-userplane-field-descriptions` (upstream's words, by name), else one made from its name;
 *   - the codes any operation may answer (`x-userplane-shared-errors`: code → "status — meaning"),
 *     said once rather than in every operation's list.
 */
import { isRecord } from '../spec.js';

type Json = Record<string, unknown>;

/** `workspace_id` → `Workspace ID`, `linkProviderRef` → `Link provider ref`. */
function words(name: string): string {
  const spaced = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/\bid\b/g, 'ID')
    .replace(/\burl\b/g, 'URL');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The one-line description of a field named `name`, given the spec's own (if any). */
export type Describe = (name: string, own: unknown) => string;

export function fieldDescriber(spec: Json): Describe {
  const given = spec['x-userplane-field-descriptions'];
  const byName = isRecord(given) ? given : {};
  return (name, own) => {
    if (typeof own === 'string' && own.trim() !== '') return oneLine(own);
    const listed = Object.hasOwn(byName, name) ? byName[name] : undefined;
    return typeof listed === 'string' ? oneLine(listed) : `${words(name)}.`;
  };
}

/** The first sentence (or line) of a text, at most 160 characters. */
export function oneLine(text: string): string {
  const sentence = /^[\s\S]*?[.!?](?=\s|$)/.exec(text.trim())?.[0] ?? text.trim().split('\n')[0] ?? '';
  const flat = sentence.replace(/\s+/g, ' ');
  return flat.length > 160 ? `${flat.slice(0, 159)}…` : flat;
}

export interface SharedError {
  readonly code: string;
  readonly status: number;
  readonly meaning: string;
}

/** The codes any operation may answer, in the order the overlay lists them. */
export function sharedErrors(spec: Json): SharedError[] {
  const listed = spec['x-userplane-shared-errors'];
  return Object.entries(isRecord(listed) ? listed : {}).flatMap(([code, text]) => {
    const match = typeof text === 'string' ? /^(\d{3})\s*[—-]\s*(.+)$/.exec(text.trim()) : null;
    if (match === null) throw new Error(`x-userplane-shared-errors.${code}: write it as "<status> — <meaning>"`);
    return [{ code, status: Number(match[1]), meaning: match[2] ?? '' }];
  });
}
