/**
 * A progress line on stderr for a plan that takes more than a few seconds, so a 500-resource plan is
 * not silent. Only on a terminal: the line is redrawn in place and cleared at the end, which would be
 * noise in a log or a captured stderr; stdout (the plan, or the `--json` document) is never touched.
 */
import type { ProgressEvent } from "./run";

/** When the first line appears and how often it is redrawn. */
export interface ProgressTiming {
  readonly delayMs: number;
  readonly intervalMs: number;
}

export const PROGRESS_TIMING: ProgressTiming = { delayMs: 2000, intervalMs: 500 };

/** The progress line for what the plan is doing after `elapsedMs`. */
export function progressLine(event: ProgressEvent, elapsedMs: number): string {
  const seconds = `${Math.floor(elapsedMs / 1000)}s`;
  if (event.phase === "typecheck") return `wissel: type-checking the program (${seconds})`;
  return `wissel: planning, ${event.registered} resource${event.registered === 1 ? "" : "s"} registered (${seconds})`;
}

/** Starts the clock. `update` records the latest event; `stop` clears the line if one was drawn. */
export function startProgress(
  write: (text: string) => void,
  timing: ProgressTiming = PROGRESS_TIMING,
  now: () => number = Date.now,
): { update(event: ProgressEvent): void; stop(): void } {
  const started = now();
  let latest: ProgressEvent = { phase: "typecheck" };
  let drawn = false;
  const draw = (): void => {
    write(`\r\x1b[K${progressLine(latest, now() - started)}`);
    drawn = true;
  };
  let interval: NodeJS.Timeout | undefined;
  const delay = setTimeout(() => {
    draw();
    interval = setInterval(draw, timing.intervalMs);
    interval.unref();
  }, timing.delayMs);
  delay.unref();
  return {
    update: (event) => void (latest = event),
    stop: () => {
      clearTimeout(delay);
      clearInterval(interval);
      if (drawn) write("\r\x1b[K");
    },
  };
}
