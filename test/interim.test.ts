/**
 * Interim placements (`wissel:policy.interim`): a resource the policy refuses may stay where it is
 * until a date, with a reason, while it moves; the plan warns until then and fails after.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  Bucket,
  WisselError,
  checkTargetKeys,
  parseStackConfig,
  plannedComponents,
  summarizeSovereignty,
  todayUtc,
} from "@wissel/core";
import { MockHarness } from "@wissel/testing";
import { flagshipSettings } from "./flagship";

let harness: MockHarness;
let warnings: string[];
beforeAll(async () => {
  harness = await MockHarness.start();
});
beforeEach(() => {
  harness.reset();
  warnings = [];
  jest.spyOn(pulumi.log, "warn").mockImplementation(async (message: string) => {
    warnings.push(message);
  });
});
afterEach(() => jest.restoreAllMocks());

/** `YYYY-MM-DD`, `days` from today. */
function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

function onAzure(interim: Record<string, unknown>): void {
  harness.setConfig({
    "wissel:target": "azure",
    "wissel:azure": flagshipSettings("azure"),
    "wissel:policy": { sensitive: "eu", interim },
  });
}

function refusal(build: () => unknown): Error {
  try {
    build();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error("accepted");
}

describe("a sensitive bucket on Azure under wissel:policy.sensitive: eu", () => {
  it("stays, with a warning, until its interim placement's date, and the summary lists it", async () => {
    const until = day(30);
    onAzure({ records: { reason: "moves to Scaleway in the second phase", until } });
    new Bucket("records", { classification: "sensitive" });
    await harness.settle();
    expect(plannedComponents().map((c) => [c.name, c.placement.target, c.interim?.until])).toEqual([
      ["records", "azure", until],
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('Bucket "records" may only be placed in an EU country');
    expect(warnings[0]).toContain(
      `wissel:policy.interim.records allows this until ${until} (moves to Scaleway in the second phase)`,
    );
    expect(summarizeSovereignty().interim).toEqual([
      {
        kind: "bucket",
        name: "records",
        vendor: "Microsoft Azure",
        country: "NL",
        classification: "sensitive",
        reason: "moves to Scaleway in the second phase",
        until,
      },
    ]);
  });

  it("is allowed on the last day itself", async () => {
    onAzure({ records: { reason: "last day", until: todayUtc() } });
    new Bucket("records", { classification: "sensitive" });
    await harness.settle();
    expect(plannedComponents()).toHaveLength(1);
  });

  it("is refused from the day after, naming the deadline and the reason", async () => {
    const until = day(-1);
    onAzure({ records: { reason: "moves to Scaleway in the second phase", until } });
    const error = refusal(() => new Bucket("records", { classification: "sensitive" }));
    await harness.settle();
    expect(pulumi.ResourceError.isInstance(error)).toBe(true);
    expect(error.message).toContain(
      `its interim placement (wissel:policy.interim.records: moves to Scaleway in the second phase) ended on ${until}`,
    );
    expect(error.message).toContain(
      "If the deadline moved, set wissel:policy.interim.records.until",
    );
    expect(plannedComponents()).toEqual([]);
  });

  it("is refused without an entry of its own: another resource's entry exempts nothing", async () => {
    onAzure({ exports: { reason: "moves later", until: day(30) } });
    const error = refusal(() => new Bucket("records", { classification: "sensitive" }));
    await harness.settle();
    expect(error.message).toContain('Bucket "records": classification may only be placed');
    new Bucket("exports", { classification: "sensitive" });
    await harness.settle();
    expect(plannedComponents().map((c) => c.name)).toEqual(["exports"]);
  });

  it("warns that an entry for a resource the policy accepts can go", async () => {
    onAzure({ records: { reason: "moved already", until: day(30) } });
    new Bucket("records", { classification: "internal" });
    await harness.settle();
    expect(plannedComponents()[0]?.interim).toBeUndefined();
    expect(warnings).toEqual([
      'Bucket "records" meets wissel:policy where it is now placed, so wissel:policy.interim.records exempts nothing. Remove the entry.',
    ]);
  });

  it("reports an entry that names no resource of the program, with the name it probably meant", async () => {
    onAzure({ recrods: { reason: "typo", until: day(30) } });
    new Bucket("records", { classification: "internal" });
    await harness.settle();
    expect(checkTargetKeys().map((i) => [i.field, i.fix])).toEqual([
      [
        "wissel:policy.interim.recrods",
        "Did you mean wissel:policy.interim.records? Rename the key, or remove it.",
      ],
    ]);
  });
});

describe("wissel:policy.interim rejects bad input, naming field, value, rule and fix", () => {
  function issues(interim: unknown): { field: string; rule: string; fix: string }[] {
    try {
      parseStackConfig({ target: "azure", policy: { sensitive: "eu", interim } });
    } catch (error) {
      if (WisselError.isInstance(error)) return [...error.issues];
      throw error;
    }
    return [];
  }

  it.each<[string, unknown, string, string]>([
    [
      "not a map",
      "files",
      "wissel:policy.interim",
      "must be a map from resource name to { reason, until }",
    ],
    [
      "an entry not an object",
      { files: "2027-06-30" },
      "wissel:policy.interim.files",
      "must be { reason, until }",
    ],
    [
      "no reason",
      { files: { until: "2027-06-30" } },
      "wissel:policy.interim.files.reason",
      "is required: why the data may sit there for now",
    ],
    [
      "a blank reason",
      { files: { reason: " ", until: "2027-06-30" } },
      "wissel:policy.interim.files.reason",
      "is required",
    ],
    [
      "a reason too long",
      { files: { reason: "x".repeat(201), until: "2027-06-30" } },
      "wissel:policy.interim.files.reason",
      "at most 200 characters",
    ],
    [
      "no date",
      { files: { reason: "r" } },
      "wissel:policy.interim.files.until",
      "as a date YYYY-MM-DD",
    ],
    [
      "a date in another form",
      { files: { reason: "r", until: "30-06-2027" } },
      "wissel:policy.interim.files.until",
      "as a date YYYY-MM-DD",
    ],
    [
      "a day that does not exist",
      { files: { reason: "r", until: "2027-02-30" } },
      "wissel:policy.interim.files.until",
      "as a date YYYY-MM-DD",
    ],
    [
      "a number",
      { files: { reason: "r", until: 20270630 } },
      "wissel:policy.interim.files.until",
      "as a date YYYY-MM-DD",
    ],
    [
      "an unknown key",
      { files: { reason: "r", until: "2027-06-30", untill: "x" } },
      "wissel:policy.interim.files.untill",
      "is not a key of an interim placement",
    ],
  ])("%s", (_what, interim, field, rule) => {
    const found = issues(interim).find((i) => i.field === field);
    expect(found?.rule).toContain(rule);
    expect(found?.fix).toMatch(/wissel:policy|Remove it/);
  });

  it("takes a YAML timestamp at midnight as its date", () => {
    const config = parseStackConfig({
      target: "azure",
      policy: { interim: { files: { reason: "r", until: "2027-06-30T00:00:00Z" } } },
    });
    expect(config.interim).toEqual({ files: { reason: "r", until: "2027-06-30" } });
  });

  it("keeps interim out of the classification rules", () => {
    const config = parseStackConfig({
      target: "azure",
      policy: { sensitive: "nl", interim: { files: { reason: "r", until: "2027-06-30" } } },
    });
    expect(config.policy).toEqual({ public: "any", internal: "any", sensitive: "nl" });
  });
});
