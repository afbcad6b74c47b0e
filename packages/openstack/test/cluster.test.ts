import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import * as pulumi from "@pulumi/pulumi";
import {
  DEFAULT_KUBERNETES_VERSION,
  KubernetesCluster,
  plannedComponents,
  type KubernetesClusterArgs,
} from "@wissel/core";
import { MockHarness, isSecret, valueOf } from "@wissel/testing";
import { CLUSTER_TEMPLATE_TYPE, CLUSTER_TYPE, clusterBinding, magnumName } from "../src/cluster";

const CA = "-----BEGIN CERTIFICATE-----\nMIIBmagnumCA\n-----END CERTIFICATE-----\n";
const RAW =
  "apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    client-key-data: c2VjcmV0\n";
const HOST = "https://203.0.113.10:6443";

/** Core's default minor, which a cluster without a version gets; the table also has 1.32. */
const DEFAULT = DEFAULT_KUBERNETES_VERSION;
const DEFAULT_IMAGE = `ubuntu-2204-kube-v${DEFAULT}.1`;

const OPERATOR = { name: "Voorbeeld Cloud", legalEntity: "Voorbeeld Cloud B.V.", country: "NL" };
const KUBERNETES = {
  externalNetworkId: "0f7a3e1c-4b2d-4e8a-9c6f-1d2e3f4a5b6c",
  images: {
    "1.32": { image: "ubuntu-2204-kube-v1.32.5", kubeTag: "v1.32.5" },
    [DEFAULT]: { image: DEFAULT_IMAGE, kubeTag: `v${DEFAULT}.1` },
  },
  flavors: [
    { name: "c2.medium", vcpu: 2, memoryGiB: 4 },
    { name: "m2.large", vcpu: 2, memoryGiB: 8 },
    { name: "m4.xlarge", vcpu: 4, memoryGiB: 16 },
  ],
};
const SETTINGS = {
  region: "AMS1",
  s3Endpoint: "https://s3.ams1.openstack.example",
  operator: OPERATOR,
  kubernetes: KUBERNETES,
};
const CONFIG = { "wissel:target": "openstack", "wissel:openstack": SETTINGS };

let harness: MockHarness;

beforeAll(async () => {
  harness = await MockHarness.start({
    project: "team-workspace",
    stack: "openstack",
    config: CONFIG,
    outputs: (args) =>
      args.type === CLUSTER_TYPE
        ? {
            apiAddress: HOST,
            kubeconfig: {
              host: HOST,
              clusterCaCertificate: CA,
              rawConfig: RAW,
              clientKey: "key",
              clientCertificate: "cert",
            },
          }
        : undefined,
  });
});

beforeEach(() => {
  harness.reset();
  harness.setConfig(CONFIG);
});

function withKubernetes(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    ...CONFIG,
    "wissel:openstack": { ...SETTINGS, kubernetes: { ...KUBERNETES, ...overrides } },
  };
}

async function build(name: string, args: KubernetesClusterArgs = {}): Promise<KubernetesCluster> {
  const { result } = await harness.run(() => new KubernetesCluster(name, args));
  return result;
}

async function rejection(name: string, args: KubernetesClusterArgs): Promise<string> {
  let error: unknown;
  try {
    new KubernetesCluster(name, args);
  } catch (caught) {
    error = caught;
  }
  await harness.settle();
  expect(pulumi.ResourceError.isInstance(error)).toBe(true);
  expect(harness.registrations).toEqual([]);
  return (error as Error).message;
}

const nameOf = (name: string): string =>
  magnumName({ project: "team-workspace", stack: "openstack", name });

