/**
 * `pnpm bench`: the cost of Wissel against hand-written programs on the vendor SDKs.
 *
 * Every sample is a fresh Node process (child.ts) under the same mock runtime, and the sides (A: the
 * Wissel program, B: the hand-written one, C: hand-written with a component per bucket) alternate
 * within one run, so drift in machine load falls on both. Reports medians and ratios:
 *   1. the team-workspace program (pinned in bench/programs/, run with the team-workspace stack's
 *      files) per vendor against hand-written programs creating the same resources
 *      (checked: same types, names, inputs and options);
 *   2. what each program loads (modules, import time), with the checks that a program loads only its
 *      own vendor's SDK, and only azure-native submodules;
 *   3. 10, 100 and 1,000 buckets: time and peak memory;
 *   4. install footprint of core with one adapter, and with all.
 *
 * Options: --quick (a smoke run), --full (every vendor at every scale, more samples: long), --check (the
 * equivalence and module checks only, no timing: about 40 s), --json=<file>.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadedPackages, readProject, readStack } from "@wissel/cli";
import { differencesOf, reportChecks, type FlagshipCheck, type ScaleCheck } from "./checks";
import { ROOT, machine, revision } from "./environment";
import { equivalence } from "./equivalence";
import { footprint, type Footprint } from "./footprint";
import { moduleCheck } from "./module-check";
import { VENDORS, type SampleSpec, type Scenario, type Side, type Vendor } from "./protocol";
import { runSample, type Sample } from "./sample";
import { mb, median, ms, ratio, table } from "./stats";

/** The Pulumi project whose stack files (config) the flagship program runs with. */
const STACK_DIR = path.join(ROOT, "stacks", "team-workspace");

interface ScaleBlock {
  readonly vendor: Vendor;
  readonly count: number;
  readonly rounds: number;
  readonly sides: readonly Side[];
}

interface RunPlan {
  readonly name: string;
  readonly flagshipRounds: number;
  readonly scale: readonly ScaleBlock[];
}

const ALL: readonly Side[] = ["wissel", "hand", "component"];
const AB: readonly Side[] = ["wissel", "hand"];

/**
 * Sample counts, chosen so the default run stays near five minutes on two cores: a process start
 * costs about a second (loading @pulumi/pulumi), and the mock runtime spends 4 ms (Scaleway) to 30 ms
 * (Azure) per registered resource, on either side.
 */
const PLANS: Readonly<Record<string, RunPlan>> = {
  default: {
    name: "default",
    flagshipRounds: 4,
    scale: [
      { vendor: "scaleway", count: 10, rounds: 3, sides: AB },
      { vendor: "scaleway", count: 100, rounds: 3, sides: ALL },
      { vendor: "scaleway", count: 1000, rounds: 1, sides: AB },
      { vendor: "azure", count: 10, rounds: 3, sides: AB },
      { vendor: "azure", count: 100, rounds: 2, sides: ALL },
    ],
  },
  check: { name: "check", flagshipRounds: 0, scale: [] },
  quick: {
    name: "quick",
    flagshipRounds: 1,
    scale: [
      { vendor: "scaleway", count: 10, rounds: 1, sides: ALL },
      { vendor: "azure", count: 10, rounds: 1, sides: AB },
    ],
  },
  full: {
    name: "full",
    flagshipRounds: 7,
    scale: VENDORS.flatMap((vendor) => [
      { vendor, count: 10, rounds: 5, sides: ALL },
      { vendor, count: 100, rounds: 3, sides: ALL },
      { vendor, count: 1000, rounds: 1, sides: ALL },
    ]),
  },
};

