/** The checksum recorded for an applied script: whitespace-only edits (line endings, trailing spaces) do not change it. */
import { createHash } from 'node:crypto';

/** sha256 (hex) of the text with CRLF/CR folded to LF, trailing whitespace of each line and trailing blank lines removed. */
export function scriptChecksum(text: string): string {
  const normalised = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v]+$/gm, '')
    .replace(/\n+$/, '');
  return createHash('sha256').update(normalised, 'utf8').digest('hex');
}
