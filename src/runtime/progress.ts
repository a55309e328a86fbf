/**
 * Progress of long work (rows copied by a table rebuild), reported to whoever listens: the CLI
 * draws it on a terminal. With no listener nothing is measured, so piped runs pay nothing.
 */

/** Receives row-copy progress; `copied` reaches `total` when the copy is done. */
export type RowProgress = (table: string, copied: number, total: number) => void;

let rowListener: RowProgress | null = null;

/** Set while a command runs with a progress display; null otherwise. */
export function setRowProgress(listener: RowProgress | null): void {
  rowListener = listener;
}

/** The current listener, or null when nobody watches (then copies run as one statement). */
export function rowProgress(): RowProgress | null {
  return rowListener;
}
