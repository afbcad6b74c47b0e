/** The bench's checks: W and H register the same resources, and each program loads only its vendor's SDK. */
import { loadedPackages } from "@wissel/cli";
import type { Equivalence } from "./equivalence";
import { moduleCheck } from "./module-check";
import { VENDORS, type Vendor } from "./protocol";
import type { Sample } from "./sample";
import { table } from "./stats";

/** The recorded runs of the flagship, per vendor, and how W and H compare. */
export interface FlagshipCheck {
  readonly eq: Equivalence;
  readonly wissel: Sample;
  readonly hand: Sample;
}

/** The recorded runs of the scale program at 2 buckets, per vendor: W against H and against C. */
export interface ScaleCheck {
  readonly hand: Equivalence;
  readonly component: Equivalence;
  readonly wissel: Sample;
  readonly handSample: Sample;
}

export function differencesOf(
  checks: ReadonlyMap<Vendor, FlagshipCheck>,
  scaleChecks: ReadonlyMap<Vendor, ScaleCheck>,
): string[] {
  return [
    ...[...checks].flatMap(([vendor, c]) =>
      c.eq.differences.map((d) => `team-workspace/${vendor}: ${d}`),
    ),
    ...[...scaleChecks].flatMap(([vendor, c]) => [
      ...c.hand.differences.map((d) => `scale/${vendor} (W vs H): ${d}`),
      ...c.component.differences.map((d) => `scale/${vendor} (W vs C): ${d}`),
    ]),
  ];
}

/** `--check`: prints what each check found, without timing anything. True when every check passes. */
export function reportChecks(
  checks: ReadonlyMap<Vendor, FlagshipCheck>,
  scaleChecks: ReadonlyMap<Vendor, ScaleCheck>,
): boolean {
  let ok = true;
  const rows = VENDORS.map((vendor) => {
    const flagship = checks.get(vendor)!;
    const scale = scaleChecks.get(vendor)!;
    const modules = [
      moduleCheck(vendor, loadedPackages(flagship.wissel.loadedFiles), true),
      moduleCheck(vendor, loadedPackages(flagship.hand.loadedFiles), true),
      moduleCheck(vendor, loadedPackages(scale.wissel.loadedFiles), false),
      moduleCheck(vendor, loadedPackages(scale.handSample.loadedFiles), false),
    ];
    const equal = [flagship.eq, scale.hand, scale.component].every(
      (e) => e.differences.length === 0,
    );
    if (!equal || modules.some((m) => !m.ok)) ok = false;
    return [
      vendor,
      `${flagship.eq.same}/${flagship.eq.same + flagship.eq.differences.length}`,
      `${scale.hand.same}/${scale.hand.same + scale.hand.differences.length}, ${scale.component.same}/${scale.component.same + scale.component.differences.length}`,
      modules[0]!.text,
      modules[1]!.text,
      modules[2]!.text,
      modules[3]!.text,
    ];
  });
  const out = [
    "Checks (no timing): vendor resources equal in W and H (flagship), and in W, H and C (2 buckets); SDKs each program loads",
    table(
      [
        "vendor",
        "flagship same",
        "2 buckets same H, C",
        "flagship W",
        "flagship H",
        "bucket-only W",
        "bucket-only H",
      ],
      rows,
    ),
  ];
  const differences = differencesOf(checks, scaleChecks);
  if (differences.length > 0) {
    out.push(
      "",
      "The hand-written programs no longer match the adapters (update bench/src/hand):",
      ...differences.map((d) => `  ${d}`),
    );
  }
  process.stdout.write(`${out.join("\n")}\n`);
  return ok;
}
