/** The script directory on disk: reads versions/, builds the RevisionMap, writes new scripts. */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { displayPath } from '../display-path';
import { ScriptDirectoryError, TsdbError } from '../errors';
import { loadModule } from './load-module';
import { RevisionMap, type Revision } from './revision-map';
import { slugify, type ScriptValues } from './render-script';
import { renderFromTemplate } from './script-template';
import { scriptExtension, type ScriptFormat } from './script-format';
import { scriptChecksum } from './checksum';
import { openPack } from './script-pack';
import { parseScriptHeader, type ScriptHeader } from './script-header';
import {
  cacheFolder,
  checkSyntax,
  fileKey,
  fnv64,
  isRacy,
  precompile,
  TRANSFORM_VERSION,
  writeCacheFile,
  type SourceFile,
} from './transpile-cache';

const SCRIPT_FILE = /^(?!.*\.d\.[cm]?ts$).+\.(ts|mts|cts|js|mjs|cjs)$/;
const TYPESCRIPT_FILE = /\.[cm]?ts$/;

/** The functions a loaded migration script exports (`op` is the runtime's Operations facade). */
export interface LoadedScript {
  upgrade(op: unknown): unknown;
  downgrade(op: unknown): unknown;
}

/** A script file with what its header says. */
export interface ScriptFile {
  readonly revision: Revision;
  readonly absolutePath: string;
  readonly createDate: string | null;
  /** scriptChecksum of the file's text, recorded in the log when the script is applied. */
  readonly checksum: string;
  readonly stat: fs.Stats;
}

function asList(value: unknown, name: string, file: string): ReadonlyArray<string> {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new ScriptDirectoryError('BAD_SCRIPT', `${file}: export '${name}' must be null, a string or an array of strings`);
}

async function headerFromModule(file: string, display: string): Promise<ScriptHeader> {
  const exports = await loadModule(file);
  if (typeof exports['revision'] !== 'string' || exports['revision'] === '') {
    throw new ScriptDirectoryError(
      'BAD_SCRIPT',
      `${display}: no 'export const revision = "<id>"'; every script must export its revision id`,
    );
  }
  if (!('downRevision' in exports)) {
    throw new ScriptDirectoryError('BAD_SCRIPT', `${display}: no 'export const downRevision'; use null for the first revision`);
  }
  return {
    revision: exports['revision'],
    downRevisions: asList(exports['downRevision'], 'downRevision', display),
    branchLabels: asList(exports['branchLabels'], 'branchLabels', display),
    dependsOn: asList(exports['dependsOn'], 'dependsOn', display),
    message: '',
    createDate: null,
  };
}

/** The migrations folder: `versions/`, the script template (`script.ts.tmpl`, or a JavaScript one), `README`. */
export class ScriptDirectory {
  readonly dir: string;
  readonly versionsDir: string;
  readonly map: RevisionMap;
  readonly files: ReadonlyMap<string, ScriptFile>;
  private countLoad: (() => void) | undefined;

  private constructor(dir: string, files: ReadonlyArray<ScriptFile>) {
    this.dir = dir;
    this.versionsDir = path.join(dir, 'versions');
    this.files = new Map(files.map((f) => [f.revision.id, f]));
    this.map = RevisionMap.build(files.map((f) => f.revision));
  }

  /** Reads every script header (each file parsed once, then remembered by its file key) and builds the graph. */
  static async load(dir: string): Promise<ScriptDirectory> {
    const versionsDir = path.join(dir, 'versions');
    let names: string[];
    try {
      names = fs
        .readdirSync(versionsDir)
        .filter((n) => SCRIPT_FILE.test(n))
        .sort();
    } catch (error) {
      throw new ScriptDirectoryError(
        'NO_SCRIPT_DIRECTORY',
        `no script directory at ${displayPath(versionsDir)}; run \`tsdb init\` first, or point -d/--directory at it`,
        { cause: error },
      );
    }
    const index = HeaderIndex.open(versionsDir);
    const cwd = process.cwd();
    // one path.relative for the folder, not one per file (a thousand of them show in `tsdb history`)
    const shownDir = displayPath(versionsDir, cwd);
    const states = names.map((name) => readScriptState(path.join(versionsDir, name), name, `${shownDir}${path.sep}${name}`, index));
    // Scripts not seen before are parsed together: one syntax check for all, in parallel.
    const unseen = states
      .filter((s): s is ScriptState & { source: string } => s.source !== null)
      .map((s) => ({ filename: s.file, stat: s.stat, source: s.source }) satisfies SourceFile);
    // JavaScript is loaded by Node itself: it is only checked, so `tsdb history` reports its syntax errors too.
    await Promise.all([
      precompile(unseen.filter((f) => TYPESCRIPT_FILE.test(f.filename))),
      checkSyntax(unseen.filter((f) => !TYPESCRIPT_FILE.test(f.filename))),
    ]);
    const files: ScriptFile[] = [];
    for (const state of states) files.push(await toScriptFile(state, index));
    index.save(names);
    return new ScriptDirectory(dir, files);
  }

