/** Progress on a terminal: a transient line for rows copied by a rebuild, redrawn at most every 100 ms. */
import type { RowProgress } from '../dialect/dialect';

const CLEAR_LINE = '\r\x1b[K';

/** Draws `copying rows of "big": 450,000 / 1,000,000 (45%)` on stderr and clears it when the copy ends. */
export function rowProgressLine(write: (text: string) => void): RowProgress {
  let drawnAt = 0;
  let shown = false;
  return (table, copied, total) => {
    if (copied >= total) {
      if (shown) write(CLEAR_LINE);
      shown = false;
      return;
    }
    const now = Date.now();
    if (now - drawnAt < 100) return;
    drawnAt = now;
    shown = true;
    const percent = total === 0 ? 100 : Math.floor((copied / total) * 100);
    write(`${CLEAR_LINE}  copying rows of ${table}: ${copied.toLocaleString('en')} / ${total.toLocaleString('en')} (${percent}%)`);
  };
}

/** `3 revisions in 1.24 s`, the summary a terminal gets after upgrade or downgrade. */
export function summaryLine(direction: string, count: number, elapsedMs: number): string {
  const time = elapsedMs < 1000 ? `${Math.round(elapsedMs)} ms` : `${(elapsedMs / 1000).toFixed(2)} s`;
  return `Done: ${direction} of ${count} revision${count === 1 ? '' : 's'} in ${time}`;
}
