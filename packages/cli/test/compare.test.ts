/**
 * The pure parts of `wissel compare`: its arguments, the config each target is planned with, how an
 * error becomes a cell, and the matrix built from plan reports.
 */
import { UsageError, parseArgs } from "@wissel/cli";
import { parseCompareArgs } from "../src/compare-args";
import { targetConfig } from "../src/compare-config";
import { classifyError, compareMatrix } from "../src/compare-matrix";
import type { PlanReport, PlannedComponent } from "../src/plan";
import type { StackConfig } from "../src/project";
import { cellText } from "../src/render-compare";

describe("compare arguments", () => {
  it("parses the directory, base stack, required targets and --json", () => {
    expect(
      parseArgs(["compare", "stacks/x", "--stack", "org/proj/prod", "--require=azure,scaleway"]),
    ).toEqual({
      command: "compare",
      dir: "stacks/x",
      stack: "prod",
      require: ["azure", "scaleway"],
      json: false,
      policyConfig: undefined,
    });
    expect(parseCompareArgs(["--json"])).toMatchObject({ dir: ".", stack: undefined, json: true });
  });

  it.each([
    [
      ["--require", "azure,scalewy"],
      'unknown target "scalewy"; the targets are kubernetes, azure, scaleway, openstack. Did you mean scaleway?',
    ],
    [["--require", "azure,,openstack"], "has an empty target name"],
    [["--require"], "--require needs the targets"],
    [["--require", "azure", "--require", "scaleway"], "--require is given twice"],
    [["--stack", "a", "--stack", "b"], "--stack is given twice"],
    [["--stack", "a b"], "is not a stack name"],
    [["--jsno"], "unknown option --jsno; compare takes --stack <base>"],
    [["a", "b"], 'compare takes one project directory; received "a", "b".'],
  ])("refuses %j", (args, message) => {
    expect(() => parseCompareArgs(args)).toThrow(UsageError);
    expect(() => parseCompareArgs(args)).toThrow(message);
  });

  it("suggests compare for a misspelt command", () => {
    expect(() => parseArgs(["comapre"])).toThrow("Did you mean compare?");
  });
});

const base: StackConfig = {
  file: "/p/Pulumi.prod.yaml",
  config: {
    "wissel:target": "azure",
    "wissel:targets": '{"records":"scaleway"}',
    "wissel:azure": '{"location":"westeurope"}',
    "wissel:scaleway": '{"region":"fr-par"}',
    "wissel:policy": '{"sensitive":"eu"}',
    "app:archiveDays": "30",
  },
  secretKeys: ["wissel:azure", "wissel:targets"],
  warnings: [],
};

describe("targetConfig", () => {
  it("swaps the target, drops wissel:targets and takes the target's settings from its own file", () => {
    const config = targetConfig(base, "scaleway", {
      file: "/p/Pulumi.scaleway.yaml",
      settings: '{"region":"nl-ams"}',
      secret: true,
    });
    expect(config).toEqual({
      file: "/p/Pulumi.scaleway.yaml",
      config: {
        "app:archiveDays": "30",
        "wissel:azure": '{"location":"westeurope"}',
        "wissel:policy": '{"sensitive":"eu"}',
        "wissel:scaleway": '{"region":"nl-ams"}',
        "wissel:target": "scaleway",
      },
      secretKeys: ["wissel:azure", "wissel:scaleway"],
      warnings: [],
    });
  });

  it("keeps the base's own settings for a target no stack file configures", () => {
    const config = targetConfig(base, "scaleway", {
      file: null,
      settings: undefined,
      secret: false,
    });
    expect(config.config["wissel:scaleway"]).toBe('{"region":"fr-par"}');
    expect(config.config["wissel:target"]).toBe("scaleway");
    expect(config.file).toBe("/p/Pulumi.prod.yaml");
  });
});

describe("classifyError", () => {
  it.each([
    [
      'Bucket "exports": expireAfterDays is not supported on target "openstack": Swift has no container lifecycle (received 30). Remove expireAfterDays.',
      "openstack",
      {
        row: { block: "Bucket", name: "exports" },
        status: "capability",
        feature: "expireAfterDays",
      },
    ],
    [
      'Mailbox "info": wissel:target must name a target that offers mailboxs; x does not. Place it elsewhere.',
      "x",
      { row: { block: "Mailbox", name: "info" }, status: "capability", feature: "Mailbox" },
    ],
    [
      'Bucket "records": classification may only be placed in an EU country (wissel:policy.sensitive: eu), but target "azure" places it (received "sensitive"). Place it.',
      "azure",
      {
        row: { block: "Bucket", name: "records" },
        status: "policy",
        feature: "wissel:policy.sensitive: eu",
      },
    ],
    [
      "stack config: wissel:openstack.region is required: it names the region (received nothing). Run it.",
      "openstack",
      { row: undefined, status: "settings", feature: "wissel:openstack.region" },
    ],
    [
      'PostgresDatabase "records": wissel:azure.postgresAppPasswords.records is required (received nothing). Set it.',
      "azure",
      {
        row: { block: "PostgresDatabase", name: "records" },
        status: "settings",
        feature: "wissel:azure.postgresAppPasswords.records",
      },
    ],
    [
      'Namespace "workspace": teamGroup must be the object id (received "devs"). Find it.',
      "azure",
      { row: { block: "Namespace", name: "workspace" }, status: "error", feature: "teamGroup" },
    ],
    [
      "The program failed: TypeError: x is undefined",
      "azure",
      { row: undefined, status: "error", feature: undefined },
    ],
  ])("%s", (message, target, expected) => {
    expect(classifyError({ kind: "resource", message }, target)).toEqual(expected);
  });
});