  /** The revision's script, loaded and checked for upgrade/downgrade functions. */
  async loadScript(revision: Revision): Promise<LoadedScript> {
    const file = this.files.get(revision.id);
    if (file === undefined) throw new ScriptDirectoryError('NO_SCRIPT', `no script for revision ${revision.id}`);
    this.countLoad ??= openPack(this.versionsDir, [...this.files.values()]);
    const exports = await loadModule(file.absolutePath);
    this.countLoad();
    const down = asList(exports['downRevision'], 'downRevision', revision.path);
    if (exports['revision'] !== revision.id || down.join() !== revision.downRevisions.join()) {
      throw new ScriptDirectoryError(
        'BAD_SCRIPT',
        `${revision.path}: its exports (revision ${String(exports['revision'])}, downRevision ${down.join(', ') || 'null'}) differ from what its text declares (${revision.id}, ${revision.downRevisions.join(', ') || 'null'}); write them as plain literals`,
      );
    }
    for (const fn of ['upgrade', 'downgrade']) {
      if (typeof exports[fn] !== 'function') {
        throw new ScriptDirectoryError(
          'BAD_SCRIPT',
          `${revision.path}: no 'export async function ${fn}(op)'; every script must export upgrade and downgrade`,
        );
      }
    }
    return exports as unknown as LoadedScript;
  }

  /** A fresh revision id that no script uses. */
  newRevisionId(): string {
    for (;;) {
      const id = randomBytes(6).toString('hex');
      if (!this.map.has(id)) return id;
    }
  }

  /** Writes a new script from the format's template (`script.ts.tmpl` by default) and returns its path; never overwrites a file. */
  writeScript(values: ScriptValues, format: ScriptFormat = 'ts'): string {
    if (this.map.has(values.revision)) {
      throw new TsdbError(
        'REVISION_EXISTS',
        `revision id '${values.revision}' already exists in ${this.files.get(values.revision)?.revision.path}; choose another --rev-id`,
      );
    }
    const file = path.join(this.versionsDir, `${values.revision}_${slugify(values.message)}${scriptExtension(format, this.versionsDir)}`);
    // The graph with the new script must still be valid (labels unique, parents known), or nothing is written.
    RevisionMap.build([...this.map.revisions, { ...values, id: values.revision, path: displayPath(file) }]);
    const text = renderFromTemplate(this.dir, values, format);
    try {
      fs.writeFileSync(file, text, { flag: 'wx' });
    } catch (error) {
      throw new ScriptDirectoryError('WRITE_FAILED', `cannot write ${displayPath(file)}: ${(error as Error).message}`, { cause: error });
    }
    return file;
  }
}

type IndexEntry = { readonly k: string; readonly h: ScriptHeader; readonly c?: string };

/** What the index remembers of one file. */
interface Remembered {
  readonly header: ScriptHeader;
  readonly checksum: string;
}

/** Remembers each script's header by its file key (inode, size, mtime, ctime), so a warm `tsdb history` reads no script text. */
class HeaderIndex {
  private changed = false;

  private constructor(
    private readonly file: string | null,
    private readonly entries: Record<string, IndexEntry>,
  ) {}

  static open(versionsDir: string): HeaderIndex {
    const folder = cacheFolder();
    const file = folder === null ? null : path.join(folder, `headers-${fnv64(`${TRANSFORM_VERSION}\0${versionsDir}`)}.json`);
    let entries: Record<string, IndexEntry> = {};
    try {
      if (file !== null) entries = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, IndexEntry>;
    } catch {
      entries = {};
    }
    return new HeaderIndex(file, entries);
  }

  get(name: string, stat: fs.Stats): Remembered | null {
    const entry = this.entries[name];
    if (entry === undefined || entry.c === undefined || entry.k !== fileKey(name, stat)) return null;
    return { header: entry.h, checksum: entry.c };
  }

  set(name: string, stat: fs.Stats, header: ScriptHeader, checksum: string): void {
    if (isRacy(stat)) return;
    this.entries[name] = { k: fileKey(name, stat), h: header, c: checksum };
    this.changed = true;
  }

  save(names: ReadonlyArray<string>): void {
    const known = new Set(names);
    for (const name of Object.keys(this.entries)) {
      if (!known.has(name)) {
        delete this.entries[name];
        this.changed = true;
      }
    }
    if (this.changed && this.file !== null) writeCacheFile(this.file, JSON.stringify(this.entries));
  }
}

function isComplete(header: ScriptHeader): boolean {
  return header.revision !== null && header.downRevisions !== null && header.branchLabels !== null && header.dependsOn !== null;
}

interface ScriptState {
  readonly file: string;
  readonly display: string;
  readonly stat: fs.Stats;
  /** What is remembered for this file key, or null: then `source` holds the text to parse. */
  readonly remembered: Remembered | null;
  readonly source: string | null;
}

function readScriptState(file: string, name: string, display: string, index: HeaderIndex): ScriptState {
  try {
    const stat = fs.statSync(file);
    const remembered = index.get(name, stat);
    return { file, display, stat, remembered, source: remembered === null ? fs.readFileSync(file, 'utf8') : null };
  } catch (error) {
    throw new ScriptDirectoryError('UNREADABLE_SCRIPT', `cannot read ${display}: ${(error as Error).message}`, { cause: error });
  }
}

async function toScriptFile(state: ScriptState, index: HeaderIndex): Promise<ScriptFile> {
  let header = state.remembered?.header ?? null;
  let checksum = state.remembered?.checksum ?? null;
  if (header === null || checksum === null) {
    checksum = scriptChecksum(state.source ?? '');
    header = parseScriptHeader(state.source ?? '');
    if (isComplete(header)) index.set(path.basename(state.file), state.stat, header, checksum);
    else header = { ...(await headerFromModule(state.file, state.display)), message: header.message, createDate: header.createDate };
  }
  const revision: Revision = Object.freeze({
    id: header.revision ?? '',
    downRevisions: header.downRevisions ?? [],
    branchLabels: header.branchLabels ?? [],
    dependsOn: header.dependsOn ?? [],
    message: header.message,
    path: state.display,
  });
  return { revision, absolutePath: state.file, createDate: header.createDate, checksum, stat: state.stat };
}
