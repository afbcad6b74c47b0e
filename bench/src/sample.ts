/** Runs one sample of a program in a child process and reads back what it measured. */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { RESULT_MARKER, type SampleResult, type SampleSpec } from "./protocol";

const CHILD = path.join(__dirname, "child.js");
/** Heap room for 1,000 Azure buckets (the SDK keeps a stack trace per output promise); the same for every sample. */
const CHILD_FLAGS = ["--max-old-space-size=8192"];

export interface Sample extends SampleResult {
  /** Spawn to exit, measured by the parent. */
  readonly processMs: number;
}

export function runSample(spec: SampleSpec): Sample {
  const start = performance.now();
  const child = spawnSync(process.execPath, [...CHILD_FLAGS, CHILD, JSON.stringify(spec)], {
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
  });
  const processMs = performance.now() - start;
  const line = child.stdout.split("\n").find((l) => l.startsWith(RESULT_MARKER));
  if (child.status !== 0 || line === undefined) {
    throw new Error(
      `sample ${spec.scenario}/${spec.vendor}/${spec.side}/${spec.count} failed (exit ${child.status}, ${child.signal ?? "no signal"}):\n${child.stderr.slice(-4000)}`,
    );
  }
  return { ...(JSON.parse(line.slice(RESULT_MARKER.length)) as SampleResult), processMs };
}
