import * as pulumi from "@pulumi/pulumi";
import {
  DEFAULT_KUBERNETES_VERSION,
  KubernetesCluster,
  Namespace,
  plannedComponents,
  type NamespaceArgs,
} from "@wissel/core";
import { MockHarness, isSecret, valueOf } from "@wissel/testing";
import { NAMESPACE_OBJECT_NAMES } from "../../kubernetes/src/namespace";
import { CLUSTER_TYPE } from "../src/cluster";

const CA = "-----BEGIN CERTIFICATE-----\nMIIBmagnumCA\n-----END CERTIFICATE-----\n";
const RAW = "apiVersion: v1\nkind: Config\n";
const HOST = "https://203.0.113.10:6443";
const CI_TOKEN = "eyJhbGciOiJSUzI1NiJ9.ci.sig";

const OPERATOR = { name: "Voorbeeld Cloud", legalEntity: "Voorbeeld Cloud B.V.", country: "NL" };
const KUBERNETES = {
  externalNetworkId: "0f7a3e1c-4b2d-4e8a-9c6f-1d2e3f4a5b6c",
  images: {
    [DEFAULT_KUBERNETES_VERSION]: {
      image: "ubuntu-kube",
      kubeTag: `v${DEFAULT_KUBERNETES_VERSION}.1`,
    },
  },
  flavors: [{ name: "m2.large", vcpu: 2, memoryGiB: 8 }],
};
const SETTINGS = {
  region: "AMS1",
  s3Endpoint: "https://s3.ams1.openstack.example",
  operator: OPERATOR,
  kubernetes: KUBERNETES,
};
const CONFIG = { "wissel:target": "openstack", "wissel:openstack": SETTINGS };
const KEYSTONE = {
  ...CONFIG,
  "wissel:openstack": { ...SETTINGS, kubernetes: { ...KUBERNETES, keystoneAuth: true } },
};

/** Provider references each registration was made with. */
const providers = new Map<string, string | undefined>();

let harness: MockHarness;

beforeAll(async () => {
  harness = await MockHarness.start({
    project: "team-workspace",
    stack: "openstack",
    config: CONFIG,
    outputs: (args) => {
      providers.set(`${args.type} ${args.name}`, args.provider);
      if (args.type === CLUSTER_TYPE)
        return {
          apiAddress: HOST,
          kubeconfig: { host: HOST, clusterCaCertificate: CA, rawConfig: RAW },
        };
      if (args.type === "kubernetes:core/v1:Secret")
        return { data: { token: Buffer.from(CI_TOKEN).toString("base64") } };
      return undefined;
    },
  });
});

beforeEach(() => {
  harness.reset();
  providers.clear();
  harness.setConfig(CONFIG);
});

async function rejection(build: () => unknown): Promise<string> {
  let error: unknown;
  try {
    build();
  } catch (caught) {
    error = caught;
  }
  await harness.settle();
  expect(pulumi.ResourceError.isInstance(error)).toBe(true);
  return (error as Error).message;
}

async function onCluster(
  name: string,
  args: Omit<NamespaceArgs, "cluster"> = {},
): Promise<{ cluster: KubernetesCluster; namespace: Namespace }> {
  const { result } = await harness.run(() => {
    const cluster = new KubernetesCluster("apps");
    return { cluster, namespace: new Namespace(name, { ...args, cluster }) };
  });
  return result;
}

