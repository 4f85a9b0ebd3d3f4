/**
 * The one-line progress bar `baton import` redraws on a terminal's stderr:
 * `[##########..........] 5,000/10,000 rows`.
 */

const WIDTH = 20;

export function progressBar(done: number, total: number, width = WIDTH): string {
  const filled = total > 0 ? Math.min(width, Math.floor((done / total) * width)) : width;
  const n = (x: number) => x.toLocaleString('en-US');
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${n(done)}/${n(total)} rows`;
}

/**
 * A progress callback that redraws the bar with `\r` about 200 times over the whole
 * import (each redraw is a write to the terminal), and ends the line when all is done.
 */
export function progressReporter(write: (text: string) => void): (done: number, total: number) => void {
  let shown = -1;
  return (done, total) => {
    const step = Math.max(1, Math.floor(total / 200));
    if (done !== total && done - shown < step) return;
    shown = done;
    write(`\r${progressBar(done, total)}${done === total ? '\n' : ''}`);
  };
}
