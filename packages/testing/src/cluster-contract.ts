/**
 * The `KubernetesCluster` contract: the same assertions for every adapter. An adapter's test file
 * calls `clusterContract({...})` at top level; it declares its own jest `describe` block.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  KubernetesCluster,
  plannedComponents,
  type Adapter,
  type KubernetesClusterArgs,
} from "@wissel/core";
import { MockHarness, isSecret, valueOf, type HarnessOptions, type Registration } from "./harness";
import { kubernetesObjects, validateKubernetesObjects } from "./kubernetes-schemas";

export interface ClusterContractOptions {
  /** The adapter under test. */
  readonly adapter: Adapter;
  /**
   * Harness options, including stack config that selects the adapter and an `outputs` faker that
   * gives the cluster's provider-computed outputs (kubeconfig, CA) so the binding resolves.
   */
  readonly harness: HarnessOptions;
  /** Resource types that hold data and must be protected and retained; empty when the adapter creates no resource (an existing cluster). */
  readonly statefulTypes: readonly string[];
  /**
   * Arguments every build uses, valid on this target (e.g. a version the vendor offers).
   * @default {}
   */
  readonly args?: KubernetesClusterArgs;
}

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/;

/** Registers the KubernetesCluster contract suite for an adapter. */
export function clusterContract(options: ClusterContractOptions): void {
  const { adapter } = options;
  const baseArgs = options.args ?? {};
  describe(`KubernetesCluster contract on ${adapter.name}`, () => {
    let harness: MockHarness;

    beforeAll(async () => {
      harness = await MockHarness.start(options.harness);
    });
    beforeEach(() => harness.reset());

    async function build(
      name: string,
      args: KubernetesClusterArgs = {},
    ): Promise<{ cluster: KubernetesCluster; registrations: Registration[] }> {
      const { result, registrations } = await harness.run(
        () => new KubernetesCluster(name, { ...baseArgs, ...args }),
      );
      return { cluster: result, registrations };
    }

    it("registers the neutral type token, parents every child under the component and derives child names from its name", async () => {
      const { cluster, registrations } = await build("apps");
      const component = registrations.filter((r) => r.type === "wissel:kubernetes:Cluster");
      expect(component.map((r) => r.name)).toEqual(["apps"]);
      const urn = await valueOf(cluster.urn);
      expect(harness.descendantsOf(urn).length).toBe(registrations.length - 1);
      for (const child of harness.childrenOf(urn)) {
        expect([child.name, child.name === "apps" || child.name.startsWith("apps-")]).toEqual([
          child.name,
          true,
        ]);
      }
      expect(cluster.ref.name).toBe("apps");
      expect(cluster.ref.target).toBe(adapter.name);
      expect(cluster.ref.resource).toBe(cluster);
    });

    it("gives a secret binding with an https API server, a PEM CA and an admin kubeconfig", async () => {
      const { cluster } = await build("apps");
      expect(await isSecret(cluster.binding)).toBe(true);
      const binding = await valueOf(cluster.binding);
      expect(binding.apiServerUrl).toMatch(/^https:\/\/[^/\s]+/);
      expect(binding.caCertificate).toMatch(PEM);
      expect(binding.kubeconfig.length).toBeGreaterThan(20);
      expect(await isSecret(cluster.apiServerUrl)).toBe(false);
      expect(await valueOf(cluster.apiServerUrl)).toBe(binding.apiServerUrl);
    });

    it("never puts the kubeconfig in a resource name or id", async () => {
      const { cluster, registrations } = await build("apps");
      const { kubeconfig } = await valueOf(cluster.binding);
      for (const registration of registrations) {
        expect(registration.name).not.toContain(kubeconfig);
        expect(registration.urn).not.toContain(kubeconfig);
      }
    });

    it("protects and retains every child that holds data, and never deletes before replacing", async () => {
      const { registrations } = await build("apps");
      const stateful = registrations.filter((r) => options.statefulTypes.includes(r.type));
      if (options.statefulTypes.length > 0) expect(stateful.length).toBeGreaterThan(0);
      for (const child of stateful) {
        expect({
          name: child.name,
          protect: child.protect,
          retainOnDelete: child.retainOnDelete,
        }).toEqual({ name: child.name, protect: true, retainOnDelete: true });
      }
      expect(registrations.filter((r) => r.deleteBeforeReplace).map((r) => r.name)).toEqual([]);
    });

    it("drops protection only when allowDataLoss is set", async () => {
      const { registrations } = await build("scratch", { allowDataLoss: true });
      for (const child of registrations.filter((r) => options.statefulTypes.includes(r.type))) {
        expect([child.name, child.protect, child.retainOnDelete]).toEqual([
          child.name,
          false,
          false,
        ]);
      }
    });

    it("emits only Kubernetes objects that validate against the upstream schemas", async () => {
      const { registrations } = await build("apps");
      const objects = kubernetesObjects(registrations);
      const results = validateKubernetesObjects(objects);
      expect(
        objects.map((o, i) => ({ kind: o.kind, name: o.metadata?.name, errors: results[i] })),
      ).toEqual(objects.map((o) => ({ kind: o.kind, name: o.metadata?.name, errors: [] })));
    });

    it("records its placement for wissel plan", async () => {
      await build("apps", { classification: "sensitive" });
      const record = plannedComponents().find((c) => c.kind === "kubernetesCluster");
      expect(record?.placement.target).toBe(adapter.name);
      expect(record?.classification).toBe("sensitive");
      expect(record?.placement.country).toMatch(/^[A-Z]{2}$/);
    });

    for (const [label, args, message] of [
      ["a node count of 0", { nodeCount: 0 }, /KubernetesCluster "apps": nodeCount/],
      [
        "a version outside the supported minors",
        { version: "1.20" },
        /KubernetesCluster "apps": version must be a Kubernetes minor version/,
      ],
      ["a patch version", { version: "1.33.2" }, /KubernetesCluster "apps": version/],
      [
        "an unknown argument",
        { nodes: 3 } as KubernetesClusterArgs,
        /KubernetesCluster "apps": nodes/,
      ],
    ] as const) {
      it(`rejects ${label} before registering anything`, async () => {
        let error: unknown;
        try {
          new KubernetesCluster("apps", { ...baseArgs, ...args });
        } catch (caught) {
          error = caught;
        }
        expect(pulumi.ResourceError.isInstance(error)).toBe(true);
        expect((error as Error).message).toMatch(message);
        await harness.settle();
        expect(harness.registrations).toEqual([]);
      });
    }
  });
}
