/**
 * Before and after, in one run: the flagship program of two checkouts of this repository (each
 * installed, built and with `bench` compiled), alternating with the hand-written program, so one
 * machine state falls on all three. Prints program time and CPU ratios against hand-written.
 *
 * Usage: node dist/compare-trees.js <other checkout> [rounds = 7] [vendors = all, comma-separated]
 * The other checkout is "before", this one "after"; the hand-written program is this one's.
 */
import * as path from "node:path";
import { readProject, readStack } from "@wissel/cli";
import { VENDORS, type SampleSpec, type Side, type Vendor } from "./protocol";
import type { Sample } from "./sample";
import { median, ms, ratio, table } from "./stats";

type Run = (spec: SampleSpec) => Sample;

interface Arm {
  readonly label: string;
  readonly tree: string;
  readonly side: Side;
  readonly run: Run;
}

function specFor(tree: string, side: Side, vendor: Vendor): SampleSpec {
  const project = readProject(path.join(tree, "stacks", "team-workspace"));
  const stack = readStack(project, vendor);
  return {
    scenario: "flagship",
    side,
    vendor,
    count: 0,
    project: project.name,
    stack: vendor,
    config: stack.config,
    secretKeys: stack.secretKeys,
    cwd: project.dir,
    wisselProgram: path.join(tree, "bench", "dist", "programs", "team-workspace.js"),
    record: false,
  };
}

/** A tree's own sample runner, so each side runs its tree's child and runtime. */
function runnerOf(tree: string): Run {
  return (require(path.join(tree, "bench", "dist", "sample.js")) as { runSample: Run }).runSample;
}

function main(): void {
  const [other, roundsArg, vendorsArg] = process.argv.slice(2);
  if (other === undefined)
    throw new Error("usage: compare-trees.js <other checkout> [rounds] [vendors]");
  const here = path.resolve(__dirname, "..", "..");
  const before = path.resolve(other);
  const rounds = Number(roundsArg ?? 7);
  const vendors = (vendorsArg?.split(",") ?? VENDORS).filter((v): v is Vendor =>
    (VENDORS as readonly string[]).includes(v),
  );
  const arms: readonly Arm[] = [
    { label: "before", tree: before, side: "wissel", run: runnerOf(before) },
    { label: "after", tree: here, side: "wissel", run: runnerOf(here) },
    { label: "hand", tree: here, side: "hand", run: runnerOf(here) },
  ];
  const samples = new Map<string, Sample[]>();
  for (const vendor of vendors)
    for (const arm of arms) arm.run(specFor(arm.tree, arm.side, vendor));
  for (let round = 0; round < rounds; round++) {
    for (const vendor of vendors) {
      for (const arm of round % 2 === 0 ? arms : [...arms].reverse()) {
        const key = `${vendor}/${arm.label}`;
        samples.set(key, [
          ...(samples.get(key) ?? []),
          arm.run(specFor(arm.tree, arm.side, vendor)),
        ]);
      }
    }
  }
  const rows = vendors.map((vendor) => {
    const of = (label: string): Sample[] => samples.get(`${vendor}/${label}`) ?? [];
    const program = (label: string): number => median(of(label).map((s) => s.importMs + s.evalMs));
    const cpu = (label: string): number =>
      median(of(label).map((s) => s.importCpuMs + s.evalCpuMs));
    const modules = (label: string): number => of(label)[0]?.loadedFiles.length ?? Number.NaN;
    return [
      vendor,
      `${ms(program("before"))} / ${ms(program("after"))} / ${ms(program("hand"))}`,
      `${ratio(program("before"), program("hand"))} → ${ratio(program("after"), program("hand"))}`,
      `${ratio(cpu("before"), cpu("hand"))} → ${ratio(cpu("after"), cpu("hand"))}`,
      `${modules("before")} / ${modules("after")} / ${modules("hand")}`,
    ];
  });
  process.stdout.write(
    `${table(["vendor", "program ms W before / after / H", "program W÷H before → after", "CPU W÷H before → after", "modules W before / after / H"], rows)}\n`,
  );
}

main();
