/** The public API of tsdb: what config files, models and migration scripts import from 'tsdb'. */
export { defineConfig, type TsdbConfig } from './config/config';
export { Operations, type AlterColumnOptions, type CreateIndexOptions, type ForeignKeyOptions } from './operations/operations';
export { sql, type SqlExpression } from './models/sql';
export { ColumnBuilder, type ColumnRef, type ReferenceAction, type ReferenceOptions } from './models/column';
export {
  integer,
  bigint,
  text,
  varchar,
  boolean,
  real,
  float,
  numeric,
  date,
  datetime,
  timestamptz,
  json,
  jsonb,
  blob,
  uuid,
  sqlType,
} from './models/types';
export { enumType, type EnumColumnBuilder, type EnumTypeOptions } from './models/enum-type';
export {
  table,
  index,
  uniqueIndex,
  unique,
  check,
  primaryKey,
  foreignKey,
  type TableDef,
  type TableExtra,
  type TableOptions,
  type IndexMethod,
  type IndexDeclaration,
  type ForeignKeyTarget,
  type ForeignKeyActions,
} from './models/table';
export * from './errors';
export { migrations, type Migrations } from './api/migrations';
export type {
  WorkspaceOptions,
  MigrationEvent,
  MigrationStepInfo,
  UpgradeOptions,
  UpgradeResult,
  CurrentResult,
  RevisionInfo,
  HistoryOptions,
  RevisionsResult,
  ShowOptions,
  BranchPointInfo,
  BranchesResult,
  StampOptions,
  StampResult,
  NewScript,
  RevisionOptions,
  RevisionResult,
  MergeOptions,
  SchemaChange,
  MigrateOptions,
  MigrateResult,
  CheckOptions,
  TamperedScript,
  CheckResult,
  InitResult,
} from './api/types';
