/** The `sql` tag: a raw SQL expression for defaults, checks and partial indexes. */

/** A raw SQL fragment, written into DDL as it is. */
export interface SqlExpression {
  readonly kind: 'sql';
  readonly text: string;
}

/**
 * Tags a raw SQL expression.
 * @example datetime().default(sql`CURRENT_TIMESTAMP`)
 */
export function sql(strings: TemplateStringsArray, ...values: ReadonlyArray<string | number>): SqlExpression {
  let text = strings[0] ?? '';
  values.forEach((value, i) => {
    text += String(value) + (strings[i + 1] ?? '');
  });
  return Object.freeze({ kind: 'sql', text: text.trim() });
}

/** True for values built by the `sql` tag. */
export function isSqlExpression(value: unknown): value is SqlExpression {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'sql' &&
    typeof (value as { text?: unknown }).text === 'string'
  );
}
