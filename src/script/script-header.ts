/** Reads a script's revision metadata from its text, so listing the graph never executes scripts. */

/** The metadata a script declares; null fields could not be read statically. */
export interface ScriptHeader {
  readonly revision: string | null;
  readonly downRevisions: ReadonlyArray<string> | null;
  readonly branchLabels: ReadonlyArray<string> | null;
  readonly dependsOn: ReadonlyArray<string> | null;
  readonly message: string;
  readonly createDate: string | null;
}

const STRING = String.raw`'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"`;

const patterns = new Map<string, RegExp>();

function exportPattern(name: string): RegExp {
  const known = patterns.get(name);
  if (known !== undefined) return known;
  const pattern = buildExportPattern(name);
  patterns.set(name, pattern);
  return pattern;
}

function buildExportPattern(name: string): RegExp {
  // `export const name = …` (TypeScript, ES modules) or `exports.name = …` / `module.exports.name = …` (CommonJS).
  const target = String.raw`(?:export\s+(?:const|let|var)\s+|(?:module\.)?exports\.)${name}`;
  return new RegExp(String.raw`^${target}\s*(?::[^=;]+)?=\s*(null|${STRING}|\[([^\]]*)\])\s*(?:as\s+[^;\n]+)?;?`, 'm');
}

const ITEM_PATTERN = new RegExp(String.raw`\s*(?:${STRING})\s*(,|$)`, 'y');

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** The value of a string literal's body: \n, \uXXXX, \u{…}, \xHH and the rest, as JavaScript reads them. */
function unescape(body: string): string {
  return body.replace(
    /\\(u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|.)/gs,
    (_all, ch: string, braced?: string, u4?: string, x2?: string) => {
      const hex = braced ?? u4 ?? x2;
      if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16));
      return SIMPLE_ESCAPES[ch] ?? (ch === '\n' ? '' : ch);
    },
  );
}

/** Parses `null`, a string literal or an array of string literals; undefined when it is anything else. */
function readList(source: string, name: string): ReadonlyArray<string> | null | undefined {
  const match = exportPattern(name).exec(source);
  if (!match) return undefined;
  if (match[1] === 'null') return null;
  const single = match[2] ?? match[3];
  if (single !== undefined) return [unescape(single)];
  const items: string[] = [];
  const inner = match[4] ?? '';
  const itemPattern = ITEM_PATTERN;
  let offset = 0;
  while (offset < inner.trimEnd().length) {
    itemPattern.lastIndex = offset;
    const item = itemPattern.exec(inner);
    if (!item) return undefined;
    items.push(unescape(item[1] ?? item[2] ?? ''));
    offset = itemPattern.lastIndex;
  }
  return items;
}

const DOC_COMMENT = /^\s*(?:#![^\n]*\n\s*)?\/\*\*([\s\S]*?)\*\//;

/** The message is everything above the last `Revision ID: <id>` line, so a message can say anything. */
function readDocComment(source: string, revision: string | null): { message: string; createDate: string | null } {
  const match = DOC_COMMENT.exec(source);
  if (!match) return { message: '', createDate: null };
  const lines = (match[1] ?? '').split('\n').map((line) => line.replace(/^\s*\* ?/, '').trimEnd());
  const isIdLine = (line: string) => (revision === null ? line.startsWith('Revision ID:') : line === `Revision ID: ${revision}`);
  let idLine = -1;
  lines.forEach((line, i) => {
    if (isIdLine(line)) idLine = i;
  });
  const messageLines = (idLine === -1 ? lines : lines.slice(0, idLine)).join('\n').trim();
  const date = idLine === -1 ? undefined : lines.slice(idLine).find((line) => line.startsWith('Create Date:'));
  return { message: messageLines.replace(/\*\\\//g, '*/'), createDate: date ? date.slice('Create Date:'.length).trim() : null };
}

/** Reads the header; fields it cannot read statically come back null (the caller then loads the module). */
export function parseScriptHeader(text: string): ScriptHeader {
  // Exports are searched below the doc comment only: the message in it may look like code.
  const doc = DOC_COMMENT.exec(text);
  // Block comments below it are blanked too; loading the script double-checks what was read here.
  const source = (doc ? text.slice(doc[0].length) : text).replace(/\/\*[\s\S]*?\*\//g, ' ');
  const revision = readList(source, 'revision');
  const single = revision && revision.length === 1 ? (revision[0] ?? null) : null;
  const comment = readDocComment(text, single);
  // A list that is never mentioned is empty; one written in a form we cannot read is null.
  const list = (name: string, optional: boolean): ReadonlyArray<string> | null => {
    const value = readList(source, name);
    if (value !== undefined) return value ?? [];
    return optional && !source.includes(name) ? [] : null;
  };
  return {
    revision: single,
    downRevisions: list('downRevision', false),
    branchLabels: list('branchLabels', true),
    dependsOn: list('dependsOn', true),
    message: comment.message,
    createDate: comment.createDate,
  };
}