describe("a default cluster", () => {
  it("registers exactly a template and a cluster under the component", async () => {
    const cluster = await build("apps");
    const urn = await valueOf(cluster.urn);
    expect(harness.registrations.map((r) => [r.type, r.name, r.parent ?? null])).toEqual([
      ["wissel:kubernetes:Cluster", "apps", null],
      [CLUSTER_TEMPLATE_TYPE, "apps-template", urn],
      [CLUSTER_TYPE, "apps", urn],
    ]);
  });

  it("builds the template with Calico, the default minor's image and kube_tag, private nodes, an API load balancer and TLS", async () => {
    await build("apps");
    expect(harness.one(CLUSTER_TEMPLATE_TYPE, "apps-template").inputs).toEqual({
      name: nameOf("apps-template"),
      region: "AMS1",
      coe: "kubernetes",
      image: DEFAULT_IMAGE,
      networkDriver: "calico",
      externalNetworkId: KUBERNETES.externalNetworkId,
      floatingIpEnabled: false,
      masterLbEnabled: true,
      serverType: "vm",
      tlsDisabled: false,
      public: false,
      labels: { kube_tag: `v${DEFAULT}.1`, master_lb_floating_ip_enabled: "true" },
    });
  });

  it("builds three control-plane nodes and three workers on the smallest flavors that fit, from the template", async () => {
    await build("apps");
    const template = harness.one(CLUSTER_TEMPLATE_TYPE, "apps-template");
    expect(harness.one(CLUSTER_TYPE, "apps").inputs).toEqual({
      name: nameOf("apps"),
      region: "AMS1",
      clusterTemplateId: `${template.name}-id`,
      masterCount: 3,
      masterFlavor: "c2.medium",
      nodeCount: 3,
      flavor: "m2.large",
    });
  });

  it("protects and retains the cluster, keeps its kubeconfig secret, and never deletes before replacing", async () => {
    await build("apps");
    const cluster = harness.one(CLUSTER_TYPE, "apps");
    expect([cluster.protect, cluster.retainOnDelete, cluster.deleteBeforeReplace]).toEqual([
      true,
      true,
      false,
    ]);
    // Marked by the SDK itself; the adapter adds nothing, so the list holds it once.
    expect(cluster.additionalSecretOutputs).toEqual(["kubeconfig"]);
  });

  it("retains but does not protect the template, and replaces it on any change", async () => {
    await build("apps");
    const template = harness.one(CLUSTER_TEMPLATE_TYPE, "apps-template");
    expect([template.protect, template.retainOnDelete, template.deleteBeforeReplace]).toEqual([
      false,
      true,
      false,
    ]);
    expect(template.replaceOnChanges).toEqual(["*"]);
  });

  it("binds the kubeconfig's host, CA and raw config, as a secret", async () => {
    const cluster = await build("apps");
    expect(await isSecret(cluster.binding)).toBe(true);
    expect(await valueOf(cluster.binding)).toEqual({
      apiServerUrl: HOST,
      caCertificate: CA,
      kubeconfig: RAW,
    });
    expect(await isSecret(cluster.apiServerUrl)).toBe(false);
    expect(await valueOf(cluster.apiServerUrl)).toBe(HOST);
  });

  it("exposes the raw children by role", async () => {
    const cluster = await build("apps");
    expect(Object.keys(cluster.vendorResources).sort()).toEqual(["cluster", "template"]);
    expect(await valueOf(cluster.vendorResources["cluster"]!.urn)).toBe(
      harness.one(CLUSTER_TYPE, "apps").urn,
    );
    expect(await valueOf(cluster.vendorResources["template"]!.urn)).toBe(
      harness.one(CLUSTER_TEMPLATE_TYPE, "apps-template").urn,
    );
  });

  it("records its placement and decisions for wissel plan", async () => {
    await build("apps");
    const [component] = plannedComponents();
    expect([
      component?.kind,
      component?.placement.target,
      component?.placement.country,
      component?.support,
    ]).toEqual(["kubernetesCluster", "openstack", "NL", "native"]);
    const decisions = Object.fromEntries((component?.decisions ?? []).map((d) => [d.what, d]));
    expect(decisions["node flavor"]).toEqual({
      what: "node flavor",
      choice: "m2.large (2 vCPU, 8 GiB)",
      why: "smallest in wissel:openstack.kubernetes.flavors meeting 2 vCPU / 8 GiB",
    });
    expect(decisions["control plane"]?.choice).toBe(
      "3 × c2.medium (2 vCPU, 4 GiB) behind an Octavia load balancer",
    );
    expect(decisions["control plane"]?.why).toContain("quorum through the loss of 1 of 3");
    expect(decisions["network driver"]?.choice).toBe("calico");
    expect(decisions["kubernetes version"]?.choice).toBe(
      `${DEFAULT} as v${DEFAULT}.1 on image ${DEFAULT_IMAGE}`,
    );
    expect(decisions["kubernetes version"]?.why).toContain("Magnum does not check versions");
    expect(Object.keys(decisions)).toEqual([
      "node flavor",
      "control plane",
      "network driver",
      "kubernetes version",
      "api access",
      "admin credentials",
    ]);
  });
});

describe("a sized cluster", () => {
  it("maps nodeCount, vcpu, memoryGiB and version to Magnum", async () => {
    await build("data", { nodeCount: 5, vcpu: 3, memoryGiB: 10, version: "1.32" });
    const cluster = harness.one(CLUSTER_TYPE, "data").inputs;
    expect([cluster["nodeCount"], cluster["flavor"]]).toEqual([5, "m4.xlarge"]);
    const template = harness.one(CLUSTER_TEMPLATE_TYPE, "data-template").inputs;
    expect([template["image"], (template["labels"] as Record<string, string>)["kube_tag"]]).toEqual(
      ["ubuntu-2204-kube-v1.32.5", "v1.32.5"],
    );
  });

  it("lets allowDataLoss drop protect and retain on both children", async () => {
    await build("scratch", { allowDataLoss: true });
    const cluster = harness.one(CLUSTER_TYPE, "scratch");
    const template = harness.one(CLUSTER_TEMPLATE_TYPE, "scratch-template");
    expect([
      cluster.protect,
      cluster.retainOnDelete,
      template.protect,
      template.retainOnDelete,
    ]).toEqual([false, false, false, false]);
  });
});

