/** TypeScript literals for generated code (pure): shared by the renderer and the script template. */

/** A single-quoted TypeScript string literal. */
export function stringLiteral(value: string): string {
  const escaped = value.replace(/[\\'\n\r\t\u2028\u2029]|[\u0000-\u001f\u007f]/g, (ch) => {
    const known: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return known[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `'${escaped}'`;
}
