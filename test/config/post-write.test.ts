/** The postWrite hook on real files: command lines split without a shell, commands, functions, Prettier found or not. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasPrettier, preparePostWrite, splitCommand } from '../../src/config/post-write';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdb post write '));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('splitCommand', () => {
  it.each<[string, string[]]>([
    ['npx eslint --fix {file}', ['npx', 'eslint', '--fix', '{file}']],
    ['  node   a.js  ', ['node', 'a.js']],
    [`node -e "console.log('a b')" {file}`, ['node', '-e', "console.log('a b')", '{file}']],
    [`echo 'it''s' "say \\"hi\\"" a\\ b ''`, ['echo', 'its', 'say "hi"', 'a b', '']],
    ['echo $HOME;rm -rf / | cat', ['echo', '$HOME;rm', '-rf', '/', '|', 'cat']],
  ])('%s', (command, args) => {
    expect(splitCommand(command)).toStrictEqual(args);
  });

  it('refuses an unclosed quote', () => {
    expect(() => splitCommand("node -e 'x")).toThrow(/unclosed '/);
  });
});

describe('preparePostWrite', () => {
  const script = () => {
    const file = path.join(dir, 'versions', "a1_it's $(x).js");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'exports.revision = "a1";\n');
    return file;
  };

  it('a command gets the path as one argument wherever {file} is, run in the project folder without a shell', async () => {
    const file = script();
    const hook = preparePostWrite(`node -e "require('fs').appendFileSync(process.argv[1], '// ' + process.cwd() + '\\n')" {file}`, dir);
    expect(hook.name).toBe('node');
    await hook.run(file);
    expect(fs.readFileSync(file, 'utf8')).toBe(`exports.revision = "a1";\n// ${fs.realpathSync(dir)}\n`);
  });

  it('without {file}, the path is the last argument', async () => {
    const file = script();
    fs.writeFileSync(path.join(dir, 'mark.js'), "require('fs').appendFileSync(process.argv[2], '// marked\\n');\n");
    await preparePostWrite('node mark.js', dir).run(file);
    expect(fs.readFileSync(file, 'utf8')).toContain('// marked');
  });

  it("finds the project's tools in node_modules/.bin", async () => {
    const file = script();
    const bin = path.join(dir, 'node_modules', '.bin', 'stamp-it');
    fs.mkdirSync(path.dirname(bin), { recursive: true });
    fs.writeFileSync(bin, "#!/usr/bin/env node\nrequire('fs').appendFileSync(process.argv[2], '// stamped\\n');\n", { mode: 0o755 });
    await preparePostWrite('stamp-it', dir).run(file);
    expect(fs.readFileSync(file, 'utf8')).toContain('// stamped');
  });

  it('a failing command rejects with its exit code and first line of output', async () => {
    const hook = preparePostWrite(`node -e "console.error('\\n  lint: 3 problems\\nmore'); process.exit(3)"`, dir);
    await expect(hook.run(script())).rejects.toThrow('node exited with code 3: lint: 3 problems');
    await expect(preparePostWrite('no-such-tool-xyz {file}', dir).run(script())).rejects.toThrow('no-such-tool-xyz command not found');
  });

  it('a function is awaited with the path', async () => {
    const seen: string[] = [];
    const file = script();
    await preparePostWrite(async (f) => {
      await Promise.resolve();
      seen.push(f);
    }, dir).run(file);
    expect(seen).toStrictEqual([file]);
  });

  it("'prettier' without prettier in the project fails before anything is written", () => {
    expect(hasPrettier(dir)).toBe(false);
    expect(() => preparePostWrite('prettier', dir)).toThrow(
      /postWrite is 'prettier', but prettier is not installed in .*; run `npm install --save-dev prettier`/,
    );
  });
});
