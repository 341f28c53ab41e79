import { UserplaneError, type UserplaneErrorOptions } from './userplane-error.js';

/** One problem with the params: where (`path`, dot-separated, e.g. `linkMeta.source`) and what. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * The params do not match what the spec allows for this operation; nothing was sent.
 * `issues` names every bad field by its path.
 */
export class UserplaneValidationError extends UserplaneError {
  /** Every problem found, each with its field path. */
  readonly issues: readonly ValidationIssue[];

  /** @internal Errors are made by the SDK; catch them, do not construct them. */
  constructor(issues: readonly ValidationIssue[], options: UserplaneErrorOptions) {
    const list = issues.map((issue) => `${issue.path || '(params)'}: ${issue.message}`).join('; ');
    super('validation', `invalid params — ${list}`, options);
    this.issues = issues;
  }

  static {
    this.prototype.name = 'UserplaneValidationError';
  }
}
