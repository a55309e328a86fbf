/** Fills the script template (pure). Every value is escaped for where it lands, so no message can inject code. */
import { stringLiteral } from '../autogenerate/ts-literal';
import type { ScriptFormat } from './script-format';

export { stringLiteral };

/** What a new script says. */
export interface ScriptValues {
  readonly revision: string;
  readonly downRevisions: ReadonlyArray<string>;
  readonly branchLabels: ReadonlyArray<string>;
  readonly dependsOn: ReadonlyArray<string>;
  readonly message: string;
  readonly createDate: Date;
  /** Names imported from 'tsdb' (TypeScript scripts also import `type Operations`). */
  readonly imports: ReadonlyArray<string>;
  /** Statement lines of upgrade() and downgrade(), without indentation. */
  readonly upgrades: ReadonlyArray<string>;
  readonly downgrades: ReadonlyArray<string>;
}

function listLiteral(values: ReadonlyArray<string>): string {
  return values.length === 0 ? 'null' : `[${values.map(stringLiteral).join(', ')}]`;
}

/** The message as the body of a block comment: `*\/` cannot close it, control characters are dropped. */
export function commentText(message: string): string {
  return message
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/g, ' ')
    .replace(/\*\//g, '*\\/')
    .split('\n')
    .map((line, i) => (i === 0 ? line : ` * ${line}`.trimEnd()))
    .join('\n');
}

/** Alembic's date style: 2026-11-25 10:00:00.000000, local time. */
export function formatCreateDate(date: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds() * 1000, 6)}`
  );
}

function body(lines: ReadonlyArray<string>, direction: string): string {
  if (lines.length === 0) {
    const example = direction === 'upgrade' ? "await op.addColumn('user', text('bio'));" : "await op.dropColumn('user', 'bio');";
    return `  // write the ${direction} here, e.g. ${example}`;
  }
  return lines.map((line) => (line === '' ? '' : `  ${line}`)).join('\n');
}

/** The whole import line (`import`, or `require` for CommonJS); a JavaScript script that imports nothing gets none. */
function importStatement(names: ReadonlyArray<string>, format: ScriptFormat): string {
  if (format === 'ts') return `import { ${[...names, 'type Operations'].join(', ')} } from 'tsdb';`;
  if (names.length === 0) return '';
  return format === 'cjs' ? `const { ${names.join(', ')} } = require('tsdb');` : `import { ${names.join(', ')} } from 'tsdb';`;
}

/**
 * Fills `template`; each {{name}} is replaced in one pass, so values are never re-expanded. A
 * placeholder alone on its line that fills in empty takes its line with it (no import, no blank line).
 */
export function renderScript(template: string, values: ScriptValues, format: ScriptFormat = 'ts'): string {
  const down = values.downRevisions;
  const fields: Record<string, string> = {
    message: commentText(values.message),
    revision: values.revision,
    revises: down.length === 0 ? '' : down.join(', '),
    createDate: formatCreateDate(values.createDate),
    imports: [...values.imports, 'type Operations'].join(', '),
    importStatement: importStatement(values.imports, format),
    revisionLiteral: stringLiteral(values.revision),
    downRevisionLiteral: down.length === 0 ? 'null' : down.length === 1 ? stringLiteral(down[0] ?? '') : listLiteral(down),
    branchLabelsLiteral: listLiteral(values.branchLabels),
    dependsOnLiteral: listLiteral(values.dependsOn),
    upgrades: body(values.upgrades, 'upgrade'),
    downgrades: body(values.downgrades, 'downgrade'),
  };
  const lineless = template.replace(/^[ \t]*\{\{\s*(\w+)\s*\}\}[ \t]*\r?\n/gm, (whole, name: string) => (fields[name] === '' ? '' : whole));
  const filled = lineless.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => fields[name] ?? whole);
  return filled.replace(/[ \t]+$/gm, '');
}

/** The file-name slug: lower snake case, ASCII, about 40 characters, cut at a word boundary. */
export function slugify(message: string): string {
  const words = message
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
  let slug = '';
  for (const word of words) {
    const next = slug === '' ? word : `${slug}_${word}`;
    if (next.length > 40 && slug !== '') break;
    slug = next.slice(0, 40);
  }
  return slug === '' ? 'revision' : slug;
}