describe("a namespace on the program's Magnum cluster", () => {
  it("registers the hardened namespace's children under the component, through the cluster's own provider", async () => {
    const { cluster, namespace } = await onCluster("team-alpha");
    const urn = await valueOf(namespace.urn);
    // Registration order follows output resolution, so the children are compared by name.
    expect(
      harness
        .childrenOf(urn)
        .map((r) => [r.name, r.type])
        .sort(),
    ).toEqual([
      ["team-alpha", "kubernetes:core/v1:Namespace"],
      ["team-alpha-allow-dns", "kubernetes:networking.k8s.io/v1:NetworkPolicy"],
      ["team-alpha-ci", "kubernetes:core/v1:ServiceAccount"],
      ["team-alpha-ci-binding", "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"],
      ["team-alpha-ci-role", "kubernetes:rbac.authorization.k8s.io/v1:Role"],
      ["team-alpha-ci-token", "kubernetes:core/v1:Secret"],
      ["team-alpha-default-sa", "kubernetes:core/v1:ServiceAccountPatch"],
      ["team-alpha-deny-all", "kubernetes:networking.k8s.io/v1:NetworkPolicy"],
      ["team-alpha-limits", "kubernetes:core/v1:LimitRange"],
      ["team-alpha-quota", "kubernetes:core/v1:ResourceQuota"],
    ]);
    const provider = harness.one("pulumi:providers:kubernetes", "apps-provider");
    expect(provider.parent).toBe(await valueOf(cluster.urn));
    expect(provider.secretInputs).toContain("kubeconfig");
    expect(provider.inputs["kubeconfig"]).toBe(RAW);
    for (const child of harness.childrenOf(urn)) {
      expect(providers.get(`${child.type} ${child.name}`)).toMatch(
        new RegExp(`^${provider.urn.replace(/[$]/g, "\\$")}::`),
      );
    }
  });

  it("protects and retains the Namespace object", async () => {
    await onCluster("team-alpha");
    const ns = harness.one("kubernetes:core/v1:Namespace", "team-alpha");
    expect([ns.protect, ns.retainOnDelete, ns.deleteBeforeReplace]).toEqual([true, true, false]);
  });

  it("binds a secret CI kubeconfig that points at the Magnum API with the Magnum CA", async () => {
    const { namespace } = await onCluster("team-alpha");
    expect(await isSecret(namespace.binding)).toBe(true);
    const binding = await valueOf(namespace.binding);
    expect([binding.namespace, binding.apiServerUrl, binding.serviceAccount]).toEqual([
      "team-alpha",
      HOST,
      NAMESPACE_OBJECT_NAMES.ciServiceAccount,
    ]);
    const kubeconfig = JSON.parse(binding.kubeconfig) as {
      clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
      users: { user: { token: string } }[];
    };
    expect(kubeconfig.clusters[0]?.cluster.server).toBe(HOST);
    expect(
      Buffer.from(
        kubeconfig.clusters[0]?.cluster["certificate-authority-data"] ?? "",
        "base64",
      ).toString(),
    ).toBe(CA);
    expect(kubeconfig.users[0]?.user.token).toBe(CI_TOKEN);
  });

  it("finds the program's only cluster when none is passed, and records it as a decision", async () => {
    await harness.run(() => {
      new KubernetesCluster("apps");
      return new Namespace("team-beta");
    });
    harness.one("kubernetes:core/v1:Namespace", "team-beta");
    const component = plannedComponents().find((c) => c.name === "team-beta");
    expect([component?.kind, component?.placement.target, component?.support]).toEqual([
      "namespace",
      "openstack",
      "native",
    ]);
    expect(component?.decisions[0]).toEqual({ what: "cluster", choice: 'Magnum cluster "apps"' });
  });

  it("binds a team group through k8s-keystone-auth when the stack turns it on", async () => {
    harness.setConfig(KEYSTONE);
    await onCluster("team-alpha", { teamGroup: "4b1f0c2d9e8a4f6b" });
    const binding = harness.one(
      "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
      "team-alpha-team-binding",
    );
    expect(binding.inputs["subjects"]).toEqual([
      { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "4b1f0c2d9e8a4f6b" },
    ]);
    const decision = plannedComponents()
      .find((c) => c.name === "team-alpha")
      ?.decisions.find((d) => d.what === "team group");
    expect(decision?.why).toContain("Keystone project id");
  });
});

describe("rejected before registration", () => {
  it("a namespace on a program without a cluster", async () => {
    const message = await rejection(() => new Namespace("team-alpha"));
    expect(message).toContain(
      'Namespace "team-alpha": cluster must be a KubernetesCluster on target "openstack"',
    );
    expect(message).toContain("Create a KubernetesCluster in the program");
    expect(harness.registrations).toEqual([]);
  });

  it("a team group when the cluster has no Keystone auth", async () => {
    let message = "";
    await harness.run(() => {
      const cluster = new KubernetesCluster("apps");
      try {
        new Namespace("team-alpha", { cluster, teamGroup: "team-alpha-developers" });
      } catch (error) {
        message = (error as Error).message;
      }
    });
    expect(message).toContain(
      'Namespace "team-alpha": teamGroup is not supported on target "openstack"',
    );
    expect(message).toContain("keystoneAuth");
    expect(harness.registrations.filter((r) => r.type.startsWith("kubernetes:"))).toEqual([]);
  });

  it("a namespace named like the cluster's own", async () => {
    const message = await rejection(() => new Namespace("kube-team"));
    expect(message).toContain('must not start with "kube-"');
  });
});
