/**
 * The `Namespace` contract: the same assertions for every adapter, including the hardening read
 * from the emitted objects. An adapter's test file calls `namespaceContract({...})` at top level.
 */
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import {
  Namespace,
  plannedComponents,
  type Adapter,
  type ContainerDefaults,
  type KubernetesCluster,
  type NamespaceArgs,
  type NamespaceQuota,
} from "@wissel/core";
import {
  MockHarness,
  isSecret,
  valueOf,
  type HarnessOptions,
  type OutputFaker,
  type Registration,
} from "./harness";
import { hardeningProblems } from "./namespace-hardening";
import { kubernetesObjects, validateKubernetesObjects } from "./kubernetes-schemas";

export interface NamespaceContractOptions {
  /** The adapter under test. */
  readonly adapter: Adapter;
  /**
   * Harness options, including stack config that selects the adapter. Its `outputs` faker is
   * wrapped so that ServiceAccount token Secrets get a token (see `withServiceAccountTokens`).
   */
  readonly harness: HarnessOptions;
  /** Resource types that hold data and must be protected and retained: at least the Namespace. */
  readonly statefulTypes: readonly string[];
  /**
   * Runs before each namespace is built, inside the same program: creates the cluster the namespace
   * goes on (and returns it to be passed as `cluster`), or returns undefined where the target has a
   * configured cluster.
   * @default - no setup
   */
  readonly setup?: () => KubernetesCluster | undefined;
  /**
   * A team group this target accepts (Azure binds Entra ID group object ids).
   * @default "team-alpha-developers"
   */
  readonly teamGroup?: string;
  /**
   * The group as the target's RoleBinding names it (Kapsule prefixes OIDC groups with `oidc:`).
   * @default - the teamGroup as given
   */
  readonly boundGroup?: string;
}

/** The Pulumi type of a Kubernetes Namespace. */
export const NAMESPACE_TYPE = "kubernetes:core/v1:Namespace";

/** The token the wrapped faker writes into every ServiceAccount token Secret. */
export const FAKE_SERVICE_ACCOUNT_TOKEN = "eyJhbGciOiJSUzI1NiJ9.contract-ci-token.signature";

/**
 * Wraps an outputs faker so that a created `kubernetes.io/service-account-token` Secret comes back
 * with `data.token` = `FAKE_SERVICE_ACCOUNT_TOKEN`, as the cluster's token controller fills it in.
 */
export function withServiceAccountTokens(faker?: OutputFaker): OutputFaker {
  return (args) => {
    // The given faker still sees every registration (it may record them), but the token is the contract's.
    const given = faker?.(args);
    if (
      args.type === "kubernetes:core/v1:Secret" &&
      !args.id &&
      (args.inputs as { type?: unknown }).type === "kubernetes.io/service-account-token"
    ) {
      return {
        ...given,
        data: { token: Buffer.from(FAKE_SERVICE_ACCOUNT_TOKEN).toString("base64") },
      };
    }
    return given;
  };
}
// The hardening check, re-exported where the package index finds it today.
export { hardeningProblems, parseQuantity, type HardeningExpectation } from "./namespace-hardening";

const DEFAULT_QUOTA: Required<NamespaceQuota> = { cpu: 4, memoryGiB: 8, storageGiB: 50, pods: 50 };
const DEFAULT_CONTAINER: Required<ContainerDefaults> = { cpu: 0.1, memoryMiB: 256 };