describe("the stack's Magnum settings", () => {
  it("carry Cilium, a keypair, a given network, Keystone auth, a private API, one master and its flavor", async () => {
    harness.setConfig(
      withKubernetes({
        networkDriver: "cilium",
        keypair: "ops",
        fixedNetwork: "apps-net",
        fixedSubnet: "apps-subnet",
        keystoneAuth: true,
        publicApi: false,
        masterCount: 1,
        masterFlavor: "c8.xlarge",
      }),
    );
    await build("apps");
    const template = harness.one(CLUSTER_TEMPLATE_TYPE, "apps-template").inputs;
    expect([
      template["networkDriver"],
      template["keypairId"],
      template["fixedNetwork"],
      template["fixedSubnet"],
      template["labels"],
    ]).toEqual([
      "cilium",
      "ops",
      "apps-net",
      "apps-subnet",
      {
        kube_tag: `v${DEFAULT}.1`,
        master_lb_floating_ip_enabled: "false",
        keystone_auth_enabled: "true",
      },
    ]);
    const cluster = harness.one(CLUSTER_TYPE, "apps").inputs;
    expect([cluster["masterCount"], cluster["masterFlavor"]]).toEqual([1, "c8.xlarge"]);
    const decisions = plannedComponents()[0]?.decisions ?? [];
    expect(decisions.find((d) => d.what === "control plane")?.choice).toBe(
      "1 × c8.xlarge behind an Octavia load balancer",
    );
    expect(decisions.find((d) => d.what === "api access")?.choice).toBe(
      "private: API and nodes on the cluster's network only",
    );
  });
});

describe("rejected before registration", () => {
  it("a cluster on a stack without Magnum settings, naming the section and the commands", async () => {
    harness.setConfig({ ...CONFIG, "wissel:openstack": { ...SETTINGS, kubernetes: undefined } });
    const message = await rejection("apps", {});
    expect(message).toContain(
      'KubernetesCluster "apps": wissel:openstack.kubernetes is needed for a KubernetesCluster on target "openstack"',
    );
    expect(message).toContain(
      "pulumi config set --path 'wissel:openstack.kubernetes.externalNetworkId'",
    );
  });

  it("a minor the cloud has no image for", async () => {
    // The stack's image table holds 1.32 and the default minor only.
    const missing = "1.31";
    const message = await rejection("apps", { version: missing });
    expect(message).toContain(
      `version must be a minor this cloud has a Magnum image for (1.32, ${DEFAULT}, from wissel:openstack.kubernetes.images) (received "${missing}")`,
    );
  });

  it("a node size no flavor meets, naming the largest", async () => {
    const message = await rejection("apps", { vcpu: 8, memoryGiB: 8 });
    expect(message).toContain(
      "none has 8 vCPU and 8 GiB (the largest is m4.xlarge (4 vCPU, 16 GiB))",
    );
  });

  it("a minor outside what Wissel accepts, by core's own check", async () => {
    const message = await rejection("apps", { version: "1.20" });
    expect(message).toContain("version must be a Kubernetes minor");
  });

  it("a node count of zero", async () => {
    const message = await rejection("apps", { nodeCount: 0 });
    expect(message).toContain("nodeCount must be a whole number of nodes from 1 to 100");
  });
});

describe("clusterBinding", () => {
  it("reads host, clusterCaCertificate and rawConfig", () => {
    expect(
      clusterBinding(
        { host: HOST, clusterCaCertificate: CA, rawConfig: RAW },
        "https://other:6443",
      ),
    ).toEqual({ apiServerUrl: HOST, caCertificate: CA, kubeconfig: RAW });
  });

  it("falls back to the API address, and to empty values before the cluster exists", () => {
    expect(clusterBinding(undefined, HOST)).toEqual({
      apiServerUrl: HOST,
      caCertificate: "",
      kubeconfig: "",
    });
    expect(clusterBinding(undefined, undefined)).toEqual({
      apiServerUrl: "",
      caCertificate: "",
      kubeconfig: "",
    });
  });
});

describe("magnumName", () => {
  it("is Magnum-valid, lowercase, at most 40 characters, and deterministic", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string({ minLength: 1 }), (project, stack, name) => {
        const value = magnumName({ project, stack, name });
        expect(value).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
        expect(value.length).toBeLessThanOrEqual(40);
        expect(magnumName({ project, stack, name })).toBe(value);
      }),
    );
  });

  it("keeps a readable stem and differs between stacks", () => {
    expect(nameOf("apps")).toMatch(/^apps-[0-9a-f]{8}$/);
    expect(magnumName({ project: "team-workspace", stack: "other", name: "apps" })).not.toBe(
      nameOf("apps"),
    );
    expect(nameOf("9lives")).toMatch(/^k-9lives-[0-9a-f]{8}$/);
  });
});

describe("SDK imports", () => {
  it("uses the containerinfra submodule for clusters", () => {
    const source = fs.readFileSync(path.resolve(__dirname, "../src/cluster.ts"), "utf8");
    expect([...source.matchAll(/from "(@pulumi\/openstack[^"]*)"/g)].map((m) => m[1])).toEqual([
      "@pulumi/openstack/containerinfra",
    ]);
  });
});
