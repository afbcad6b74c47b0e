/**
 * What a block would otherwise misread, on every target: empty names, args that are not plain
 * objects, references that are not blocks, `wissel:targets` keys that name nothing, and databases
 * that could never be scheduled in their namespace.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  Bucket,
  KubernetesCluster,
  Namespace,
  PostgresDatabase,
  checkTargetKeys,
  unknownTargetKeys,
  type PostgresDatabaseArgs,
} from "@wissel/core";
import { MockHarness } from "@wissel/testing";
import { outputs } from "../packages/kubernetes/test/fixtures";
import { flagshipSettings } from "./flagship";

const TARGETS = ["kubernetes", "azure", "scaleway", "openstack"] as const;

let harness: MockHarness;
beforeAll(async () => {
  harness = await MockHarness.start({ outputs });
});
beforeEach(() => harness.reset());

function configure(target: string, extra: Record<string, unknown> = {}): void {
  harness.setConfig({
    "wissel:target": target,
    [`wissel:${target}`]: flagshipSettings(target),
    ...extra,
  });
}

/** The message a constructor throws, after checking nothing was registered. */
async function refusal(build: () => unknown): Promise<string> {
  const before = harness.registrations.length;
  let error: unknown;
  try {
    build();
  } catch (caught) {
    error = caught;
  }
  await harness.settle();
  expect(pulumi.ResourceError.isInstance(error)).toBe(true);
  expect(
    harness.registrations.slice(before).filter((r) => r.type.startsWith("wissel:") || r.custom),
  ).toEqual([]);
  return (error as Error).message;
}

const NOT_ARGS: ReadonlyArray<readonly [string, unknown, string]> = [
  ["a Map", new Map([["versioning", true]]), "a Map"],
  ["a Date", new Date(0), "a Date"],
  ["an Output", pulumi.output({ versioning: true }), "an Output"],
  ["an array", [], "[]"],
  ["a string", "files", '"files"'],
  ["a class instance", new (class Settings {})(), "an instance of Settings"],
];

describe.each(TARGETS)("on %s", (target) => {
  it.each(NOT_ARGS)("refuses %s as args of every block", async (_, args, shown) => {
    configure(target);
    const blocks: Array<() => unknown> = [
      () => new Bucket("files", args as object),
      () => new PostgresDatabase("records", args as PostgresDatabaseArgs),
      () => new KubernetesCluster("platform", args as object),
      () => new Namespace("workspace", args as object),
    ];
    for (const build of blocks) {
      const message = await refusal(build);
      expect(message).toMatch(/: args must be (a plain object of arguments|an object)/);
      expect(message).toContain(`(received ${shown}`);
    }
  });

  it.each(["", "   "])("refuses the resource name %j with a message of ours", async (name) => {
    configure(target);
    const message = await refusal(() => new Bucket(name));
    expect(message).toContain("name must be a non-empty string");
    expect(message).toContain('new Bucket("files"');
  });

  const NOT_BLOCKS: ReadonlyArray<readonly [string, unknown]> = [
    ["a name", "workspace"],
    ["a plain object", { namespace: "workspace" }],
    ["a Bucket", undefined],
  ];
  it.each(NOT_BLOCKS)(
    "refuses %s where a Namespace or KubernetesCluster is expected",
    async (what, given) => {
      configure(target);
      const value = what === "a Bucket" ? new Bucket("other") : given;
      await harness.settle();
      const database = await refusal(
        () =>
          new PostgresDatabase("records", { namespace: value } as unknown as PostgresDatabaseArgs),
      );
      expect(database).toContain(
        'PostgresDatabase "records": namespace must be a Namespace of this program',
      );
      const namespace = await refusal(
        () => new Namespace("workspace", { cluster: value } as unknown as object),
      );
      expect(namespace).toContain(
        'Namespace "workspace": cluster must be a KubernetesCluster of this program',
      );
      if (what === "a Bucket")
        expect(namespace).toContain("the resource of type wissel:storage:Bucket");
    },
  );
});

describe("wissel:targets keys that name nothing", () => {
  it.each<[string, Record<string, string>, string[]]>([
    [
      "a typo of a resource",
      { recrods: "azure" },
      ["wissel:targets.recrods", "Did you mean wissel:targets.records?"],
    ],
    [
      "a typo of a block kind",
      { buckets: "azure" },
      ["wissel:targets.buckets", "Did you mean wissel:targets.bucket?"],
    ],
    [
      "a typo of a mail block kind",
      { mailboxes: "kubernetes" },
      ["wissel:targets.mailboxes", "is neither", "Did you mean wissel:targets.mailbox?"],
    ],
    [
      "a resource the program does not declare",
      { billing: "azure" },
      ["wissel:targets.billing", "Remove it"],
    ],
  ])("reports %s once the program has declared its resources", (_, targets, parts) => {
    const issues = unknownTargetKeys({ targets }, new Set(["records", "files"]));
    expect(issues).toHaveLength(1);
    const text = `${issues[0]!.field} ${issues[0]!.rule} ${issues[0]!.fix}`;
    for (const part of parts) expect(text).toContain(part);
  });

  it("accepts resource names and declarable block kinds", () => {
    expect(
      unknownTargetKeys(
        {
          targets: {
            records: "azure",
            bucket: "scaleway",
            postgres: "azure",
            namespace: "kubernetes",
            kubernetesCluster: "azure",
            mailDomain: "kubernetes",
            mailbox: "kubernetes",
          },
        },
        new Set(["records"]),
      ),
    ).toEqual([]);
  });

  it("counts a block that failed validation as declared", async () => {
    configure("kubernetes", { "wissel:targets": { files: "kubernetes", flies: "kubernetes" } });
    await refusal(() => new Bucket("files", { expireAfterDays: -1 }));
    expect(checkTargetKeys().map((i) => i.field)).toEqual(["wissel:targets.flies"]);
  });
});

