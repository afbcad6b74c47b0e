import {
  headline,
  renderJson,
  renderText,
  type PlanReport,
  type PlannedComponent,
} from "@wissel/cli";

const files: PlannedComponent = {
  kind: "bucket",
  type: "wissel:storage:Bucket",
  name: "files",
  target: "scaleway",
  targetKey: "wissel:target",
  placement: {
    target: "scaleway",
    vendor: "Scaleway",
    legalEntity: "Scaleway SAS",
    headquarters: "FR",
    foreignJurisdictions: [],
    onPremises: false,
    region: "nl-ams",
    country: "NL",
  },
  support: "native",
  classification: "internal",
  decisions: [
    { what: "storage class", choice: "STANDARD", why: "the default tier" },
    { what: "ACL", choice: "private" },
  ],
  resources: [
    {
      type: "scaleway:object/bucket:Bucket",
      name: "files",
      depth: 1,
      custom: true,
      stateful: true,
      protect: true,
      retainOnDelete: true,
      secretOutputs: [],
    },
    {
      type: "wissel:internal:Group",
      name: "files-access",
      depth: 1,
      custom: false,
      stateful: false,
      protect: false,
      retainOnDelete: false,
      secretOutputs: [],
    },
    {
      type: "scaleway:iam/apiKey:ApiKey",
      name: "files-key",
      depth: 2,
      custom: true,
      stateful: false,
      protect: false,
      retainOnDelete: false,
      secretOutputs: ["secretKey"],
    },
  ],
};

const exportsOnAzure: PlannedComponent = {
  ...files,
  name: "exports",
  target: "azure",
  targetKey: "wissel:targets.exports",
  classification: "sensitive",
  placement: {
    target: "azure",
    vendor: "Microsoft Azure",
    legalEntity: "Microsoft Ireland Operations Ltd",
    headquarters: "US",
    foreignJurisdictions: ["US CLOUD Act"],
    onPremises: false,
    region: "westeurope",
    country: "NL",
  },
  decisions: [],
  resources: [],
};

const report: PlanReport = {
  schemaVersion: 1,
  offline: true,
  project: "team-workspace",
  stack: "scaleway",
  projectDir: "/w/stacks/team-workspace",
  stackFile: "/w/stacks/team-workspace/Pulumi.scaleway.yaml",
  program: "/w/stacks/team-workspace/index.ts",
  secretConfigKeys: ["team-workspace:token"],
  warnings: [],
  components: [files, exportsOnAzure],
  otherResources: [
    {
      type: "scaleway:domain/record:Record",
      name: "www",
      depth: 1,
      custom: true,
      stateful: false,
      protect: false,
      retainOnDelete: false,
      secretOutputs: [],
    },
  ],
  outputs: [
    { name: "filesBinding", secret: true },
    { name: "filesBucketName", secret: false },
  ],
  errors: [],
  violations: [],
  diff: null,
  summary: {
    components: 2,
    resources: 2,
    otherResources: 1,
    componentsWithoutForeignJurisdiction: 1,
    shareWithoutForeignJurisdiction: 0.5,
    euControlledShare: 0.5,
    byVendor: [
      {
        vendor: "Scaleway",
        legalEntity: "Scaleway SAS",
        headquarters: "FR",
        foreignJurisdictions: [],
        components: 1,
        resources: 2,
      },
      {
        vendor: "Microsoft Azure",
        legalEntity: "Microsoft Ireland Operations Ltd",
        headquarters: "US",
        foreignJurisdictions: ["US CLOUD Act"],
        components: 1,
        resources: 0,
      },
    ],
    byCountry: [{ country: "NL", eu: true, components: 2, resources: 2 }],
    sensitive: [
      {
        kind: "bucket",
        name: "exports",
        vendor: "Microsoft Azure",
        region: "westeurope",
        country: "NL",
        foreignJurisdictions: ["US CLOUD Act"],
      },
    ],
    interim: [
      {
        kind: "bucket",
        name: "exports",
        vendor: "Microsoft Azure",
        country: "NL",
        classification: "sensitive",
        reason: "moves to Scaleway in Q2",
        until: "2027-06-30",
      },
    ],
  },
  loadedPackages: ["@pulumi/pulumi", "@pulumiverse/scaleway"],
};

