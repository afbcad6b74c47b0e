import { rules } from "@wissel/policy";
import { CONTEXT, UNKNOWN_VALUE, resource } from "./helpers";

type Case = readonly [type: string, props: Record<string, unknown>, expected: string | null];

/** Each case: no finding (null), or exactly one finding containing `expected`. */
function holds(
  rule: { check(view: ReturnType<typeof resource>, context: typeof CONTEXT): readonly string[] },
  cases: readonly Case[],
) {
  it.each(cases)("%s %j", (type, props, expected) => {
    const found = rule.check(resource(type, "r", props), CONTEXT);
    if (expected === null) expect(found).toEqual([]);
    else {
      expect(found).toHaveLength(1);
      expect(found[0]).toContain(`${type} "r"`);
      expect(found[0]).toContain(expected);
    }
  });
}

describe("wissel-storage-private", () => {
  holds(rules.storagePrivate, [
    ["azure-native:storage:StorageAccount", { allowBlobPublicAccess: false }, null],
    [
      "azure-native:storage:StorageAccount",
      { allowBlobPublicAccess: true },
      "Set allowBlobPublicAccess: false",
    ],
    ["azure-native:storage:StorageAccount", { allowBlobPublicAccess: UNKNOWN_VALUE }, null],
    ["azure-native:storage:BlobContainer", { publicAccess: "None" }, null],
    [
      "azure-native:storage:BlobContainer",
      { publicAccess: "Container" },
      'publicAccess: "Container"',
    ],
    ["scaleway:object/bucket:Bucket", { acl: "private" }, null],
    ["scaleway:object/bucket:Bucket", { acl: "public-read" }, 'canned ACL "public-read"'],
    ["scaleway:object/bucketAcl:BucketAcl", { acl: UNKNOWN_VALUE }, null],
    ["scaleway:object/bucketAcl:BucketAcl", { acl: "public-read-write" }, 'Use acl: "private"'],
    ["openstack:objectstorage/container:Container", { containerRead: "project:reader" }, null],
    [
      "openstack:objectstorage/container:Container",
      { containerRead: ".r:*,.rlistings" },
      "Remove the .r: referrer entry",
    ],
    ["openstack:objectstorage/container:Container", { containerRead: UNKNOWN_VALUE }, null],
  ]);
});

describe("wissel-database-tls", () => {
  holds(rules.databaseTls, [
    [
      "azure-native:dbforpostgresql:Configuration",
      { configurationName: "require_secure_transport", value: "on" },
      null,
    ],
    [
      "azure-native:dbforpostgresql:Configuration",
      { configurationName: "require_secure_transport", value: "OFF" },
      'Set it to "on"',
    ],
    [
      "azure-native:dbforpostgresql:Configuration",
      { configurationName: "ssl_min_protocol_version", value: "TLSv1.1" },
      "older than TLS 1.2",
    ],
    [
      "azure-native:dbforpostgresql:Configuration",
      { configurationName: "require_secure_transport", value: UNKNOWN_VALUE },
      null,
    ],
    [
      "kubernetes:postgresql.cnpg.io/v1:Cluster",
      {
        spec: {
          postgresql: {
            pg_hba: ["hostnossl all all all reject", "hostssl app app all scram-sha-256"],
          },
        },
      },
      null,
    ],
    [
      "kubernetes:postgresql.cnpg.io/v1:Cluster",
      { spec: { postgresql: { pg_hba: ["host all all 0.0.0.0/0 scram-sha-256"] } } },
      "Write it as hostssl",
    ],
    [
      "kubernetes:postgresql.cnpg.io/v1:Cluster",
      { spec: { postgresql: { pg_hba: UNKNOWN_VALUE } } },
      null,
    ],
    ["scaleway:databases/instance:Instance", { region: "fr-par" }, null],
  ]);
});

describe("wissel-database-public-network", () => {
  holds(rules.databasePublicNetwork, [
    ["scaleway:databases/acl:Acl", { aclRules: [{ ip: "192.0.2.0/24" }] }, null],
    [
      "scaleway:databases/acl:Acl",
      { aclRules: [{ ip: "192.0.2.0/24" }, { ip: "0.0.0.0/0" }] },
      "admits 0.0.0.0/0, the whole internet",
    ],
    ["scaleway:databases/acl:Acl", { aclRules: [{ ip: UNKNOWN_VALUE }] }, null],
    ["scaleway:databases/acl:Acl", { aclRules: UNKNOWN_VALUE }, null],
    [
      "azure-native:dbforpostgresql:FirewallRule",
      { startIpAddress: "192.0.2.1", endIpAddress: "192.0.2.9" },
      null,
    ],
    [
      "azure-native:dbforpostgresql:FirewallRule",
      { startIpAddress: "0.0.0.0", endIpAddress: "255.255.255.255" },
      "every IPv4 address",
    ],
    [
      "azure-native:dbforpostgresql:FirewallRule",
      { startIpAddress: "0.0.0.0", endIpAddress: "0.0.0.0" },
      "every Azure service of every tenant",
    ],
    [
      "azure-native:dbforpostgresql:FirewallRule",
      { startIpAddress: UNKNOWN_VALUE, endIpAddress: "255.255.255.255" },
      null,
    ],
  ]);
});