const FOOTPRINTS: readonly {
  label: string;
  importers: readonly string[];
  sdks?: readonly string[];
}[] = [
  {
    label: "hand-written: pulumi+scaleway",
    importers: [],
    sdks: ["@pulumi/pulumi", "@pulumiverse/scaleway"],
  },
  {
    label: "hand-written: pulumi+azure-native",
    importers: [],
    sdks: ["@pulumi/pulumi", "@pulumi/azure-native"],
  },
  {
    label: "hand-written: pulumi+kubernetes",
    importers: [],
    sdks: ["@pulumi/pulumi", "@pulumi/kubernetes"],
  },
  {
    label: "hand-written: pulumi+openstack",
    importers: [],
    sdks: ["@pulumi/pulumi", "@pulumi/openstack"],
  },
  { label: "core only", importers: ["packages/core"] },
  { label: "core+scaleway", importers: ["packages/core", "packages/scaleway"] },
  { label: "core+azure", importers: ["packages/core", "packages/azure"] },
  { label: "core+kubernetes", importers: ["packages/core", "packages/kubernetes"] },
  { label: "core+openstack", importers: ["packages/core", "packages/openstack"] },
  {
    label: "all",
    importers: [
      "packages/core",
      "packages/scaleway",
      "packages/azure",
      "packages/kubernetes",
      "packages/openstack",
    ],
  },
];

/**
 * The flagship program the bench runs: the pinned copy of the team-workspace program
 * (bench/programs/team-workspace.ts, buckets, cluster and namespace), compiled to JavaScript by
 * `tsc -b` like the adapters it loads, so no TypeScript loader runs in the timed part.
 */
