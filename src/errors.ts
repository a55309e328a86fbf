/** The TsdbError hierarchy: every expected failure has a stable code and a message that says what to do. */

/** Base class of every error tsdb reports as a failure (exit 1), not a bug (exit 70). */
export class TsdbError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The config file is missing, unreadable or invalid. */
export class ConfigError extends TsdbError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIG', message, options);
  }
}

/** A revision id, label or relative step does not resolve. */
export class RevisionError extends TsdbError {
  constructor(code: string, message: string) {
    super(code, message);
  }
}

/** The script directory is broken: cycles, dangling parents, duplicate ids, unloadable scripts. */
export class ScriptDirectoryError extends TsdbError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** Several heads where one was needed. */
export class MultipleHeadsError extends TsdbError {
  readonly heads: ReadonlyArray<string>;
  constructor(heads: ReadonlyArray<string>, message: string) {
    super('MULTIPLE_HEADS', message);
    this.heads = heads;
  }
}

/** A migration script failed; the database was rolled back to `atRevision`. */
export class MigrationError extends TsdbError {
  readonly revision: string;
  readonly direction: 'upgrade' | 'downgrade';
  constructor(revision: string, direction: 'upgrade' | 'downgrade', message: string, options?: { cause?: unknown }) {
    super('MIGRATION_FAILED', message, options);
    this.revision = revision;
    this.direction = direction;
  }
}

/** An operation the dialect cannot perform, or one that would lose data. */
export class OperationError extends TsdbError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** A drop whose prior state is unknown cannot be reversed. */
export class IrreversibleOperationError extends TsdbError {
  constructor(message: string) {
    super('IRREVERSIBLE', message);
  }
}

/** The database could not be opened, read or locked. */
export class DatabaseError extends TsdbError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** A model declaration is invalid. */
export class ModelError extends TsdbError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MODEL', message, options);
  }
}

/** The script's own SQL (COMMIT, ROLLBACK, RAISE(ROLLBACK), …) ended tsdb's transaction. */
export class TransactionEndedError extends TsdbError {
  constructor(statement?: string) {
    const flat = statement?.replace(/\s+/g, ' ').trim();
    const which = flat === undefined ? '' : `: ${flat.length > 200 ? `${flat.slice(0, 197)}...` : flat}`;
    super(
      'TRANSACTION_ENDED',
      'its SQL ended the migration transaction (a COMMIT or ROLLBACK statement, a RAISE(ROLLBACK) trigger ' +
        `or an OR ROLLBACK clause)${which}`,
    );
  }
}

/** Used in exhaustive switches: a new kind that is not handled fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`unhandled kind: ${JSON.stringify(value)}`);
}
