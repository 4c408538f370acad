/**
 * The two kinds of failure lakehunt knows: a UserError is something the user can fix
 * (bad flag, unreadable file, unsupported KQL) and is printed as one line; anything else is a bug.
 */
export interface ErrorLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

export class UserError extends Error {
  readonly code: string;
  readonly at: ErrorLocation;
  /** Exit code for the CLI: 2 for usage errors, 1 for everything else. */
  readonly exitCode: 1 | 2;

  constructor(code: string, message: string, at: ErrorLocation = {}, exitCode: 1 | 2 = 1) {
    super(message);
    this.name = 'UserError';
    this.code = code;
    this.at = at;
    this.exitCode = exitCode;
  }
}

export class UsageError extends UserError {
  constructor(message: string) {
    super('usage', message, {}, 2);
    this.name = 'UsageError';
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/** "file:line:column: " prefix for messages that point into an input. */
export function formatLocation(at: ErrorLocation): string {
  if (!at.file && at.line === undefined) return '';
  const parts = [at.file ?? '<input>'];
  if (at.line !== undefined) parts.push(String(at.line));
  if (at.column !== undefined) parts.push(String(at.column));
  return `${parts.join(':')}: `;
}