describe("renderText", () => {
  it("prints the plan, component by component, then the sovereignty summary", () => {
    const { out, err } = renderText(report);
    expect(err).toBe("");
    expect(out.split("\n")).toEqual([
      "Offline plan of project team-workspace, stack scaleway, run under the Pulumi mock runtime: nothing is deployed and no cloud API is called (deploy with `pulumi up`).",
      "",
      "Stack file: /w/stacks/team-workspace/Pulumi.scaleway.yaml",
      "Secret config (not decrypted, a placeholder was passed): team-workspace:token",
      "",
      'Bucket "files" (wissel:storage:Bucket)',
      "  target:          scaleway (chosen by wissel:target)",
      "  vendor:          Scaleway, legal entity Scaleway SAS (ultimate parent in FR)",
      "  region:          nl-ams, country NL",
      "  foreign law:     none known",
      "  support:         native",
      "  classification:  internal",
      "  decisions:",
      "    storage class: STANDARD (the default tier)",
      "    ACL: private",
      "  resources (3):",
      '    scaleway:object/bucket:Bucket "files"  [stateful: protect, retainOnDelete]',
      '    wissel:internal:Group "files-access"  [component]',
      '      scaleway:iam/apiKey:ApiKey "files-key"  [secret outputs: secretKey]',
      "",
      'Bucket "exports" (wissel:storage:Bucket)',
      "  target:          azure (chosen by wissel:targets.exports)",
      "  vendor:          Microsoft Azure, legal entity Microsoft Ireland Operations Ltd (ultimate parent in US)",
      "  region:          westeurope, country NL",
      "  foreign law:     US CLOUD Act",
      "  support:         native",
      "  classification:  sensitive",
      "  resources (0):",
      "    none registered",
      "",
      "Resources outside Wissel components (1):",
      '  scaleway:domain/record:Record "www"',
      "",
      "Stack outputs: filesBinding (secret), filesBucketName",
      "",
      "Sovereignty summary",
      "  2 components, 2 vendor resources; 1 of 2 components (50%) at vendors no foreign jurisdiction is known to reach, 50% EU-controlled (such a vendor, in the EU)",
      "  by vendor:",
      "    Scaleway (Scaleway SAS, FR; no foreign jurisdiction): 1 component, 2 resources",
      "    Microsoft Azure (Microsoft Ireland Operations Ltd, US; reachable under US CLOUD Act): 1 component, 0 resources",
      "  by country:",
      "    NL (EU): 2 components, 2 resources",
      '  sensitive: bucket "exports" at Microsoft Azure in westeurope (NL), reachable under US CLOUD Act',
      '  interim: bucket "exports" (sensitive) at Microsoft Azure (NL) until 2027-06-30: moves to Scaleway in Q2',
      "  1 resource outside Wissel components, placement unknown",
      "",
      "Plan complete: 2 components, 3 vendor resources.",
      "",
    ]);
  });

  it("puts errors on stderr, one per line, without stack traces, and says the plan failed", () => {
    const failed: PlanReport = {
      ...report,
      components: [],
      otherResources: [],
      outputs: [],
      secretConfigKeys: [],
      stackFile: null,
      warnings: ["/w/Pulumi.dev.yaml imports Pulumi ESC environments"],
      summary: {
        ...report.summary,
        components: 0,
        resources: 0,
        otherResources: 0,
        byVendor: [],
        byCountry: [],
        sensitive: [],
        interim: [],
      },
      errors: [
        {
          kind: "resource",
          message: 'Bucket "exports": expireAfterDays is not supported on target "openstack".',
        },
        { kind: "config", message: "stack config: wissel:target is required." },
      ],
    };
    const { out, err } = renderText(failed);
    expect(out.split("\n")).toEqual([
      "Offline plan of project team-workspace, stack scaleway, run under the Pulumi mock runtime: nothing is deployed and no cloud API is called (deploy with `pulumi up`).",
      "",
      "Warning: /w/Pulumi.dev.yaml imports Pulumi ESC environments",
      "",
    ]);
    expect(err).toBe(
      'error: Bucket "exports": expireAfterDays is not supported on target "openstack".\nerror: stack config: wissel:target is required.\nPlan failed: 2 errors (listed above).\n',
    );
  });

  it("prints no plan and no offline headline when setup failed, only the errors and their count", () => {
    const errors = Array.from({ length: 9 }, (_, i) => ({
      kind: "setup" as const,
      message: `problem ${i + 1}`,
    }));
    const { out, err } = renderText({ ...report, project: null, components: [], errors });
    expect(out).toBe("");
    expect(err).toBe(
      `${errors.map((e) => `error: ${e.message}\n`).join("")}Nothing was planned: 9 errors (listed above).\n`,
    );
  });

  it("names only the stack in the headline when there is no project name", () => {
    expect(headline({ project: null, stack: "scaleway" })).toBe(
      "Offline plan of stack scaleway, run under the Pulumi mock runtime: nothing is deployed and no cloud API is called (deploy with `pulumi up`).",
    );
  });
});

describe("renderJson", () => {
  it("prints the whole report as one JSON document", () => {
    const text = renderJson(report);
    expect(text.endsWith("}\n")).toBe(true);
    expect(JSON.parse(text)).toEqual(report);
  });
});
