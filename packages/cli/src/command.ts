/** What the CLI knows of each operation (generated/commands.ts, from the operation model). */

export type FlagType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';

export interface FlagDefinition {
  /** The parameter's name in the SDK's params (`workspaceId`). */
  readonly name: string;
  /** Without the dashes (`workspace-id`). */
  readonly flag: string;
  readonly in: 'path' | 'query' | 'body';
  readonly type: FlagType;
  /** An array's item type. */
  readonly items?: FlagType;
  /** `null` is a value it takes. */
  readonly nullable?: true;
  readonly enum?: readonly string[];
  readonly default?: unknown;
  /** `min 1, max 20`… */
  readonly limits?: string;
  readonly required: boolean;
  readonly description: string;
}

export interface CommandDefinition {
  readonly operationId: string;
  /** The words typed after `userplane` (`['links', 'get-by-id']`). */
  readonly words: readonly string[];
  readonly method: string;
  readonly path: string;
  readonly summary?: string;
  readonly description?: string;
  /** The operation's own declared codes, by status (the shared ones: `sharedCodes`). */
  readonly errors: Readonly<Record<string, readonly string[]>>;
  /** For a paged list: the key of its items (`links`). */
  readonly pageItems?: string;
  readonly flags: readonly FlagDefinition[];
}

/** A code any operation may answer. */
export interface SharedCode {
  readonly code: string;
  readonly status: number;
  readonly meaning: string;
}
