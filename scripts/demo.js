// npm run demo: the whole tsdb workflow on a new SQLite file in a fresh temp project, each step printed.
// It edits the generated scripts the way a person would (autogenerate arrives with `tsdb migrate`).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const repo = path.resolve(__dirname, '..');
const bin = path.join(repo, 'dist', 'bin', 'tsdb.js');
const project = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdb-demo-'));
fs.mkdirSync(path.join(project, 'node_modules'));
fs.symlinkSync(repo, path.join(project, 'node_modules', 'tsdb'), 'dir');

function say(text) {
  process.stdout.write(`\n\x1b[1m# ${text}\x1b[0m\n`);
}

function tsdb(...args) {
  process.stdout.write(`$ tsdb ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}\n`);
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  process.stdout.write(result.stdout + result.stderr);
  if (result.status !== 0) {
    process.stderr.write(`demo: 'tsdb ${args.join(' ')}' exited with ${result.status}\n`);
    process.exit(1);
  }
  return result.stdout;
}

function write(file, text) {
  fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  fs.writeFileSync(path.join(project, file), text);
  process.stdout.write(`(wrote ${file})\n`);
}

function fillScript(output, imports, upgrade, downgrade) {
  const file = path.join(project, /Generating (\S+)/.exec(output)[1]);
  const text = fs.readFileSync(file, 'utf8')
    .replace('import { type Operations }', `import { ${imports}, type Operations }`)
    .replace(/ {2}\/\/ write the upgrade here.*/, upgrade)
    .replace(/ {2}\/\/ write the downgrade here.*/, downgrade);
  fs.writeFileSync(file, text);
  process.stdout.write(`(edited ${path.relative(project, file)}:)\n${upgrade}\n`);
}

say(`a new project in ${project}`);
tsdb('init');
write('tsdb.config.ts', `import { defineConfig } from 'tsdb';\n\nexport default defineConfig({\n  url: 'sqlite:///app.db',\n  models: ['common/models.ts'],\n  migrations: 'migrations',\n});\n`);

say('one shared models module, used by every app of the project');
write('common/models.ts', `import { integer, table, text, varchar } from 'tsdb';\n\nexport const user = table('user', {\n  id: integer().primaryKey(),\n  username: varchar(80).notNull().unique(),\n  email: varchar(120).notNull(),\n  bio: text(),\n});\n`);

say('first revision: create the user table');
let out = tsdb('revision', '-m', 'Initial migration.');
fillScript(out, 'integer, varchar',
  `  await op.createTable('user', {\n    id: integer().primaryKey(),\n    username: varchar(80).notNull().unique(),\n    email: varchar(120).notNull(),\n  });`,
  `  await op.dropTable('user');`);
tsdb('upgrade');
tsdb('current');

say('second revision: add user.bio');
out = tsdb('revision', '-m', 'add user.bio');
fillScript(out, 'text', `  await op.addColumn('user', text('bio'));`, `  await op.dropColumn('user', 'bio');`);
tsdb('upgrade');
tsdb('history', '--indicate-current');

say('a step back, and forward again');
tsdb('downgrade');
tsdb('current');
tsdb('upgrade', '+1');
tsdb('history', '-v');

say('what the database looks like now');
const Database = require('better-sqlite3');
const db = new Database(path.join(project, 'app.db'), { readonly: true });
for (const row of db.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name").all()) process.stdout.write(`${row.sql};\n`);
db.close();
fs.rmSync(project, { recursive: true, force: true });
say('done: the demo project was removed');