/** Registers the Namespace contract suite for an adapter. */
export function namespaceContract(options: NamespaceContractOptions): void {
  const { adapter } = options;
  describe(`Namespace contract on ${adapter.name}`, () => {
    let harness: MockHarness;

    beforeAll(async () => {
      harness = await MockHarness.start({
        ...options.harness,
        outputs: withServiceAccountTokens(options.harness.outputs),
      });
    });
    beforeEach(() => harness.reset());

    async function build(
      name: string,
      args: NamespaceArgs = {},
      passCluster = true,
    ): Promise<{ namespace: Namespace; registrations: Registration[] }> {
      const { result, registrations } = await harness.run(() => {
        const cluster = options.setup?.();
        return new Namespace(name, {
          ...(cluster !== undefined && passCluster ? { cluster } : {}),
          ...args,
        });
      });
      return { namespace: result, registrations };
    }

    it("registers the neutral type token, parents every child under the component and derives child names from its name", async () => {
      const { namespace, registrations } = await build("team-alpha");
      expect(
        registrations.filter((r) => r.type === "wissel:kubernetes:Namespace").map((r) => r.name),
      ).toEqual(["team-alpha"]);
      const urn = await valueOf(namespace.urn);
      const children = harness.childrenOf(urn);
      expect(children.length).toBeGreaterThan(0);
      for (const child of children) {
        expect([
          child.name,
          child.name === "team-alpha" || child.name.startsWith("team-alpha-"),
        ]).toEqual([child.name, true]);
      }
      expect(namespace.namespace).toBe("team-alpha");
    });

    it("is hardened: restricted Pod Security, default deny with DNS, quota, limits, namespaced RBAC only", async () => {
      const quota = { cpu: 2, memoryGiB: 4, storageGiB: 20, pods: 30 };
      const containerDefaults = { cpu: 0.25, memoryMiB: 128 };
      const requested = options.teamGroup ?? "team-alpha-developers";
      const teamGroup = supports(adapter, options, "teamGroup") ? { teamGroup: requested } : {};
      const bound = supports(adapter, options, "teamGroup")
        ? { teamGroup: options.boundGroup ?? requested }
        : {};
      const { namespace } = await build("team-alpha", { quota, containerDefaults, ...teamGroup });
      const own = harness.descendantsOf(await valueOf(namespace.urn));
      expect(
        hardeningProblems(kubernetesObjects(own), {
          namespace: "team-alpha",
          quota,
          containerDefaults,
          ...bound,
        }),
      ).toEqual([]);
    });

    it("applies the default quota and container defaults when none are given", async () => {
      const { namespace } = await build("team-alpha");
      const own = harness.descendantsOf(await valueOf(namespace.urn));
      expect(
        hardeningProblems(kubernetesObjects(own), {
          namespace: "team-alpha",
          quota: DEFAULT_QUOTA,
          containerDefaults: DEFAULT_CONTAINER,
        }),
      ).toEqual([]);
    });

    it("emits only Kubernetes objects that validate against the upstream schemas", async () => {
      const { registrations } = await build(
        "team-alpha",
        supports(adapter, options, "teamGroup") ? { teamGroup: options.teamGroup ?? "devs" } : {},
      );
      const objects = kubernetesObjects(registrations);
      expect(objects.length).toBeGreaterThan(0);
      const results = validateKubernetesObjects(objects);
      expect(
        objects.map((o, i) => ({ kind: o.kind, name: o.metadata?.name, errors: results[i] })),
      ).toEqual(objects.map((o) => ({ kind: o.kind, name: o.metadata?.name, errors: [] })));
    });

    it("gives a secret binding with a CI kubeconfig scoped to the namespace", async () => {
      const { namespace } = await build("team-alpha");
      expect(await isSecret(namespace.binding)).toBe(true);
      const binding = await valueOf(namespace.binding);
      expect(binding.namespace).toBe("team-alpha");
      expect(binding.apiServerUrl).toMatch(/^https:\/\//);
      expect(binding.serviceAccount.length).toBeGreaterThan(0);
      const config = parse(binding.kubeconfig) as Record<string, unknown>;
      const current = config["current-context"];
      const context = (
        config["contexts"] as { name: string; context: Record<string, string> }[]
      ).find((c) => c.name === current)?.context;
      expect(context?.["namespace"]).toBe("team-alpha");
      const cluster = (
        config["clusters"] as { name: string; cluster: Record<string, string> }[]
      ).find((c) => c.name === context?.["cluster"])?.cluster;
      expect(cluster?.["server"]).toBe(binding.apiServerUrl);
      expect(
        Buffer.from(cluster?.["certificate-authority-data"] ?? "", "base64").toString("utf8"),
      ).toMatch(/-----BEGIN CERTIFICATE-----/);
      const user = (config["users"] as { name: string; user: Record<string, string> }[]).find(
        (u) => u.name === context?.["user"],
      )?.user;
      expect(user?.["token"]).toBe(FAKE_SERVICE_ACCOUNT_TOKEN);
    });

    it("never puts the CI token in a resource name or id", async () => {
      const { registrations } = await build("team-alpha");
      for (const registration of registrations) {
        expect(registration.name).not.toContain(FAKE_SERVICE_ACCOUNT_TOKEN);
        expect(registration.urn).not.toContain(FAKE_SERVICE_ACCOUNT_TOKEN);
      }
    });

    it("protects and retains every child that holds data, and never deletes before replacing", async () => {
      const { registrations } = await build("team-alpha");
      const stateful = registrations.filter((r) => options.statefulTypes.includes(r.type));
      expect(stateful.map((r) => r.name)).toContain("team-alpha");
      for (const child of stateful) {
        expect({
          name: child.name,
          protect: child.protect,
          retainOnDelete: child.retainOnDelete,
        }).toEqual({ name: child.name, protect: true, retainOnDelete: true });
      }
      expect(registrations.filter((r) => r.deleteBeforeReplace).map((r) => r.name)).toEqual([]);
    });

    it("drops the namespace's protection only when allowDataLoss is set", async () => {
      const { registrations } = await build("scratch", { allowDataLoss: true });
      const namespaces = registrations.filter(
        (r) => r.type === NAMESPACE_TYPE && r.name === "scratch",
      );
      expect(namespaces.map((r) => [r.protect, r.retainOnDelete])).toEqual([[false, false]]);
    });

    it("records its placement for wissel plan", async () => {
      await build("team-alpha", { classification: "sensitive" });
      const record = plannedComponents().find((c) => c.kind === "namespace");
      expect(record?.placement.target).toBe(adapter.name);
      expect(record?.classification).toBe("sensitive");
    });

    if (options.setup !== undefined) {
      it("goes on the program's only cluster on its target when none is passed", async () => {
        const { registrations } = await build("team-alpha", {}, false);
        expect(registrations.filter((r) => r.type === NAMESPACE_TYPE).map((r) => r.name)).toEqual([
          "team-alpha",
        ]);
      });
    }

    if (!supports(adapter, options, "teamGroup")) {
      it("fails at preview on teamGroup, which its capability table marks unsupported", async () => {
        await expectRejected(
          () => new Namespace("team-alpha", { teamGroup: "devs" }),
          /Namespace "team-alpha": teamGroup is not supported on target/,
        );
      });
    }

    for (const [label, name, args, message] of [
      [
        "a name that is not a DNS-1123 label",
        "Team_Alpha",
        {},
        /Namespace "Team_Alpha": name must be a DNS-1123 label/,
      ],
      ["a kube- name", "kube-team", {}, /Namespace "kube-team": name must not start with "kube-"/],
      [
        "a reserved name",
        "default",
        {},
        /Namespace "default": name must not start with "kube-" or be one of/,
      ],
      [
        "a quota of 0 CPU",
        "team-alpha",
        { quota: { cpu: 0 } },
        /Namespace "team-alpha": quota.cpu must be a number/,
      ],
      [
        "container defaults above the quota",
        "team-alpha",
        { quota: { memoryGiB: 1 }, containerDefaults: { memoryMiB: 2048 } },
        /containerDefaults.memoryMiB must not exceed quota.memoryGiB/,
      ],
      // Binding the team's role to a system group would hand it to every account of that group.
      [
        "teamGroup system:authenticated",
        "team-alpha",
        { teamGroup: "system:authenticated" },
        /Namespace "team-alpha": teamGroup must not be a Kubernetes system group.*every signed-in account.*\(received "system:authenticated"\)\. Set teamGroup to the team's own group/,
      ],
      [
        "teamGroup system:unauthenticated",
        "team-alpha",
        { teamGroup: "system:unauthenticated" },
        /teamGroup must not be a Kubernetes system group.*every anonymous request/,
      ],
      [
        "teamGroup system:masters",
        "team-alpha",
        { teamGroup: "system:masters" },
        /teamGroup must not be a Kubernetes system group/,
      ],
      [
        "a teamGroup with a control character",
        "team-alpha",
        { teamGroup: "team\u001balpha" },
        /teamGroup must be the name or object id of a group.*without control characters/,
      ],
    ] as const) {
      it(`rejects ${label} before registering the namespace`, async () => {
        await expectRejected(() => new Namespace(name, args as NamespaceArgs), message);
      });
    }

    /** Runs the setup, then expects the namespace to fail synchronously and register nothing more. */
    async function expectRejected(create: () => Namespace, message: RegExp): Promise<void> {
      options.setup?.();
      await harness.settle();
      const before = harness.registrations.length;
      let error: unknown;
      try {
        create();
      } catch (caught) {
        error = caught;
      }
      expect(pulumi.ResourceError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
      await harness.settle();
      expect(harness.registrations.slice(before)).toEqual([]);
    }
  });
}

function supports(adapter: Adapter, options: NamespaceContractOptions, feature: string): boolean {
  const raw = options.harness.config?.[`wissel:${adapter.name}`];
  const table = adapter.capabilities(adapter.parseSettings(raw)).namespace;
  const capability = (
    table?.features as Record<string, { support: string } | undefined> | undefined
  )?.[feature];
  return capability !== undefined && capability.support !== "unsupported";
}
