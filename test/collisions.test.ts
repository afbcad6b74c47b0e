/**
 * Physical-name collisions across the whole program, on every target with the flagship's settings:
 * pairs of components whose Pulumi names differ (or whose parents do) but whose vendor names are the
 * same fail at preview, naming both, before the second registers anything; near-pairs pass.
 */
import * as pulumi from "@pulumi/pulumi";
import { Bucket, KubernetesCluster, Namespace, PostgresDatabase, dns1123Label } from "@wissel/core";
import { MockHarness } from "@wissel/testing";
import { flagshipSettings as settingsOf } from "./flagship";

type Target = "kubernetes" | "azure" | "scaleway" | "openstack";

let harness: MockHarness;
beforeAll(async () => {
  harness = await MockHarness.start();
});
beforeEach(() => harness.reset());

function useTarget(target: Target): void {
  harness.setConfig({ "wissel:target": target, [`wissel:${target}`]: settingsOf(target) });
}

/** A plain component to parent a block under, so two blocks may share a Pulumi name. */
function group(name: string): pulumi.ComponentResource {
  return new pulumi.ComponentResource("test:index:Group", name, {});
}

type Make = (name: string, parent: pulumi.ComponentResource) => pulumi.ComponentResource;

/** Builds the first block, then tries the second; returns the error and what the second registered. */
async function pair(
  make: Make,
  first: string,
  second: string,
): Promise<{ error: unknown; registeredBySecond: number }> {
  const a = group("a");
  const b = group("b");
  make(first, a);
  await harness.settle();
  const before = harness.registrations.length;
  let error: unknown;
  try {
    make(second, b);
  } catch (caught) {
    error = caught;
  }
  await harness.settle();
  return { error, registeredBySecond: harness.registrations.length - before };
}

const bucket: Make = (name, parent) => new Bucket(name, {}, { parent });
const LONG = "a-very-long-bucket-name-that-goes-on-and-on-well-past-the-sixty-three-limit";

interface Case {
  readonly target: Target;
  readonly make: Make;
  readonly first: string;
  readonly second: string;
  /** The physical name both would take, as the message shows it; undefined when they must pass. */
  readonly collides?: { readonly what: string; readonly name: string; readonly scope: string };
  readonly setup?: () => void;
}

/** The program's cluster, for namespaces and databases that run on one. */
let cluster: KubernetesCluster | undefined;
const withCluster = (): void => {
  cluster = new KubernetesCluster("platform", { vcpu: 4, memoryGiB: 16 });
};
const namespace: Make = (name, parent) =>
  new Namespace(name, cluster !== undefined ? { cluster } : {}, { parent });
const database: Make = (name, parent) => new PostgresDatabase(name, {}, { parent });

/** OpenStack without Trove: databases are CloudNativePG clusters in a Namespace on the Magnum cluster. */
let workspace: Namespace | undefined;
const withWorkspace = (): void => {
  withCluster();
  workspace = new Namespace("ws", {
    cluster: cluster!,
    quota: { cpu: 16, memoryGiB: 64, storageGiB: 500, pods: 60 },
  });
};
const databaseInWorkspace: Make = (name, parent) =>
  new PostgresDatabase(name, { namespace: workspace! }, { parent });

/** Two clusters: each namespace of a pair goes on its own. */
let clusters: KubernetesCluster[] = [];
const withTwoClusters = (): void => {
  clusters = [new KubernetesCluster("one", {}), new KubernetesCluster("two", {})];
};
const namespaceOnNextCluster: Make = (name, parent) =>
  new Namespace(name, { cluster: clusters.shift()! }, { parent });