describe("databases that could never be scheduled", () => {
  function inNamespace(
    quota: Record<string, number>,
    nodes: { vcpu: number; memoryGiB: number },
    databases: PostgresDatabaseArgs[],
  ): () => unknown {
    return () => {
      const cluster = new KubernetesCluster("platform", nodes);
      const namespace = new Namespace("workspace", { cluster, quota });
      return databases.map((args, i) => new PostgresDatabase(`db${i}`, { namespace, ...args }));
    };
  }
  const BIG = { cpu: 64, memoryGiB: 256, storageGiB: 5000, pods: 60 };
  const NODES = { vcpu: 8, memoryGiB: 32 };

  it.each<
    [
      string,
      Record<string, number>,
      { vcpu: number; memoryGiB: number },
      PostgresDatabaseArgs[],
      string,
    ]
  >([
    [
      "more CPU than the quota",
      { ...BIG, cpu: 4 },
      NODES,
      [{ vcpu: 8 }],
      'db0": vcpu must fit the ResourceQuota of Namespace "workspace"',
    ],
    [
      "more memory than the quota",
      { ...BIG, memoryGiB: 8 },
      NODES,
      [{ memoryGiB: 12 }],
      "memoryGiB must fit the ResourceQuota",
    ],
    [
      "more storage than the quota",
      { ...BIG, storageGiB: 50 },
      NODES,
      [{ storageGiB: 64 }],
      "storageGiB must fit the ResourceQuota",
    ],
    [
      "HA instances beyond the pod quota",
      { ...BIG, pods: 2 },
      NODES,
      [{ highAvailability: true }],
      "highAvailability must fit the ResourceQuota",
    ],
    [
      "HA tripling past the CPU quota",
      { ...BIG, cpu: 8 },
      NODES,
      [{ vcpu: 4, highAvailability: true }],
      "its 3 instances (highAvailability) request 12 CPU cores",
    ],
    [
      "two databases that fit alone but not together",
      { ...BIG, cpu: 6 },
      NODES,
      [{ vcpu: 4 }, { vcpu: 4 }],
      'db1": vcpu must fit the ResourceQuota of Namespace "workspace": its 1 instance requests 4 CPU cores, and quota.cpu allows 6 (another database there already requests',
    ],
    [
      "an instance as large as a node",
      BIG,
      { vcpu: 4, memoryGiB: 16 },
      [{ vcpu: 4 }],
      'vcpu must be below the 4 vCPU of each node of KubernetesCluster "platform"',
    ],
    [
      "as much memory as a node",
      BIG,
      { vcpu: 4, memoryGiB: 16 },
      [{ vcpu: 2, memoryGiB: 16 }],
      "memoryGiB must be below the 16 GiB of each node",
    ],
  ])(
    "refuses %s (kubernetes target, CloudNativePG on an openstack cluster)",
    async (_, quota, nodes, databases, expected) => {
      harness.setConfig({
        "wissel:target": "openstack",
        "wissel:targets": { postgres: "kubernetes" },
        "wissel:openstack": { ...(flagshipSettings("openstack") as object) },
        "wissel:kubernetes": flagshipSettings("kubernetes"),
      });
      const cluster = new KubernetesCluster("platform", nodes);
      const namespace = new Namespace("workspace", { cluster, quota });
      await harness.settle();
      // Earlier databases that fit are built; the one that does not fit registers nothing.
      const fitting = databases
        .slice(0, -1)
        .map((args, i) => new PostgresDatabase(`db${i}`, { namespace, ...args }));
      await harness.settle();
      expect(fitting).toHaveLength(databases.length - 1);
      const message = await refusal(
        () =>
          new PostgresDatabase(`db${databases.length - 1}`, {
            namespace,
            ...databases[databases.length - 1],
          }),
      );
      expect(message).toContain(expected);
    },
  );

  it("accepts databases that fit, together", async () => {
    harness.setConfig({
      "wissel:target": "openstack",
      "wissel:openstack": flagshipSettings("openstack"),
    });
    await harness.run(
      inNamespace(
        { cpu: 8, memoryGiB: 16, storageGiB: 100, pods: 60 },
        { vcpu: 4, memoryGiB: 16 },
        [
          { vcpu: 2, memoryGiB: 4, storageGiB: 32 },
          { vcpu: 2, memoryGiB: 4, storageGiB: 32 },
        ],
      ),
    );
  });
});
