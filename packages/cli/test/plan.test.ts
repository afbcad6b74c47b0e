import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  assemblePlan,
  loadedPackages,
  nearestPackageName,
  packageOfPath,
  summarize,
  type RecordedResource,
} from "@wissel/cli";
import { summarizeSovereignty, type ComponentRecord, type Placement } from "@wissel/core";

const scaleway: Placement = {
  target: "scaleway",
  vendor: "Scaleway",
  legalEntity: "Scaleway SAS",
  headquarters: "FR",
  foreignJurisdictions: [],
  onPremises: false,
  region: "nl-ams",
  country: "NL",
};
const azure: Placement = {
  target: "azure",
  vendor: "Microsoft Azure",
  legalEntity: "Microsoft Ireland Operations Ltd",
  headquarters: "US",
  foreignJurisdictions: ["US CLOUD Act"],
  onPremises: false,
  region: "westeurope",
  country: "NL",
};
const azureUs: Placement = { ...azure, region: "eastus", country: "US" };

function record(
  name: string,
  placement: Placement,
  classification: ComponentRecord["classification"] = "internal",
): ComponentRecord {
  return {
    kind: "bucket",
    type: "wissel:storage:Bucket",
    name,
    targetKey: name === "exports" ? "wissel:targets.exports" : "wissel:target",
    placement,
    support: "native",
    classification,
    decisions: [{ what: "tier", choice: "standard" }],
  };
}

function reg(
  type: string,
  name: string,
  parent?: string,
  extra: Partial<RecordedResource> = {},
): RecordedResource {
  return {
    type,
    name,
    urn: `urn:${parent ?? "root"}>${type}::${name}`,
    parent,
    custom: true,
    protect: false,
    retainOnDelete: false,
    additionalSecretOutputs: [],
    ...extra,
  };
}

describe("assemblePlan", () => {
  const stack = reg("pulumi:pulumi:Stack", "app-dev", undefined, { custom: false });
  const files = reg("wissel:storage:Bucket", "files", stack.urn, { custom: false });
  const exportsComponent = reg("wissel:storage:Bucket", "exports", stack.urn, { custom: false });
  const filesBucket = reg("scaleway:object/bucket:Bucket", "files", files.urn, {
    protect: true,
    retainOnDelete: true,
  });
  const filesKey = reg("scaleway:iam/apiKey:ApiKey", "files-key", files.urn, {
    additionalSecretOutputs: ["secretKey"],
  });
  const nested = reg("wissel:internal:Group", "files-access", files.urn, { custom: false });
  const policy = reg("scaleway:iam/policy:Policy", "files-policy", nested.urn);
  const container = reg(
    "azure-native:storage:BlobContainer",
    "exports-container",
    exportsComponent.urn,
    { protect: true, retainOnDelete: false },
  );
  const dns = reg("scaleway:domain/record:Record", "www", stack.urn);
  // Registration order as the mock monitor answered it, not creation order.
  const registrations = [
    stack,
    files,
    filesKey,
    exportsComponent,
    policy,
    filesBucket,
    nested,
    container,
    dns,
  ];

  it("lists each component's children by depth, siblings by name, with what guards them", () => {
    const { components, otherResources } = assemblePlan(
      [record("files", scaleway), record("exports", azure)],
      registrations,
    );
    expect(components.map((c) => [c.name, c.target, c.targetKey])).toEqual([
      ["files", "scaleway", "wissel:target"],
      ["exports", "azure", "wissel:targets.exports"],
    ]);
    expect(components[0]!.resources).toEqual([
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
        type: "scaleway:iam/policy:Policy",
        name: "files-policy",
        depth: 2,
        custom: true,
        stateful: false,
        protect: false,
        retainOnDelete: false,
        secretOutputs: [],
      },
      {
        type: "scaleway:iam/apiKey:ApiKey",
        name: "files-key",
        depth: 1,
        custom: true,
        stateful: false,
        protect: false,
        retainOnDelete: false,
        secretOutputs: ["secretKey"],
      },
    ]);
    expect(components[1]!.resources).toEqual([
      {
        type: "azure-native:storage:BlobContainer",
        name: "exports-container",
        depth: 1,
        custom: true,
        stateful: true,
        protect: true,
        retainOnDelete: false,
        secretOutputs: [],
      },
    ]);
    expect(components[0]!.placement).toBe(scaleway);
    expect(components[0]!.decisions).toEqual([{ what: "tier", choice: "standard" }]);
    expect(otherResources).toEqual([
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
    ]);
  });

  it("pairs two components of the same name with their registrations in order", () => {
    const first = reg("wissel:storage:Bucket", "data", undefined, { custom: false, urn: "urn:a" });
    const second = reg("wissel:storage:Bucket", "data", "urn:parent", {
      custom: false,
      urn: "urn:b",
    });
    const childA = reg("x:y:A", "data", "urn:a");
    const childB = reg("x:y:B", "data", "urn:b");
    const { components } = assemblePlan(
      [record("data", scaleway), record("data", azure)],
      [first, second, childA, childB],
    );
    expect(components.map((c) => c.resources.map((r) => r.type))).toEqual([["x:y:A"], ["x:y:B"]]);
  });

  it("keeps a component whose registration never arrived, with no resources", () => {
    const { components, otherResources } = assemblePlan([record("files", scaleway)], [dns]);
    expect(components[0]!.resources).toEqual([]);
    expect(otherResources.map((r) => r.name)).toEqual(["www"]);
  });
});