const COLLIDING: readonly Case[] = [
  // Kubernetes: claim names are DNS labels without a hash, so case, dots and underscores vanish.
  {
    target: "kubernetes",
    make: bucket,
    first: "Files",
    second: "files",
    collides: {
      what: "ObjectBucketClaim",
      name: "files",
      scope: "kubernetes:kubernetes:configured/team-workspace:object-bucket-claim",
    },
  },
  {
    target: "kubernetes",
    make: bucket,
    first: "files.v2",
    second: "files-v2",
    collides: {
      what: "ObjectBucketClaim",
      name: "files-v2",
      scope: "kubernetes:kubernetes:configured/team-workspace:object-bucket-claim",
    },
  },
  {
    target: "kubernetes",
    make: bucket,
    first: "orders_db",
    second: "orders-db",
    collides: {
      what: "ObjectBucketClaim",
      name: "orders-db",
      scope: "kubernetes:kubernetes:configured/team-workspace:object-bucket-claim",
    },
  },
  // A long name is cut to a prefix and a hash; a short name that is exactly that result collides with it.
  {
    target: "kubernetes",
    make: bucket,
    first: LONG,
    second: dns1123Label(LONG),
    collides: {
      what: "ObjectBucketClaim",
      name: dns1123Label(LONG),
      scope: "kubernetes:kubernetes:configured/team-workspace:object-bucket-claim",
    },
  },
  {
    target: "kubernetes",
    make: database,
    first: "Orders",
    second: "orders",
    collides: {
      what: "CloudNativePG Cluster",
      name: "orders",
      scope: "kubernetes:kubernetes:configured/team-workspace:cnpg-cluster",
    },
  },
  {
    target: "kubernetes",
    make: database,
    first: "orders_db",
    second: "orders.db",
    collides: {
      what: "CloudNativePG Cluster",
      name: "orders-db",
      scope: "kubernetes:kubernetes:configured/team-workspace:cnpg-cluster",
    },
  },
  // Names derived from two different clusters meet: orders + database x-y, orders-x + database y.
  {
    target: "kubernetes",
    make: (n, parent) =>
      new PostgresDatabase(n, { databaseName: n === "orders" ? "x_y" : "y" }, { parent }),
    first: "orders",
    second: "orders-x",
    collides: {
      what: "CloudNativePG Database",
      name: "orders-x-y",
      scope: "kubernetes:kubernetes:configured/team-workspace:cnpg-database",
    },
  },
  // A bucket's claim Secret and a database's CA Secret, in the one configured namespace.
  {
    target: "kubernetes",
    make: (n, parent) =>
      n === "records" ? new PostgresDatabase(n, {}, { parent }) : new Bucket(n, {}, { parent }),
    first: "records",
    second: "records-ca",
    collides: {
      what: "Secret",
      name: "records-ca",
      scope: "kubernetes:kubernetes:configured/team-workspace:secret",
    },
  },
  // The same name under two parents: two URNs, one namespace on the cluster.
  {
    target: "kubernetes",
    make: namespace,
    first: "team",
    second: "team",
    collides: {
      what: "Kubernetes namespace",
      name: "team",
      scope: "kubernetes:kubernetes:configured:namespace",
    },
  },
  {
    target: "azure",
    make: namespace,
    first: "team",
    second: "team",
    setup: withCluster,
    collides: {
      what: "Kubernetes namespace",
      name: "team",
      scope: "kubernetes:azure:platform:namespace",
    },
  },
  {
    target: "scaleway",
    make: namespace,
    first: "team",
    second: "team",
    setup: withCluster,
    collides: {
      what: "Kubernetes namespace",
      name: "team",
      scope: "kubernetes:scaleway:platform:namespace",
    },
  },
  {
    target: "openstack",
    make: namespace,
    first: "team",
    second: "team",
    setup: withCluster,
    collides: {
      what: "Kubernetes namespace",
      name: "team",
      scope: "kubernetes:openstack:platform:namespace",
    },
  },
  {
    target: "openstack",
    make: databaseInWorkspace,
    first: "Orders",
    second: "orders",
    setup: withWorkspace,
    collides: {
      what: "CloudNativePG Cluster",
      name: "orders",
      scope: "kubernetes:openstack:platform/ws:cnpg-cluster",
    },
  },
  // Hashed names (project, stack and component name) are the same for the same name under two parents.
  {
    target: "scaleway",
    make: bucket,
    first: "files",
    second: "files",
    collides: { what: "Object Storage bucket", name: "files-", scope: "scaleway:bucket:nl-ams" },
  },
  {
    target: "azure",
    make: bucket,
    first: "files",
    second: "files",
    collides: { what: "storage account", name: "files", scope: "azure:storage-account" },
  },
  {
    target: "openstack",
    make: bucket,
    first: "files",
    second: "files",
    collides: { what: "Swift container", name: "files-", scope: "openstack:swift-container:" },
  },
  {
    target: "azure",
    make: (n, parent) => new KubernetesCluster(n, {}, { parent }),
    first: "apps",
    second: "apps",
    collides: { what: "AKS cluster", name: "apps-", scope: "azure:aks:" },
  },
  {
    target: "scaleway",
    make: (n, parent) => new KubernetesCluster(n, {}, { parent }),
    first: "apps",
    second: "apps",
    collides: { what: "Kapsule cluster", name: "apps-", scope: "scaleway:kapsule:nl-ams/" },
  },
  {
    target: "openstack",
    make: (n, parent) => new KubernetesCluster(n, {}, { parent }),
    first: "apps",
    second: "apps",
    collides: { what: "Magnum cluster", name: "apps-", scope: "openstack:magnum-cluster:" },
  },
  {
    target: "scaleway",
    make: database,
    first: "orders",
    second: "orders",
    collides: {
      what: "Database Instance",
      name: "orders-",
      scope: "scaleway:rdb-instance:nl-ams/",
    },
  },
];

