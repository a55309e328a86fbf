/** The config file `tsdb init` writes, in the project's language and module system. */
import { stringLiteral } from '../script/render-script';
import { scriptExtension, type ScriptFormat } from '../script/script-format';

/** `tsdb.config.ts`, or `tsdb.config.js` (`.mjs`/`.cjs` when the package's module system differs from the format's). */
export function configFileName(format: ScriptFormat, dir: string): string {
  return `tsdb.config${scriptExtension(format, dir)}`;
}

/** The config's text; `directory` is the script directory relative to the config, `prettier` adds `postWrite: 'prettier'`. */
export function configText(format: ScriptFormat, directory: string, prettier: boolean, json = false): string {
  const models = format === 'ts' ? 'common/models.ts' : 'common/models.js';
  if (json) {
    return `${JSON.stringify({ url: 'sqlite:///sqlite.db', models: [models], migrations: directory, ...(prettier ? { postWrite: 'prettier' } : {}) }, null, 2)}\n`;
  }
  const body = [
    "  url: process.env.DATABASE_URL ?? 'sqlite:///sqlite.db', // database URL",
    `  models: [${stringLiteral(models)}], // model modules or globs, relative to this file`,
    `  migrations: ${stringLiteral(directory)}, // the script directory`,
    ...(prettier ? ["  postWrite: 'prettier', // format every new script with the project's Prettier"] : []),
  ].join('\n');
  if (format === 'cjs') return `const { defineConfig } = require('tsdb');\n\nmodule.exports = defineConfig({\n${body}\n});\n`;
  return `import { defineConfig } from 'tsdb';\n\nexport default defineConfig({\n${body}\n});\n`;
}
