import { DEFAULT_KUBERNETES_VERSION, KUBERNETES_MINORS, WisselError } from "@wissel/core";
import { adapter, parseSettings, smallestFlavor, type Flavor } from "@wissel/openstack";

const OPERATOR = { name: "Voorbeeld Cloud", legalEntity: "Voorbeeld Cloud B.V.", country: "NL" };
const BASE = {
  region: "AMS1",
  s3Endpoint: "https://s3.ams1.openstack.example",
  operator: OPERATOR,
};
const FLAVORS = [
  { name: "c2.medium", vcpu: 2, memoryGiB: 4 },
  { name: "c4.large", vcpu: 4, memoryGiB: 16 },
];
const KUBERNETES = {
  externalNetworkId: "0f7a3e1c-4b2d-4e8a-9c6f-1d2e3f4a5b6c",
  images: { "1.33": { image: "ubuntu-2204-kube-v1.33.1", kubeTag: "v1.33.1" } },
  flavors: FLAVORS,
};

function withKubernetes(kubernetes: unknown): Record<string, unknown> {
  return { ...BASE, kubernetes };
}

function errorOf(raw: unknown): WisselError {
  try {
    parseSettings(raw);
  } catch (error) {
    if (WisselError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`parseSettings accepted ${JSON.stringify(raw)}`);
}

interface Case {
  readonly what: string;
  readonly kubernetes: unknown;
  readonly field: string;
  readonly received: string;
  readonly rule: string;
  readonly fix: string;
}

const K = "wissel:openstack.kubernetes";

const CASES: readonly Case[] = [
  {
    what: "flannel, which ignores NetworkPolicy",
    kubernetes: { ...KUBERNETES, networkDriver: "flannel" },
    field: `${K}.networkDriver`,
    received: '"flannel"',
    rule: "must be a driver that enforces NetworkPolicy: flannel does not",
    fix: `\`pulumi config set --path '${K}.networkDriver' calico\``,
  },
  {
    what: "a misspelt driver",
    kubernetes: { ...KUBERNETES, networkDriver: "calcio" },
    field: `${K}.networkDriver`,
    received: '"calcio"',
    rule: 'must be one of "calico", "cilium"',
    fix: 'Did you mean "calico"?',
  },
  {
    what: "an even number of control-plane nodes",
    kubernetes: { ...KUBERNETES, masterCount: 2 },
    field: `${K}.masterCount`,
    received: "2",
    rule: "must be 1, 3 or 5: etcd needs an odd number",
    fix: `\`pulumi config set --path '${K}.masterCount' 3\``,
  },
  {
    what: "no external network",
    kubernetes: { images: KUBERNETES.images, flavors: FLAVORS },
    field: `${K}.externalNetworkId`,
    received: "nothing",
    rule: "is required: the external network that gives a Kubernetes cluster on Magnum its public address",
    fix: `\`pulumi config set --path '${K}.externalNetworkId' <network-id>\``,
  },
  {
    what: "no images",
    kubernetes: { externalNetworkId: KUBERNETES.externalNetworkId, flavors: FLAVORS },
    field: `${K}.images`,
    received: "nothing",
    rule: "is required: the Glance image for each Kubernetes minor this cloud runs",
    fix: `\`pulumi config set --path '${K}.images["${DEFAULT_KUBERNETES_VERSION}"].image' <glance-image>\``,
  },
  {
    what: "an image keyed by a patch release",
    kubernetes: {
      ...KUBERNETES,
      images: { "1.33.1": { image: "ubuntu-kube", kubeTag: "v1.33.1" } },
    },
    field: `${K}.images["1.33.1"]`,
    received: '"1.33.1"',
    rule: `must be keyed by a Kubernetes minor from "1.${KUBERNETES_MINORS.min}" to "1.${KUBERNETES_MINORS.max}"`,
    fix: `images: { "${DEFAULT_KUBERNETES_VERSION}": { image: ..., kubeTag: v${DEFAULT_KUBERNETES_VERSION}.1 } }`,
  },
  {
    what: "an image keyed by a word, whose entry is never shown",
    kubernetes: { ...KUBERNETES, images: { ...KUBERNETES.images, latest: "pasted-entry-text" } },
    field: `${K}.images.latest`,
    received: '"latest"',
    rule: `must be keyed by a Kubernetes minor from "1.${KUBERNETES_MINORS.min}"`,
    fix: `images: { "${DEFAULT_KUBERNETES_VERSION}": { image: ..., kubeTag: v${DEFAULT_KUBERNETES_VERSION}.1 } }`,
  },
  {
    what: "a kube_tag of another minor",
    kubernetes: { ...KUBERNETES, images: { "1.33": { image: "ubuntu-kube", kubeTag: "v1.32.4" } } },
    field: `${K}.images["1.33"].kubeTag`,
    received: '"v1.32.4"',
    rule: 'must be a release of Kubernetes 1.33 with a leading v, such as "v1.33.1"',
    fix: "Set it to the release the image carries",
  },
  {
    what: "an empty flavor table",
    kubernetes: { ...KUBERNETES, flavors: [] },
    field: `${K}.flavors`,
    received: "[]",
    rule: "must be a non-empty list of { name, vcpu, memoryGiB }",
    fix: `\`pulumi config set --path '${K}.flavors[0].name' <flavor>\``,
  },
  {
    what: "a flavor listed twice",
    kubernetes: {
      ...KUBERNETES,
      flavors: [...FLAVORS, { name: "c2.medium", vcpu: 2, memoryGiB: 8 }],
    },
    field: `${K}.flavors[2].name`,
    received: '"c2.medium"',
    rule: "must be unique",
    fix: "Remove the second entry.",
  },
  {
    what: "a flavor with half a vCPU",
    kubernetes: { ...KUBERNETES, flavors: [{ name: "tiny", vcpu: 0.5, memoryGiB: 1 }] },
    field: `${K}.flavors[0].vcpu`,
    received: "0.5",
    rule: "must be a whole number of vCPUs from 1 to 512",
    fix: "Set vcpu to the flavor's VCPUs.",
  },
  {
    what: "a flavor with its memory in MiB",
    kubernetes: { ...KUBERNETES, flavors: [{ name: "huge", vcpu: 8, memoryGiB: 32768 }] },
    field: `${K}.flavors[0].memoryGiB`,
    received: "32768",
    rule: "must be the flavor's memory in GiB",
    fix: "RAM divided by 1024",
  },
  {
    what: "only flavors too small for a control-plane node, and no masterFlavor",
    kubernetes: { ...KUBERNETES, flavors: [{ name: "c1.small", vcpu: 1, memoryGiB: 2 }] },
    field: `${K}.masterFlavor`,
    received: "nothing",
    rule: "is required when no flavor in wissel:openstack.kubernetes.flavors has at least 2 vCPU and 4 GiB",
    fix: `\`pulumi config set --path '${K}.masterFlavor' <flavor>\``,
  },
  {
    what: "a subnet without its network",
    kubernetes: { ...KUBERNETES, fixedSubnet: "apps-subnet" },
    field: `${K}.fixedSubnet`,
    received: '"apps-subnet"',
    rule: "needs fixedNetwork",
    fix: `\`pulumi config set --path '${K}.fixedNetwork' <network>\``,
  },
  {
    what: "a template id, which would hide the network driver",
    kubernetes: { ...KUBERNETES, clusterTemplateId: "b9a45c5c" },
    field: `${K}.clusterTemplateId`,
    received: "a string of 8 characters, not shown",
    rule: `is not a setting of ${K}`,
    fix: "Remove it; the settings are: externalNetworkId, networkDriver",
  },
  {
    what: "keystoneAuth as a string",
    kubernetes: { ...KUBERNETES, keystoneAuth: "yes" },
    field: `${K}.keystoneAuth`,
    received: '"yes"',
    rule: "must be true or false",
    fix: "leave it out (default false)",
  },
  {
    what: "the section as a string",
    kubernetes: "magnum",
    field: K,
    received: '"magnum"',
    rule: "must be an object with externalNetworkId, images and flavors",
    fix: "`openstack network list --external`",
  },
];

describe("wissel:openstack.kubernetes rejects", () => {
  it.each(CASES)("$what", ({ kubernetes, field, received, rule, fix }) => {
    const error = errorOf(withKubernetes(kubernetes));
    const issue = error.issues.find((i) => i.field === field);
    expect(issue?.subject).toBe("stack config");
    expect(error.message).toContain(`stack config: ${field} ${rule}`);
    expect(error.message).toContain(`(received ${received})`);
    expect(issue?.fix).toContain(fix);
  });
});

describe("wissel:openstack.kubernetes accepts", () => {
  it("nothing: a bucket-only stack needs no Magnum settings", () => {
    expect(parseSettings(BASE).kubernetes).toBeUndefined();
  });

  it("the required settings, with Calico, three control-plane nodes, a public API and no Keystone auth", () => {
    expect(parseSettings(withKubernetes(KUBERNETES)).kubernetes).toEqual({
      externalNetworkId: KUBERNETES.externalNetworkId,
      networkDriver: "calico",
      images: KUBERNETES.images,
      flavors: FLAVORS,
      masterCount: 3,
      keystoneAuth: false,
      publicApi: true,
    });
  });

  it("every optional setting", () => {
    const kubernetes = {
      ...KUBERNETES,
      networkDriver: "cilium",
      masterFlavor: "c8.xlarge",
      masterCount: 5,
      keypair: "ops",
      fixedNetwork: "apps-net",
      fixedSubnet: "apps-subnet",
      keystoneAuth: true,
      publicApi: false,
    };
    expect(parseSettings(withKubernetes(kubernetes)).kubernetes).toEqual(kubernetes);
  });

  it("a team group only when Keystone auth is on", () => {
    const off = adapter.capabilities(parseSettings(withKubernetes(KUBERNETES)));
    const on = adapter.capabilities(
      parseSettings(withKubernetes({ ...KUBERNETES, keystoneAuth: true })),
    );
    expect([
      off.namespace?.features.teamGroup.support,
      on.namespace?.features.teamGroup.support,
    ]).toEqual(["unsupported", "native"]);
    expect(off.namespace?.features.teamGroup.reason).toContain("keystoneAuth");
    expect(on.namespace?.features.teamGroup.reason).toContain("project id");
  });

  it("declares the cluster's features honestly", () => {
    const table = adapter.capabilities(parseSettings(BASE)).kubernetesCluster;
    expect([
      table?.block.support,
      table?.features.networkPolicy.support,
      table?.features.privateNetwork.support,
      table?.features.oidcIssuer.support,
    ]).toEqual(["native", "native", "native", "unsupported"]);
  });
});

describe("smallestFlavor", () => {
  const TABLE: readonly Flavor[] = [
    { name: "m1.xlarge", vcpu: 8, memoryGiB: 32 },
    { name: "m1.large", vcpu: 4, memoryGiB: 16 },
    { name: "c1.large", vcpu: 4, memoryGiB: 8 },
    { name: "r1.medium", vcpu: 2, memoryGiB: 16 },
    { name: "m1.medium", vcpu: 2, memoryGiB: 8 },
    { name: "m1.small", vcpu: 1, memoryGiB: 2 },
    { name: "b1.medium", vcpu: 2, memoryGiB: 8 },
  ];

  it.each([
    { vcpu: 1, memoryGiB: 1, expected: "m1.small" },
    { vcpu: 1, memoryGiB: 2, expected: "m1.small" },
    { vcpu: 1, memoryGiB: 3, expected: "b1.medium" }, // fewest vCPU first, then memory, then name
    { vcpu: 2, memoryGiB: 8, expected: "b1.medium" },
    { vcpu: 2, memoryGiB: 9, expected: "r1.medium" },
    { vcpu: 3, memoryGiB: 4, expected: "c1.large" },
    { vcpu: 4, memoryGiB: 9, expected: "m1.large" },
    { vcpu: 4, memoryGiB: 17, expected: "m1.xlarge" },
    { vcpu: 8, memoryGiB: 32, expected: "m1.xlarge" },
    { vcpu: 9, memoryGiB: 1, expected: undefined },
    { vcpu: 1, memoryGiB: 33, expected: undefined },
  ])("$vcpu vCPU / $memoryGiB GiB → $expected", ({ vcpu, memoryGiB, expected }) => {
    expect(smallestFlavor(TABLE, { vcpu, memoryGiB })?.name).toBe(expected);
  });

  it("does not depend on the order of the table", () => {
    const reversed = [...TABLE].reverse();
    for (const request of [
      { vcpu: 2, memoryGiB: 8 },
      { vcpu: 3, memoryGiB: 4 },
      { vcpu: 1, memoryGiB: 3 },
    ]) {
      expect(smallestFlavor(reversed, request)).toEqual(smallestFlavor(TABLE, request));
    }
  });
});
