/** The bench's table, its PASS/MISS lines, and the checks that a benchmarked run really did its work. */
import Database from 'better-sqlite3';
import { BenchFailure, median, min, ms, type Sample } from './measure';

const LABEL = 50;

/** One printed row. */
export interface Row {
  readonly label: string;
  readonly runs: number;
  readonly median: number;
  readonly min: number;
  readonly ratio: string;
}

/** Writes a line of the report. */
export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The column header. */
export function header(title: string, ratioName: string): void {
  print(`${title.padEnd(LABEL + 2)}${'runs'.padStart(4)}${'median'.padStart(11)}${'min'.padStart(11)}${ratioName.padStart(10)}`);
}

/** A table row. */
export function row(r: Row): void {
  print(
    `  ${r.label.padEnd(LABEL)}${String(r.runs).padStart(4)}${ms(r.median).padStart(11)}${ms(r.min).padStart(11)}${r.ratio.padStart(10)}`,
  );
}

/** A ratio such as 1.43×. */
export function times(value: number): string {
  return `${value.toFixed(2)}×`;
}

/** The row for a sample, its median compared with `floor` (a median). */
export function sampleRow(sample: Sample, floor: number | null, label = sample.label): Row {
  const m = median(sample.times);
  return { label, runs: sample.times.length, median: m, min: min(sample.times), ratio: floor === null ? '' : times(m / floor) };
}

/** One target's verdict, printed at the end. */
export interface Verdict {
  readonly name: string;
  readonly pass: boolean;
  readonly detail: string;
}

/** Target: `value / floor ≤ limit`. */
export function atMost(name: string, value: number, floor: number, limit: number): Verdict {
  const ratio = value / floor;
  return { name, pass: ratio <= limit, detail: `${times(ratio)} (${ms(value)} vs ${ms(floor)}, limit ${times(limit)})` };
}

/** Prints the PASS/MISS lines. */
export function printVerdicts(verdicts: ReadonlyArray<Verdict>): void {
  for (const v of verdicts) print(`${v.pass ? 'PASS' : 'MISS'}  ${v.name.padEnd(48)} ${v.detail}`);
}

/** Throws BenchFailure unless `ok`. */
export function check(ok: boolean, message: string): void {
  if (!ok) throw new BenchFailure(`verification failed: ${message}`);
}

/** Checks a migrated database: `tables` tables named t_NNNN and, when `version` is given, that single version row. */
export function verifyDatabase(file: string, what: string, tables: number, version: string | null): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const count = (
      db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name LIKE 't\\_%' ESCAPE '\\'").get() as { n: number }
    ).n;
    check(count === tables, `${what}: ${count} tables t_NNNN in ${file}, expected ${tables}`);
    if (version !== null) {
      const rows = db.prepare('SELECT version_num FROM tsdb_version').all() as ReadonlyArray<{ version_num: string }>;
      const got = rows.map((r) => r.version_num).join(', ');
      check(rows.length === 1 && got === version, `${what}: tsdb_version holds [${got}], expected [${version}]`);
    }
  } finally {
    db.close();
  }
}
