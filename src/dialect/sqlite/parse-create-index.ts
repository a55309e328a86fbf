/** Parses SQLite CREATE INDEX text, and the indexed-column lists that CREATE TABLE shares with it. */
import { TokenCursor, type Token } from '../../schema/sql-tokenizer';

/** One term of an index or key list: a column name, or an expression (then `column` is null). */
export interface ParsedIndexedColumn {
  readonly column: string | null;
  readonly expression: string;
  readonly collate: string | null;
  readonly order: 'ASC' | 'DESC' | null;
}

/** A parsed CREATE INDEX statement; `where` is the partial-index predicate text. */
export interface ParsedCreateIndex {
  readonly schema: string | null;
  readonly name: string;
  readonly table: string;
  readonly unique: boolean;
  readonly ifNotExists: boolean;
  readonly columns: ReadonlyArray<ParsedIndexedColumn>;
  readonly where: string | null;
}

/** Reads a possibly schema-qualified name. */
export function qualifiedName(c: TokenCursor): { schema: string | null; name: string } {
  const first = c.name();
  if (!c.acceptPunct('.')) return { schema: null, name: first };
  return { schema: first, name: c.name() };
}

/** Reads `( term, … )` where each term is `expr [COLLATE x] [ASC|DESC]` (and `AUTOINCREMENT` for keys). */
export function indexedColumns(c: TokenCursor): { columns: ParsedIndexedColumn[]; autoincrement: boolean } {
  c.expectPunct('(');
  const columns: ParsedIndexedColumn[] = [];
  let autoincrement = false;
  do {
    const tokens: Token[] = c.until();
    if (tokens.length === 0) throw c.error('expected an indexed column');
    const word = (k: number): string | undefined => {
      const t = tokens[tokens.length - k];
      return t?.kind === 'word' ? t.value.toUpperCase() : undefined;
    };
    if (word(1) === 'AUTOINCREMENT') {
      autoincrement = true;
      tokens.pop();
    }
    const last = word(1);
    const order = last === 'ASC' || last === 'DESC' ? last : null;
    if (order !== null) tokens.pop();
    let collate: string | null = null;
    const maybeCollation = tokens[tokens.length - 1];
    if (word(2) === 'COLLATE' && maybeCollation !== undefined && tokens.length > 2) {
      collate = maybeCollation.value;
      tokens.splice(-2);
    }
    const first = tokens[0];
    const lastToken = tokens[tokens.length - 1];
    if (first === undefined || lastToken === undefined) throw c.error('expected an indexed column');
    const isName = tokens.length === 1 && (first.kind === 'word' || first.kind === 'quoted');
    columns.push({ column: isName ? first.value : null, expression: c.sql.slice(first.start, lastToken.end), collate, order });
  } while (c.acceptPunct(','));
  c.expectPunct(')');
  return { columns, autoincrement };
}

/** Parses one CREATE [UNIQUE] INDEX statement; throws SqlParseError. */
export function parseCreateIndex(sql: string): ParsedCreateIndex {
  const c = new TokenCursor(sql);
  c.expectWords('CREATE');
  const unique = c.acceptWords('UNIQUE');
  c.expectWords('INDEX');
  const ifNotExists = c.acceptWords('IF', 'NOT', 'EXISTS');
  const { schema, name } = qualifiedName(c);
  c.expectWords('ON');
  const table = c.name();
  const { columns } = indexedColumns(c);
  let where: string | null = null;
  if (c.acceptWords('WHERE')) {
    const tokens: Token[] = [];
    while (!c.atEnd()) tokens.push(c.next());
    if (tokens[tokens.length - 1]?.value === ';') tokens.pop();
    const first = tokens[0];
    const last = tokens[tokens.length - 1];
    if (first === undefined || last === undefined) throw c.error('expected a WHERE predicate');
    where = sql.slice(first.start, last.end);
  }
  c.acceptPunct(';');
  if (!c.atEnd()) throw c.error('unexpected text after the index definition');
  return { schema, name, table, unique, ifNotExists, columns, where };
}
