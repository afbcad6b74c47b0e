/**
 * One sample, in its own process: start the mock runtime, load what the program needs, run it, wait
 * for every registration, and report the timings, the modules loaded and the peak memory.
 *
 * Usage (by main.ts only): node dist/child.js '<SampleSpec as JSON>'
 */
const bootMs = performance.now();

import { createRequire } from "node:module";
import * as path from "node:path";
import { RESULT_MARKER, type SampleResult, type SampleSpec } from "./protocol";
import type * as runtimeModule from "./runtime";

/** The program half of a sample: what to import first, then what to run. */
interface Program {
  readonly imports: readonly string[];
  run(load: (id: string) => unknown): unknown;
}

interface HandModule {
  scale(count: number, asComponents: boolean): unknown;
}
interface HandFlagshipModule {
  teamWorkspace(): unknown;
}
interface WisselScaleModule {
  scale(count: number): unknown;
}

function program(spec: SampleSpec): Program {
  if (spec.side !== "wissel") {
    // The flagship (buckets, cluster, namespace) and the bucket-only scale program are separate
    // modules, so the bucket-only one loads no Kubernetes SDK, like the Wissel side.
    if (spec.scenario === "flagship") {
      const flagship = path.join(__dirname, "hand", "flagship", `${spec.vendor}.js`);
      return {
        imports: [flagship],
        run: (load) => (load(flagship) as HandFlagshipModule).teamWorkspace(),
      };
    }
    const hand = path.join(__dirname, "hand", `${spec.vendor}.js`);
    return {
      imports: [hand],
      run: (load) => (load(hand) as HandModule).scale(spec.count, spec.side === "component"),
    };
  }
  // Core and the adapter, resolved from the project as `loadAdapter` finds them.
  const wissel = ["@wissel/core", `@wissel/${spec.vendor}`];
  if (spec.scenario === "flagship") {
    return { imports: wissel, run: (load) => load(spec.wisselProgram) };
  }
  const scaleProgram = path.join(__dirname, "wissel-scale.js");
  return {
    imports: [...wissel, scaleProgram],
    run: (load) => (load(scaleProgram) as WisselScaleModule).scale(spec.count),
  };
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? "") as SampleSpec;
  const failures: unknown[] = [];
  process.on("unhandledRejection", (error) => failures.push(error));

  const runtimeStart = performance.now();
  const { Runtime } = require("./runtime") as typeof runtimeModule;
  const runtime = await Runtime.start(spec);
  const runtimeMs = performance.now() - runtimeStart;

  process.chdir(spec.cwd);
  const load = createRequire(path.join(spec.cwd, "package.json"));
  const before = new Set(Object.keys(require.cache));

  const { imports, run } = program(spec);
  const cpu = (since: NodeJS.CpuUsage): number => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  const importStart = performance.now();
  const importCpu = process.cpuUsage();
  for (const id of imports) load(id);
  const importMs = performance.now() - importStart;
  const importCpuMs = cpu(importCpu);

  const evalStart = performance.now();
  const evalCpu = process.cpuUsage();
  const exported = run(load);
  const constructMs = performance.now() - evalStart;
  await runtime.settle();
  const evalMs = performance.now() - evalStart;
  const evalCpuMs = cpu(evalCpu);

  if (failures.length > 0) throw failures[0];
  if (runtime.unanswered.length > 0)
    throw new Error(
      `no offline answer for invoke ${runtime.unanswered.join(", ")} (add one in runtime.ts)`,
    );
  const after = Object.keys(require.cache);
  const result: SampleResult = {
    bootMs,
    runtimeMs,
    importMs,
    importCpuMs,
    evalMs,
    evalCpuMs,
    constructMs,
    maxRssKiB: process.resourceUsage().maxRSS,
    heapUsedKiB: Math.round(process.memoryUsage().heapUsed / 1024),
    modulesBefore: before.size,
    modulesAfter: after.length,
    loadedFiles: after.filter((file) => !before.has(file)),
    registrations: runtime.registrations,
    recorded: runtime.recorded,
  };
  // Keeps the program's exports alive until the end, as the engine would.
  void exported;
  process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
