import {
  WisselError,
  closestFix,
  parseStackConfig,
  resolveTarget,
  DEFAULT_POLICY,
} from "@wissel/core";

function issuesOf(values: Record<string, unknown>) {
  try {
    parseStackConfig(values);
  } catch (error) {
    if (WisselError.isInstance(error)) return error.issues;
    throw error;
  }
  throw new Error("accepted");
}

describe("parseStackConfig rejects bad config keys", () => {
  const cases: [string, Record<string, unknown>, string, string, string][] = [
    ["missing target", {}, "wissel:target", "is required", "pulumi config set wissel:target"],
    [
      "unknown target",
      { target: "aws" },
      "wissel:target",
      "must be one of kubernetes, azure, scaleway, openstack",
      "Set wissel:target to one of",
    ],
    [
      "misspelt target",
      { target: "scalewy" },
      "wissel:target",
      "must be one of",
      "Did you mean scaleway?",
    ],
    [
      "target not a string",
      { target: { name: "azure" } },
      "wissel:target",
      "must be one of",
      "Set wissel:target",
    ],
    [
      "targets not a map",
      { target: "azure", targets: "kubernetes" },
      "wissel:targets",
      "must be a map",
      "wissel:targets: {",
    ],
    [
      "targets entry unknown",
      { target: "azure", targets: { mailbox: "exchange" } },
      "wissel:targets.mailbox",
      "must be one of",
      "Set wissel:targets.mailbox",
    ],
    [
      "policy not a map",
      { target: "azure", policy: "eu" },
      "wissel:policy",
      "must be a map",
      "sensitive: eu",
    ],
    [
      "policy unknown classification",
      { target: "azure", policy: { secret: "eu" } },
      "wissel:policy.secret",
      "is not a classification",
      "Remove it.",
    ],
    [
      "policy misspelt classification",
      { target: "azure", policy: { sensitve: "eu" } },
      "wissel:policy.sensitve",
      "is not a classification",
      "Did you mean wissel:policy.sensitive?",
    ],
    [
      "policy unknown rule",
      { target: "azure", policy: { sensitive: "europe" } },
      "wissel:policy.sensitive",
      "must be one of any, eu, nl, on-premises",
      "Set wissel:policy.sensitive",
    ],
    [
      "unknown wissel key",
      { target: "azure", polcy: { sensitive: "eu" } },
      "wissel:polcy",
      "is not a Wissel config key",
      "Did you mean wissel:policy?",
    ],
    [
      "unrelated wissel key",
      { target: "azure", region: "nl" },
      "wissel:region",
      "is not a Wissel config key",
      "Remove it",
    ],
  ];

  it.each(cases)("%s", (_what, values, field, rule, fix) => {
    const issue = issuesOf(values).find((i) => i.field === field);
    expect(issue).toBeDefined();
    expect(issue!.subject).toBe("stack config");
    expect(issue!.rule).toContain(rule);
    expect(issue!.fix).toContain(fix);
  });
});

describe("target resolution", () => {
  const config = parseStackConfig({
    target: "scaleway",
    targets: { mailbox: "kubernetes", "orders-db": "azure", postgres: "openstack" },
  });

  it("prefers the resource name, then the block kind, then the stack target", () => {
    expect(resolveTarget(config, "postgres", "orders-db")).toEqual({
      target: "azure",
      key: "wissel:targets.orders-db",
    });
    expect(resolveTarget(config, "postgres", "reports-db")).toEqual({
      target: "openstack",
      key: "wissel:targets.postgres",
    });
    expect(resolveTarget(config, "mailbox", "info")).toEqual({
      target: "kubernetes",
      key: "wissel:targets.mailbox",
    });
    expect(resolveTarget(config, "bucket", "files")).toEqual({
      target: "scaleway",
      key: "wissel:target",
    });
  });

  it("keeps sensitive data in the EU unless the stack says otherwise", () => {
    expect(config.policy).toEqual(DEFAULT_POLICY);
    expect(DEFAULT_POLICY.sensitive).toBe("eu");
    expect(parseStackConfig({ target: "azure", policy: { sensitive: "nl" } }).policy).toEqual({
      ...DEFAULT_POLICY,
      sensitive: "nl",
    });
  });

  it("hands each adapter its raw settings", () => {
    const parsed = parseStackConfig({ target: "scaleway", scaleway: { region: "nl-ams" } });
    expect(parsed.adapterSettings["scaleway"]).toEqual({ region: "nl-ams" });
    expect(parsed.adapterSettings["azure"]).toBeUndefined();
  });
});

describe("closestFix", () => {
  const command = (value?: string) => `pulumi config set wissel:x.region ${value ?? "<region>"}`;
  const fix = closestFix(["nl-ams", "fr-par"]);
  const context = (input: unknown) => ({ field: "wissel:x.region", command, input, root: {} });

  it("suggests the closest known value with its command", () => {
    expect(fix(context("nl-am"))).toBe(
      "Did you mean nl-ams? Run pulumi config set wissel:x.region nl-ams.",
    );
  });

  it("gives the plain command when nothing is close, or the value is empty or not text", () => {
    for (const input of ["us-east-1", "", 7])
      expect(fix(context(input))).toBe("Run pulumi config set wissel:x.region <region>.");
  });
});