describe("wissel-database-default-acl", () => {
  const instance = (name: string, props: Record<string, unknown>) =>
    resource("scaleway:databases/instance:Instance", name, { engine: "PostgreSQL-16", ...props });
  const acl = (instanceId: unknown) =>
    resource("scaleway:databases/acl:Acl", "acl", {
      instanceId,
      aclRules: [{ ip: "192.0.2.0/24" }],
    });
  const check = (...views: ReturnType<typeof resource>[]) =>
    rules.databaseDefaultAcl.check(views, CONTEXT).map((finding) => finding.message);

  it("fails an instance with a public endpoint and no Acl in the program: Scaleway admits 0.0.0.0/0", () => {
    expect(check(instance("public", {}), instance("balanced", { loadBalancer: {} }))).toEqual(
      ["public", "balanced"].map(
        (name) =>
          `scaleway:databases/instance:Instance "${name}" has a public endpoint and the program sets no Acl for it, so Scaleway admits 0.0.0.0/0, the whole internet. Add a scaleway.databases.Acl naming the clients' CIDRs, or give it a privateNetwork and no loadBalancer; if its Acl is managed outside this program, set this rule to advisory in the pack config (rule wissel-database-default-acl).`,
      ),
    );
  });
  it("passes a private instance, and judges nothing once the program sets an Acl", () => {
    expect(check(instance("private", { privateNetwork: { pnId: "pn" } }))).toEqual([]);
    expect(check(instance("public", {}), acl("fr-par/1111"))).toEqual([]);
    expect(check(instance("public", {}), acl(UNKNOWN_VALUE))).toEqual([]);
  });
  it("judges nothing while the endpoint settings are unknown at preview", () => {
    expect(check(instance("unknown", { privateNetwork: UNKNOWN_VALUE }))).toEqual([]);
    expect(check(instance("unknown", { loadBalancer: UNKNOWN_VALUE }))).toEqual([]);
  });
});

describe("wissel-data-protection", () => {
  const check = (type: string, options: Parameters<typeof resource>[3]) =>
    rules.dataProtection.check(resource(type, "r", {}, options), CONTEXT);
  it.each([
    "azure-native:storage:StorageAccount",
    "azure-native:dbforpostgresql:Server",
    "scaleway:object/bucket:Bucket",
    "scaleway:databases/instance:Instance",
    "openstack:objectstorage/container:Container",
    "openstack:database/instance:Instance",
    "kubernetes:postgresql.cnpg.io/v1:Cluster",
    "kubernetes:core/v1:PersistentVolumeClaim",
  ])("%s must be protected and retained", (type) => {
    expect(check(type, { protect: true, retainOnDelete: true })).toEqual([]);
    // The CrossGuard analyzer is not sent retainOnDelete: protect alone passes there.
    expect(check(type, { protect: true, retainOnDelete: undefined })).toEqual([]);
    expect(check(type, { protect: false, retainOnDelete: false })).toEqual([
      `${type} "r" holds data but is registered without protect and retainOnDelete, so a change to the program can delete or replace it. Add { protect: true, retainOnDelete: true } to its options (rule wissel-data-protection).`,
    ]);
    expect(check(type, { protect: true, retainOnDelete: false })[0]).toContain(
      "without retainOnDelete,",
    );
  });
  it("leaves resources that hold no data alone", () => {
    expect(
      check("azure-native:containerservice:ManagedCluster", {
        protect: false,
        retainOnDelete: false,
      }),
    ).toEqual([]);
  });
});

describe("wissel-namespace-pod-security", () => {
  holds(rules.namespacePodSecurity, [
    [
      "kubernetes:core/v1:Namespace",
      { metadata: { labels: { "pod-security.kubernetes.io/enforce": "restricted" } } },
      null,
    ],
    [
      "kubernetes:core/v1:Namespace",
      { metadata: { labels: { "pod-security.kubernetes.io/enforce": "privileged" } } },
      '(pod-security.kubernetes.io/enforce: "privileged")',
    ],
    [
      "kubernetes:core/v1:Namespace",
      { metadata: { name: "team" } },
      "(pod-security.kubernetes.io/enforce: no such label)",
    ],
    ["kubernetes:core/v1:Namespace", { metadata: { labels: UNKNOWN_VALUE } }, null],
    [
      "kubernetes:core/v1:Namespace",
      {
        metadata: {
          labels: { "pod-security.kubernetes.io/enforce": "baseline" },
          annotations: { "wissel.dev/pod-security-reason": "Postfix's master runs as root" },
        },
      },
      null,
    ],
    [
      "kubernetes:core/v1:Namespace",
      { metadata: { labels: { "pod-security.kubernetes.io/enforce": "baseline" } } },
      "say why the software cannot meet it in the annotation wissel.dev/pod-security-reason",
    ],
    [
      "kubernetes:core/v1:Namespace",
      {
        metadata: {
          labels: { "pod-security.kubernetes.io/enforce": "baseline" },
          annotations: { "wissel.dev/pod-security-reason": " " },
        },
      },
      '(pod-security.kubernetes.io/enforce: "baseline")',
    ],
    [
      "kubernetes:core/v1:Namespace",
      {
        metadata: {
          labels: { "pod-security.kubernetes.io/enforce": "privileged" },
          annotations: { "wissel.dev/pod-security-reason": "wanted it" },
        },
      },
      '(pod-security.kubernetes.io/enforce: "privileged")',
    ],
  ]);
});