const FLAGSHIP_PROGRAM = path.join(__dirname, "programs", "team-workspace.js");

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function main(): void {
  const args = process.argv.slice(2);
  const checkOnly = args.includes("--check");
  const plan = checkOnly
    ? PLANS["check"]!
    : args.includes("--full")
      ? PLANS["full"]!
      : args.includes("--quick")
        ? PLANS["quick"]!
        : PLANS["default"]!;
  const jsonOut =
    args.find((a) => a.startsWith("--json="))?.slice("--json=".length) ??
    path.join(__dirname, "results.json");
  const started = performance.now();
  const before = machine();
  log(
    `wissel bench (${plan.name}): ${before.cpus}, ${before.memory}, Node ${before.node}, load ${before.load}`,
  );

  if (!fs.existsSync(FLAGSHIP_PROGRAM))
    throw new Error(`${FLAGSHIP_PROGRAM} is missing: run tsc -b in bench first`);
  const project = readProject(STACK_DIR);
  const specFor = (
    scenario: Scenario,
    side: Side,
    vendor: Vendor,
    count: number,
    record: boolean,
  ): SampleSpec => {
    const stack = readStack(project, vendor);
    return {
      scenario,
      side,
      vendor,
      count,
      project: project.name,
      stack: vendor,
      config: stack.config,
      secretKeys: stack.secretKeys,
      cwd: project.dir,
      wisselProgram: FLAGSHIP_PROGRAM,
      record,
    };
  };
  let failed = false;

  // 1 + 2. Flagship: a recorded run per side first (the equivalence check, and a warm-up), then timed rounds.
  log(`flagship: ${VENDORS.length} vendors × 2 sides × (1 check + ${plan.flagshipRounds}) samples`);
  const flagship = new Map<string, Sample[]>();
  const checks = new Map<Vendor, FlagshipCheck>();
  for (const vendor of VENDORS) {
    const wissel = runSample(specFor("flagship", "wissel", vendor, 0, true));
    const hand = runSample(specFor("flagship", "hand", vendor, 0, true));
    checks.set(vendor, { eq: equivalence(wissel.recorded, hand.recorded), wissel, hand });
  }
  for (let round = 0; round < plan.flagshipRounds; round++) {
    for (const vendor of VENDORS) {
      const order: Side[] = round % 2 === 0 ? ["wissel", "hand"] : ["hand", "wissel"];
      for (const side of order) {
        const key = `${vendor}/${side}`;
        flagship.set(key, [
          ...(flagship.get(key) ?? []),
          runSample(specFor("flagship", side, vendor, 0, false)),
        ]);
      }
    }
    log(
      `  round ${round + 1}/${plan.flagshipRounds} done (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
  }

  // 3. Scale: an equivalence check at 2 buckets on every vendor (also the bucket-only module check),
  // then rounds with the sides rotating.
  const scaleVendors = [...new Set(plan.scale.map((b) => b.vendor))];
  const scaleChecks = new Map<Vendor, ScaleCheck>();
  for (const vendor of VENDORS) {
    const [w, h, c] = (["wissel", "hand", "component"] as const).map((side) =>
      runSample(specFor("scale", side, vendor, 2, true)),
    );
    scaleChecks.set(vendor, {
      hand: equivalence(w!.recorded, h!.recorded),
      component: equivalence(w!.recorded, c!.recorded),
      wissel: w!,
      handSample: h!,
    });
  }
  log(`checks done (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  if (checkOnly) {
    process.exitCode = reportChecks(checks, scaleChecks) ? 0 : 1;
    return;
  }
  const scale = new Map<string, Sample[]>();
  for (const block of plan.scale) {
    log(
      `scale: ${block.vendor} × ${block.count}: ${block.rounds} round(s) of ${block.sides.join(", ")}`,
    );
    for (let round = 0; round < block.rounds; round++) {
      const order = block.sides.map((_, i) => block.sides[(i + round) % block.sides.length]!);
      for (const side of order) {
        const key = `${block.vendor}/${block.count}/${side}`;
        scale.set(key, [
          ...(scale.get(key) ?? []),
          runSample(specFor("scale", side, block.vendor, block.count, false)),
        ]);
      }
    }
    log(`  done (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }

  // 4. Footprint.
  const footprints: Footprint[] = FOOTPRINTS.map(({ label, importers, sdks }) =>
    footprint(
      ROOT,
      label,
      importers,
      sdks !== undefined ? { importer: "bench", names: sdks } : undefined,
    ),
  );

  // Tables.
  const med = (list: readonly Sample[] | undefined, pick: (s: Sample) => number): number =>
    median((list ?? []).map(pick));
  const program_ = (s: Sample): number => s.importMs + s.evalMs;
  const programCpu = (s: Sample): number => s.importCpuMs + s.evalCpuMs;
  const out: string[] = [];
  const after = machine();
  out.push(
    `Wissel bench, ${plan.name} run: ${before.cpus}; ${before.memory}; Node ${before.node}; ${before.platform}`,
  );
  out.push(`code: ${revision()}`);
  out.push(
    `load average at start ${before.load}, at end ${after.load}; ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  out.push(
    "Times in ms, medians; W = Wissel, H = hand-written, C = hand-written with a component per bucket.",
  );
  out.push("");
  out.push(
    `1. team-workspace, plan-style evaluation under the mock runtime (${plan.flagshipRounds} samples per side)`,
  );
  out.push(
    table(
      [
        "vendor",
        "vendor resources",
        "W components",
        "same inputs",
        "program W",
        "program H",
        "W÷H",
        "CPU W÷H",
        "process W",
        "process H",
        "W÷H",
        "RSS MB W/H",
      ],
      VENDORS.map((vendor) => {
        const w = flagship.get(`${vendor}/wissel`);
        const h = flagship.get(`${vendor}/hand`);
        const { eq } = checks.get(vendor)!;
        if (eq.differences.length > 0) failed = true;
        return [
          vendor,
          `${eq.same + eq.differences.length}`,
          `${eq.components}`,
          eq.differences.length === 0 ? "yes" : `NO (${eq.differences.length})`,
          ms(med(w, program_)),
          ms(med(h, program_)),
          ratio(med(w, program_), med(h, program_)),
          ratio(med(w, programCpu), med(h, programCpu)),
          ms(med(w, (s) => s.processMs)),
          ms(med(h, (s) => s.processMs)),
          ratio(
            med(w, (s) => s.processMs),
            med(h, (s) => s.processMs),
          ),
          `${Math.round(med(w, (s) => s.maxRssKiB) / 1024)}/${Math.round(med(h, (s) => s.maxRssKiB) / 1024)}`,
        ];
      }),
    ),
  );
  out.push(
    "program = import + evaluation until every registration is answered; process = spawn to exit (includes ~1 s loading @pulumi/pulumi).",
  );
  out.push("");
  out.push(
    "2. What each program loads (modules added to require.cache after @pulumi/pulumi; import = loading them; bucket-only = the scale program at 2 buckets)",
  );
  out.push(
    table(
      [
        "vendor",
        "modules W",
        "modules H",
        "import W",
        "import H",
        "W÷H",
        "CPU W/H",
        "require.cache W/H",
        "Wissel program's vendor SDKs",
        "bucket-only modules W/H",
        "bucket-only Wissel program's SDKs",
      ],
      VENDORS.map((vendor) => {
        const w = flagship.get(`${vendor}/wissel`);
        const h = flagship.get(`${vendor}/hand`);
        const { wissel } = checks.get(vendor)!;
        const check = moduleCheck(vendor, loadedPackages(wissel.loadedFiles), true);
        const handCheck = moduleCheck(
          vendor,
          loadedPackages(checks.get(vendor)!.hand.loadedFiles),
          true,
        );
        const bucketsOnly = scaleChecks.get(vendor)!;
        const bucketCheck = moduleCheck(
          vendor,
          loadedPackages(bucketsOnly.wissel.loadedFiles),
          false,
        );
        const bucketHandCheck = moduleCheck(
          vendor,
          loadedPackages(bucketsOnly.handSample.loadedFiles),
          false,
        );
        if (!check.ok || !handCheck.ok || !bucketCheck.ok || !bucketHandCheck.ok) failed = true;
        return [
          vendor,
          `${wissel.loadedFiles.length}`,
          `${checks.get(vendor)!.hand.loadedFiles.length}`,
          ms(med(w, (s) => s.importMs)),
          ms(med(h, (s) => s.importMs)),
          ratio(
            med(w, (s) => s.importMs),
            med(h, (s) => s.importMs),
          ),
          `${ms(med(w, (s) => s.importCpuMs))}/${ms(med(h, (s) => s.importCpuMs))}`,
          `${wissel.modulesAfter}/${checks.get(vendor)!.hand.modulesAfter}`,
          check.text,
          `${bucketsOnly.wissel.loadedFiles.length}/${bucketsOnly.handSample.loadedFiles.length}`,
          bucketCheck.text,
        ];
      }),
    ),
  );
  out.push("");
  out.push(
    "3. Scale: N buckets in one program (evaluation until settled; peak RSS of the process)",
  );
  const scaleRows: string[][] = [];
  for (const block of plan.scale) {
    const get = (side: Side): Sample[] | undefined =>
      scale.get(`${block.vendor}/${block.count}/${side}`);
    const [w, h, c] = [get("wissel"), get("hand"), get("component")];
    const ev = (l: Sample[] | undefined): number => med(l, (s) => s.evalMs);
    const cpu = (l: Sample[] | undefined): number => med(l, (s) => s.evalCpuMs);
    const rss = (l: Sample[] | undefined): number => med(l, (s) => s.maxRssKiB) / 1024;
    scaleRows.push([
      block.vendor,
      `${block.count}`,
      `${block.rounds}`,
      `${w?.[0]?.registrations ?? "–"}/${h?.[0]?.registrations ?? "–"}`,
      ms(ev(w)),
      ms(ev(h)),
      c !== undefined ? ms(ev(c)) : "–",
      ratio(ev(w), ev(h)),
      ratio(cpu(w), cpu(h)),
      c !== undefined ? ratio(ev(w), ev(c)) : "–",
      c !== undefined ? ratio(cpu(w), cpu(c)) : "–",
      `${(ev(w) / block.count).toFixed(1)}/${(ev(h) / block.count).toFixed(1)}`,
      `${Math.round(rss(w))}/${Math.round(rss(h))}`,
      ratio(rss(w), rss(h)),
    ]);
  }
  out.push(
    table(
      [
        "vendor",
        "buckets",
        "samples",
        "registrations W/H",
        "eval W",
        "eval H",
        "eval C",
        "W÷H",
        "CPU W÷H",
        "W÷C",
        "CPU W÷C",
        "ms/bucket W/H",
        "RSS MB W/H",
        "RSS W÷H",
      ],
      scaleRows,
    ),
  );
  const growth: string[][] = [];
  for (const vendor of scaleVendors) {
    const at = (count: number, side: Side): number =>
      med(scale.get(`${vendor}/${count}/${side}`), (s) => s.evalMs);
    const atCpu = (count: number, side: Side): number =>
      med(scale.get(`${vendor}/${count}/${side}`), (s) => s.evalCpuMs);
    for (const [from, to] of [
      [10, 100],
      [100, 1000],
    ] as const) {
      if (!scale.has(`${vendor}/${to}/wissel`) || !scale.has(`${vendor}/${from}/wissel`)) continue;
      growth.push([
        vendor,
        `${from} → ${to}`,
        ratio(at(to, "wissel"), at(from, "wissel")),
        ratio(at(to, "hand"), at(from, "hand")),
        ratio(atCpu(to, "wissel"), atCpu(from, "wissel")),
        ratio(atCpu(to, "hand"), atCpu(from, "hand")),
        `${to / from}×`,
      ]);
    }
  }
  if (growth.length > 0) {
    out.push("Growth of evaluation time (linear = the bucket ratio):");
    out.push(table(["vendor", "buckets", "W", "H", "CPU W", "CPU H", "linear"], growth));
  }
  const scaleDiffs = [...scaleChecks].filter(
    ([, c]) => c.hand.differences.length > 0 || c.component.differences.length > 0,
  );
  if (scaleDiffs.length > 0) failed = true;
  out.push(
    `Scale programs checked at 2 buckets: ${scaleDiffs.length === 0 ? "same vendor resources, names, inputs and options on every side" : `DIFFER on ${scaleDiffs.map(([v]) => v).join(", ")}`}.`,
  );
  out.push("");
  out.push(
    "4. Install footprint (production closure from pnpm-lock.yaml; bytes on disk in node_modules/.pnpm)",
  );
  out.push(
    table(
      ["set", "packages", "workspace packages", "MB on disk", "MB of files", "largest"],
      footprints.map((f) => [
        f.label,
        `${f.packages}`,
        f.workspacePackages.map((p) => p.replace("packages/", "")).join(", "),
        mb(f.diskBytes),
        mb(f.apparentBytes),
        f.largest
          .slice(0, 3)
          .map((l) => `${l.name} ${mb(l.diskBytes)}`)
          .join(", "),
      ]),
    ),
  );

  const differences = differencesOf(checks, scaleChecks);
  if (differences.length > 0) {
    out.push("");
    out.push("The hand-written programs no longer match the adapters (update bench/src/hand):");
    out.push(...differences.map((d) => `  ${d}`));
  }
  process.stdout.write(`${out.join("\n")}\n`);

  const samples = (
    map: Map<string, Sample[]>,
  ): Record<string, Omit<Sample, "recorded" | "loadedFiles">[]> =>
    Object.fromEntries(
      [...map].map(([k, list]) => [
        k,
        list.map(({ recorded: _r, loadedFiles: _l, ...rest }) => rest),
      ]),
    );
  fs.writeFileSync(
    jsonOut,
    JSON.stringify(
      {
        plan,
        machine: before,
        revision: revision(),
        loadAtEnd: after.load,
        seconds: (performance.now() - started) / 1000,
        flagship: samples(flagship),
        scale: samples(scale),
        loaded: Object.fromEntries(
          [...checks].map(([vendor, c]) => [
            vendor,
            {
              wissel: loadedPackages(c.wissel.loadedFiles),
              hand: loadedPackages(c.hand.loadedFiles),
            },
          ]),
        ),
        footprints,
        differences,
      },
      null,
      2,
    ),
  );
  log(`raw samples: ${jsonOut}`);
  if (failed) process.exitCode = 1;
}

main();
