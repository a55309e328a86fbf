/** A new script's text: the script directory's template for the format, filled in and checked before anything is written. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { displayPath } from '../display-path';
import { ScriptDirectoryError } from '../errors';
import { renderScript, type ScriptValues } from './render-script';
import { TEMPLATE_NAMES, type ScriptFormat } from './script-format';
import { parseScriptHeader } from './script-header';
import { loadEsbuild } from './transpile-cache';

/** Reads `<dir>/script.{ts,mjs,cjs}.tmpl` for the format and fills it; a missing or broken template names its fix. */
export function renderFromTemplate(dir: string, values: ScriptValues, format: ScriptFormat): string {
  const name = TEMPLATE_NAMES[format];
  const templatePath = path.join(dir, name);
  let template: string;
  try {
    template = fs.readFileSync(templatePath, 'utf8');
  } catch (error) {
    const other = format === 'ts' ? '' : `, or set scriptFormat: 'ts' in the config to keep writing TypeScript scripts`;
    throw new ScriptDirectoryError(
      'NO_TEMPLATE',
      `cannot read the script template ${displayPath(templatePath)} (scriptFormat '${format}'); restore it (see tsdb init) or copy it from tsdb's templates/${name}${other}`,
      { cause: error },
    );
  }
  const text = renderScript(template, values, format);
  checkRendered(text, values, format, displayPath(templatePath));
  return text;
}

/** A template that does not produce a loadable script with the new revision's header is refused before writing. */
function checkRendered(text: string, values: ScriptValues, format: ScriptFormat, template: string): void {
  const name = TEMPLATE_NAMES[format];
  const restore = `restore it from tsdb (templates/${name} in the package) and keep its {{placeholders}}`;
  try {
    // JavaScript templates are parsed as JavaScript, so no TypeScript syntax slips into a .js script.
    loadEsbuild().transformSync(text, { loader: format === 'ts' ? 'ts' : 'js' });
  } catch (error) {
    const first = (error as { errors?: Array<{ location?: { line: number } | null; text: string }> }).errors?.[0];
    throw new ScriptDirectoryError(
      'BAD_TEMPLATE',
      `${template} makes a script that does not compile (line ${first?.location?.line ?? '?'}: ${first?.text ?? 'syntax error'}); ${restore}`,
      { cause: error },
    );
  }
  const header = parseScriptHeader(text);
  if (header.revision !== values.revision || (header.downRevisions ?? []).join() !== values.downRevisions.join()) {
    const exports = format === 'cjs' ? '`exports.revision` and `exports.downRevision`' : '`export const revision` and `downRevision`';
    throw new ScriptDirectoryError('BAD_TEMPLATE', `${template} makes a script without ${exports} set to the new ids; ${restore}`);
  }
}