function component(name: string, support: "native" | "emulated", custom: number): PlannedComponent {
  return {
    kind: "bucket",
    type: "wissel:storage:Bucket",
    name,
    target: "t",
    targetKey: "wissel:target",
    placement: {
      target: "t",
      vendor: "V",
      legalEntity: "V",
      headquarters: "NL",
      region: "r",
      country: "NL",
      foreignJurisdictions: [],
      onPremises: false,
    },
    support,
    classification: "internal",
    decisions: [],
    resources: [
      {
        type: "v:Group",
        name,
        depth: 1,
        custom: false,
        stateful: false,
        protect: false,
        retainOnDelete: false,
        secretOutputs: [],
      },
      ...Array.from({ length: custom }, (_, i) => ({
        type: "v:Thing",
        name: `${name}-${i}`,
        depth: 2,
        custom: true,
        stateful: false,
        protect: false,
        retainOnDelete: false,
        secretOutputs: [],
      })),
    ],
  };
}

function plan(components: PlannedComponent[], errors: PlanReport["errors"]): PlanReport {
  const resources = components.reduce((n, c) => n + c.resources.filter((r) => r.custom).length, 0);
  return {
    schemaVersion: 1,
    offline: true,
    project: "p",
    stack: "s",
    projectDir: "/p",
    stackFile: null,
    program: null,
    secretConfigKeys: [],
    warnings: [],
    components,
    otherResources: [],
    outputs: [],
    errors,
    violations: [],
    diff: null,
    summary: {
      components: components.length,
      resources,
      otherResources: 0,
      componentsWithoutForeignJurisdiction: components.length,
      shareWithoutForeignJurisdiction: 1,
      euControlledShare: 1,
      byVendor: [],
      byCountry: [],
      sensitive: [],
      interim: [],
    },
    loadedPackages: [],
  };
}

describe("compareMatrix", () => {
  const { rows, results } = compareMatrix([
    {
      target: "a",
      settingsFile: "/p/Pulumi.a.yaml",
      report: plan([component("files", "native", 2), component("logs", "emulated", 3)], []),
    },
    {
      target: "b",
      settingsFile: null,
      report: plan(
        [],
        [
          {
            kind: "config",
            message: "stack config: wissel:b.region is required (received nothing). Set it.",
          },
        ],
      ),
    },
    {
      target: "c",
      settingsFile: null,
      report: plan(
        [component("files", "native", 1)],
        [
          {
            kind: "resource",
            message:
              'Bucket "logs": expireAfterDays is not supported on target "c": no (received 3). Remove it.',
          },
        ],
      ),
    },
  ]);

  it("has one row per block and one cell per target", () => {
    expect(rows.map((row) => [row.block, row.name, Object.keys(row.cells)])).toEqual([
      ["Bucket", "files", ["a", "b", "c"]],
      ["Bucket", "logs", ["a", "b", "c"]],
    ]);
  });

  it("says per cell what planned and why the rest did not", () => {
    const text = rows.map((row) =>
      ["a", "b", "c"].map((target) => {
        const cell = row.cells[target];
        return cell !== undefined ? cellText(cell, target) : "no cell";
      }),
    );
    expect(text).toEqual([
      ["ok (2)", "settings: region", "ok (1)"],
      ["emulated (3)", "settings: region", "capability: expireAfterDays"],
    ]);
  });

  it("sums each target up", () => {
    expect(results.map((r) => [r.target, r.portable, r.resources, r.settingsFile])).toEqual([
      ["a", true, 5, "/p/Pulumi.a.yaml"],
      ["b", false, 0, null],
      ["c", false, 1, null],
    ]);
    expect(results.every((r) => r.otherErrors.length === 0)).toBe(true);
  });

  it("marks a block a failed target never got to as not reached", () => {
    const { rows: stopped } = compareMatrix([
      {
        target: "a",
        settingsFile: null,
        report: plan([component("files", "native", 1), component("logs", "native", 1)], []),
      },
      {
        target: "c",
        settingsFile: null,
        report: plan(
          [],
          [
            {
              kind: "resource",
              message:
                'Bucket "files": versioning is not supported on target "c": no (received true). Remove it.',
            },
          ],
        ),
      },
    ]);
    expect(stopped.map((row) => row.cells["c"]?.status)).toEqual(["capability", "not-reached"]);
  });
});
