/**
 * The progress display on stderr: one line per phase. On a terminal the line is rewritten in place as
 * counts and rates change; otherwise (a log file, CI) an update is printed at most every few seconds,
 * then the final line.
 */
export interface PhaseProgress {
  update(text: string): void;
  done(text: string): void;
}

const NON_TTY_UPDATE_EVERY_MS = 3000;

export function startPhase(name: string): PhaseProgress {
  const tty = process.stderr.isTTY === true;
  const started = Date.now();
  let lastPrinted = 0;
  const label = `${name.padEnd(22)}`;
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s`;
  if (tty) process.stderr.write(`${label} ${elapsed()}  starting...`);
  else process.stderr.write(`${label} starting...\n`);
  return {
    update(text) {
      if (tty) {
        process.stderr.write(`\r\x1b[2K${label} ${elapsed()}  ${text}`);
      } else if (Date.now() - lastPrinted >= NON_TTY_UPDATE_EVERY_MS) {
        lastPrinted = Date.now();
        process.stderr.write(`${label} ${elapsed()}  ${text}\n`);
      }
    },
    done(text) {
      if (tty) process.stderr.write(`\r\x1b[2K${label} ${elapsed()}  ${text}\n`);
      else process.stderr.write(`${label} ${elapsed()}  done: ${text}\n`);
    },
  };
}

/** Runs `tick` every `everyMs` until the returned function is called. */
export function every(everyMs: number, tick: () => void | Promise<void>): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void Promise.resolve()
      .then(tick)
      .catch(() => {})
      .finally(() => {
        running = false;
      });
  }, everyMs);
  return () => clearInterval(timer);
}

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}