describe("wissel-namespace-network-policy", () => {
  const namespace = (name: unknown) =>
    resource("kubernetes:core/v1:Namespace", "ns", { metadata: { name } });
  const policy = (namespaceName: unknown, podSelector: unknown, policyTypes: unknown) =>
    resource("kubernetes:networking.k8s.io/v1:NetworkPolicy", "deny", {
      metadata: { namespace: namespaceName },
      spec: { podSelector, policyTypes },
    });
  const check = (...views: ReturnType<typeof resource>[]) =>
    rules.namespaceNetworkPolicy.check(views, CONTEXT).map((finding) => finding.message);

  it("passes a namespace with a default-deny policy", () => {
    expect(check(namespace("team"), policy("team", {}, ["Ingress", "Egress"]))).toEqual([]);
  });
  it("fails a namespace whose policies select some pods or deny only egress", () => {
    const found = check(
      namespace("team"),
      policy("team", { matchLabels: { app: "x" } }, ["Ingress"]),
      policy("team", {}, ["Egress"]),
      policy("other", {}, ["Ingress"]),
    );
    expect(found).toEqual([
      'kubernetes:core/v1:Namespace "ns" (namespace "team") has no default-deny NetworkPolicy, so every pod in it accepts traffic from anywhere in the cluster. Add a NetworkPolicy in it with podSelector {} and policyTypes ["Ingress", "Egress"] (rule wissel-namespace-network-policy).',
    ]);
  });
  it("judges nothing while a name or a policy is unknown at preview", () => {
    expect(check(namespace(UNKNOWN_VALUE))).toEqual([]);
    expect(check(namespace("team"), policy(UNKNOWN_VALUE, {}, ["Ingress"]))).toEqual([]);
  });
});

describe("wissel-binding-secrets", () => {
  const deployment = (env: unknown) => ({
    spec: { template: { spec: { containers: [{ name: "app", env }] } } },
  });
  holds(rules.bindingSecrets, [
    [
      "kubernetes:core/v1:ConfigMap",
      { data: { WISSEL_RECORDS_HOST: "db", LOG_LEVEL: "info" } },
      null,
    ],
    [
      "kubernetes:core/v1:ConfigMap",
      { data: { WISSEL_RECORDS_PASSWORD: "hunter2" } },
      "holds the binding credential WISSEL_RECORDS_PASSWORD in data",
    ],
    ["kubernetes:core/v1:ConfigMap", { data: UNKNOWN_VALUE }, null],
    [
      "kubernetes:apps/v1:Deployment",
      deployment([
        {
          name: "WISSEL_FILES_SECRET_ACCESS_KEY",
          valueFrom: { secretKeyRef: { name: "files", key: "k" } },
        },
      ]),
      null,
    ],
    [
      "kubernetes:apps/v1:Deployment",
      deployment([{ name: "WISSEL_FILES_SECRET_ACCESS_KEY", value: "abc" }]),
      'literal env value in container "app"',
    ],
    [
      "kubernetes:apps/v1:Deployment",
      deployment([{ name: "WISSEL_FILES_ENDPOINT", value: "https://s3.nl-ams.scw.cloud" }]),
      null,
    ],
    [
      "kubernetes:batch/v1:CronJob",
      {
        spec: {
          jobTemplate: {
            spec: {
              template: {
                spec: {
                  containers: [
                    {
                      name: "c",
                      env: [{ name: "WISSEL_TEAM_KUBECONFIG", value: "apiVersion: v1" }],
                    },
                  ],
                },
              },
            },
          },
        },
      },
      "WISSEL_TEAM_KUBECONFIG",
    ],
    [
      "kubernetes:apps/v1:Deployment",
      deployment([{ name: "WISSEL_RECORDS_URI", value: UNKNOWN_VALUE }]),
      null,
    ],
    ["kubernetes:apps/v1:Deployment", deployment(UNKNOWN_VALUE), null],
  ]);
});