const PASSING: readonly Case[] = [
  // Near-pairs: differ after normalising.
  { target: "kubernetes", make: bucket, first: "files", second: "files-2" },
  { target: "kubernetes", make: bucket, first: "files.v2", second: "files.v3" },
  { target: "kubernetes", make: bucket, first: LONG, second: `${LONG}-x` },
  { target: "kubernetes", make: database, first: "orders", second: "orders-2" },
  { target: "kubernetes", make: namespace, first: "team", second: "team-2" },
  { target: "azure", make: namespace, first: "team", second: "team-2", setup: withCluster },
  // The same namespace name on two clusters, and the same database name in two namespaces.
  {
    target: "azure",
    make: namespaceOnNextCluster,
    first: "team",
    second: "team",
    setup: withTwoClusters,
  },
  {
    target: "scaleway",
    make: namespaceOnNextCluster,
    first: "team",
    second: "team",
    setup: withTwoClusters,
  },
  // A hash of the exact component name keeps Files and files apart on vendors with global names.
  { target: "scaleway", make: bucket, first: "Files", second: "files" },
  { target: "azure", make: bucket, first: "files.v2", second: "files-v2" },
  { target: "openstack", make: bucket, first: "orders_db", second: "orders-db" },
  {
    target: "scaleway",
    make: (n, parent) => new KubernetesCluster(n, {}, { parent }),
    first: "Apps",
    second: "apps",
  },
];

function label(c: Case): string {
  return `${c.target}: ${JSON.stringify(c.first)} then ${JSON.stringify(c.second)}`;
}

describe("colliding physical names fail at preview", () => {
  it.each(COLLIDING.map((c) => [label(c), c] as const))("%s", async (_label, c) => {
    useTarget(c.target);
    cluster = undefined;
    c.setup?.();
    const { error, registeredBySecond } = await pair(c.make, c.first, c.second);
    expect(pulumi.ResourceError.isInstance(error)).toBe(true);
    const message = (error as Error).message;
    const expected = c.collides!;
    expect(message).toContain(
      `"${c.second}": name must not give the same ${expected.what} name as `,
    );
    expect(message).toContain(`"${c.first}": both become "${expected.name}`);
    expect(message).toContain(` in ${expected.scope}`);
    expect(message).toContain(
      `Rename one of the two so they differ in more than case and punctuation, e.g. "${c.second}" → "${c.second}-2".`,
    );
    expect(registeredBySecond).toBe(0);
  });
});

describe("near-pairs pass", () => {
  it.each(PASSING.map((c) => [label(c), c] as const))("%s", async (_label, c) => {
    useTarget(c.target);
    cluster = undefined;
    c.setup?.();
    const { error, registeredBySecond } = await pair(c.make, c.first, c.second);
    expect(error).toBeUndefined();
    expect(registeredBySecond).toBeGreaterThan(0);
  });
});

it("lets a rejected block's names go: only a block that passes every check claims them", async () => {
  harness.setConfig({
    "wissel:target": "azure",
    "wissel:azure": settingsOf("azure"),
    "wissel:policy": { sensitive: "eu" },
  });
  expect(
    () => new Bucket("records", { classification: "sensitive" }, { parent: group("a") }),
  ).toThrow(/wissel:policy.sensitive: eu/);
  expect(
    () => new Bucket("records", { classification: "internal" }, { parent: group("b") }),
  ).not.toThrow();
  await harness.settle();
});