describe("summarize", () => {
  it("counts vendor resources per vendor and country beside core's shares", () => {
    const records = [
      record("files", scaleway),
      record("exports", azure, "sensitive"),
      record("reports", azureUs),
    ];
    const registrations = [
      reg("wissel:storage:Bucket", "files", undefined, { custom: false }),
      reg("wissel:storage:Bucket", "exports", undefined, { custom: false }),
      reg("wissel:storage:Bucket", "reports", undefined, { custom: false }),
    ];
    const [filesC, exportsC, reportsC] = registrations as [
      RecordedResource,
      RecordedResource,
      RecordedResource,
    ];
    registrations.push(
      reg("s:b:Bucket", "files", filesC.urn),
      reg("s:k:Key", "files-key", filesC.urn),
      reg("a:s:Account", "exports", exportsC.urn),
      reg("w:g:Group", "exports-group", exportsC.urn, { custom: false }),
      reg("a:s:Account", "reports", reportsC.urn),
      reg("a:s:Container", "reports-container", reportsC.urn),
      reg("a:s:Identity", "reports-identity", reportsC.urn),
      reg("x:y:Other", "loose"),
    );
    const { components, otherResources } = assemblePlan(records, registrations);
    expect(summarize(components, otherResources, summarizeSovereignty(records))).toEqual({
      components: 3,
      resources: 6,
      otherResources: 1,
      componentsWithoutForeignJurisdiction: 1,
      shareWithoutForeignJurisdiction: 1 / 3,
      euControlledShare: 1 / 3,
      byVendor: [
        {
          vendor: "Microsoft Azure",
          legalEntity: "Microsoft Ireland Operations Ltd",
          headquarters: "US",
          foreignJurisdictions: ["US CLOUD Act"],
          components: 2,
          resources: 4,
        },
        {
          vendor: "Scaleway",
          legalEntity: "Scaleway SAS",
          headquarters: "FR",
          foreignJurisdictions: [],
          components: 1,
          resources: 2,
        },
      ],
      byCountry: [
        { country: "NL", eu: true, components: 2, resources: 3 },
        { country: "US", eu: false, components: 1, resources: 3 },
      ],
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
      interim: [],
    });
  });

  it("reports no share, not NaN, for a program without components", () => {
    const summary = summarize([], [], summarizeSovereignty([]));
    expect(summary.shareWithoutForeignJurisdiction).toBeNull();
    expect(summary.euControlledShare).toBe(0);
  });
});

describe("loaded packages", () => {
  const cases: [string, string | undefined][] = [
    ["/w/node_modules/.pnpm/yaml@2.9.1/node_modules/yaml/dist/index.js", "yaml"],
    [
      "/w/node_modules/.pnpm/@pulumi+pulumi@3.270.0/node_modules/@pulumi/pulumi/runtime/mocks.js",
      "@pulumi/pulumi",
    ],
    [
      "/w/node_modules/.pnpm/@pulumi+azure-native@3.28.0/node_modules/@pulumi/azure-native/storage/storageAccount.js",
      "@pulumi/azure-native/storage",
    ],
    [
      "/w/node_modules/.pnpm/@pulumi+azure-native@3.28.0/node_modules/@pulumi/azure-native/types/enums/storage/index.js",
      "@pulumi/azure-native/types",
    ],
    ["/w/node_modules/@pulumi/azure-native/index.js", "@pulumi/azure-native"],
    ["/w/node_modules/@pulumi/azure-native/utilities.js", "@pulumi/azure-native/utilities"],
    ["/w/node_modules/@pulumiverse/scaleway/object/bucket.js", "@pulumiverse/scaleway"],
    ["/w/packages/core/dist/index.js", undefined],
    ["/w/node_modules/@scope", undefined],
  ];
  it.each(cases)("%s belongs to %s", (file, name) => {
    expect(packageOfPath(file)).toBe(name);
  });

  it("names workspace files by their nearest package.json with a name", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wissel-cli-packages-"));
    fs.mkdirSync(path.join(dir, "core/dist/esm"), { recursive: true });
    fs.writeFileSync(path.join(dir, "core/package.json"), JSON.stringify({ name: "@wissel/core" }));
    fs.writeFileSync(
      path.join(dir, "core/dist/esm/package.json"),
      JSON.stringify({ type: "module" }),
    );
    expect(nearestPackageName(path.join(dir, "core/dist/esm/index.js"))).toBe("@wissel/core");
    expect(
      loadedPackages([
        path.join(dir, "core/dist/esm/index.js"),
        path.join(dir, "core/dist/block.js"),
        "/w/node_modules/@pulumi/azure-native/storage/blobContainer.js",
        "/w/node_modules/@pulumi/azure-native/storage/index.js",
        "/w/node_modules/yaml/dist/index.js",
        "node:fs",
      ]),
    ).toEqual(["@pulumi/azure-native/storage", "@wissel/core", "yaml"]);
  });
});
