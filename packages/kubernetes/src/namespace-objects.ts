/**
 * The objects of the hardened namespace, as data: the Pod Security labels, the object names, the
 * Roles' rules, the quota and limits, and the CI kubeconfig. Pure functions, tested without Pulumi;
 * `hardened-namespace.ts` registers them.
 */
import type { NamespaceSpec } from "@wissel/core";

/**
 * The Pod Security Standards version the labels pin: the oldest minor Wissel accepts (1.31), so every
 * supported cluster knows it, and a cluster upgrade never tightens or loosens the policy unannounced.
 * Raise it deliberately, after checking the workloads against the newer `restricted` profile.
 */
export const POD_SECURITY_VERSION = "v1.31";

/** The Pod Security labels of a hardened namespace: `restricted` on enforce, audit and warn, each pinned. */
export const POD_SECURITY_LABELS: Readonly<Record<string, string>> = {
  "pod-security.kubernetes.io/enforce": "restricted",
  "pod-security.kubernetes.io/enforce-version": POD_SECURITY_VERSION,
  "pod-security.kubernetes.io/audit": "restricted",
  "pod-security.kubernetes.io/audit-version": POD_SECURITY_VERSION,
  "pod-security.kubernetes.io/warn": "restricted",
  "pod-security.kubernetes.io/warn-version": POD_SECURITY_VERSION,
};

/** Marks every object Wissel manages in the namespace. */
export const MANAGED_BY_LABEL: Readonly<Record<string, string>> = {
  "app.kubernetes.io/managed-by": "wissel",
};

/**
 * The names of the objects inside the namespace. Fixed (the namespace already scopes them) and
 * prefixed, so they do not collide with the team's own objects.
 */
export const NAMESPACE_OBJECT_NAMES = {
  quota: "wissel-quota",
  limits: "wissel-limits",
  denyAll: "wissel-default-deny",
  allowDns: "wissel-allow-dns",
  ciServiceAccount: "wissel-ci",
  ciToken: "wissel-ci-token",
  ciRole: "wissel-ci",
  ciRoleBinding: "wissel-ci",
  teamRole: "wissel-team",
  teamRoleBinding: "wissel-team",
} as const;

/**
 * Where cluster DNS runs: CoreDNS (and the older kube-dns) carry `k8s-app: kube-dns` in kube-system
 * on kubeadm, AKS, Kapsule and Magnum clusters; the namespace label is set by the API server itself.
 */
export const CLUSTER_DNS = {
  namespaceLabels: { "kubernetes.io/metadata.name": "kube-system" },
  podLabels: { "k8s-app": "kube-dns" },
  port: 53,
} as const;

/** The NetworkPolicy egress rule to cluster DNS, over UDP and TCP. */
export function clusterDnsEgress() {
  return {
    to: [
      {
        namespaceSelector: { matchLabels: { ...CLUSTER_DNS.namespaceLabels } },
        podSelector: { matchLabels: { ...CLUSTER_DNS.podLabels } },
      },
    ],
    ports: [
      { protocol: "UDP", port: CLUSTER_DNS.port },
      { protocol: "TCP", port: CLUSTER_DNS.port },
    ],
  };
}

/** One RBAC rule, as a Role lists it. */
export interface PolicyRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

const WRITE = [
  "get",
  "list",
  "watch",
  "create",
  "update",
  "patch",
  "delete",
  "deletecollection",
] as const;
const READ = ["get", "list", "watch"] as const;

/**
 * The rights of a namespace's users, written out instead of binding the built-in `edit` ClusterRole:
 * `edit` aggregates whatever any installed add-on labels `aggregate-to-edit`, so its rights would
 * change with the cluster; this list is the same on every cluster and reviewable here. Neither list
 * grants Roles, RoleBindings, ResourceQuotas or LimitRanges for writing, so nobody in the namespace
 * can raise their own limits or rights.
 *
 * @param interactive people (the team) also get exec, attach and port-forward; CI does not need them
 */
export function namespaceRules(interactive: boolean): PolicyRule[] {
  const rules: PolicyRule[] = [
    {
      apiGroups: [""],
      resources: [
        "pods",
        "services",
        "configmaps",
        "secrets",
        "persistentvolumeclaims",
        "serviceaccounts",
      ],
      verbs: [...WRITE],
    },
    {
      apiGroups: [""],
      resources: ["pods/log", "events", "endpoints", "resourcequotas", "limitranges"],
      verbs: [...READ],
    },
    {
      apiGroups: ["apps"],
      resources: ["deployments", "statefulsets", "replicasets", "daemonsets"],
      verbs: [...WRITE],
    },
    {
      apiGroups: ["apps"],
      resources: ["deployments/scale", "statefulsets/scale"],
      verbs: ["get", "update", "patch"],
    },
    { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: [...WRITE] },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: [...WRITE] },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: [...WRITE] },
    // Teams open their own traffic on top of the default deny (ingress from the ingress controller,
    // egress to a database); without this right the namespace could serve nothing.
    {
      apiGroups: ["networking.k8s.io"],
      resources: ["ingresses", "networkpolicies"],
      verbs: [...WRITE],
    },
    { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: [...READ] },
  ];
  if (interactive) {
    rules.push({
      apiGroups: [""],
      resources: ["pods/exec", "pods/attach", "pods/portforward"],
      verbs: ["get", "create"],
    });
  }
  return rules;
}

/** A CPU amount as a Kubernetes quantity: whole cores as `4`, fractions in millicores (`100m`). */
export function cpuQuantity(cores: number): string {
  if (Number.isInteger(cores)) return String(cores);
  return `${Math.max(1, Math.round(cores * 1000))}m`;
}

/** A memory amount in GiB as a Kubernetes quantity: `8Gi`, or `1536Mi` for fractions. */
export function memoryQuantityGiB(gib: number): string {
  if (Number.isInteger(gib)) return `${gib}Gi`;
  return `${Math.max(1, Math.round(gib * 1024))}Mi`;
}

/** The `hard` limits of the ResourceQuota for a spec. */
export function quotaHard(spec: NamespaceSpec): Record<string, string> {
  return {
    // Requests only, not limits: a quota on limits would force every pod to state CPU limits, and
    // CPU limits throttle; the LimitRange caps memory per container instead.
    "requests.cpu": cpuQuantity(spec.quota.cpu),
    "requests.memory": memoryQuantityGiB(spec.quota.memoryGiB),
    "requests.storage": `${spec.quota.storageGiB}Gi`,
    pods: String(spec.quota.pods),
  };
}

/** The one `Container` item of the LimitRange for a spec. */
export function limitRangeItem(spec: NamespaceSpec): {
  type: "Container";
  defaultRequest: Record<string, string>;
  default: Record<string, string>;
} {
  const memory = `${spec.containerDefaults.memoryMiB}Mi`;
  return {
    type: "Container",
    defaultRequest: { cpu: cpuQuantity(spec.containerDefaults.cpu), memory },
    // Memory is limited to what is requested (an over-committed node kills the largest pod first);
    // CPU gets no default limit, since CPU limits throttle even on an idle node.
    default: { memory },
  };
}

/** What a namespace-scoped kubeconfig needs. */
export interface KubeconfigParts {
  readonly apiServerUrl: string;
  /** PEM of the API server's CA. */
  readonly caCertificate: string;
  readonly namespace: string;
  /** The user's name in the kubeconfig: the ServiceAccount. */
  readonly user: string;
  readonly token: string;
}

/**
 * A kubeconfig for one ServiceAccount token, its context pinned to the namespace. Written as JSON,
 * which kubectl and every client library read as YAML, so no value needs quoting by hand.
 */
export function namespaceKubeconfig(parts: KubeconfigParts): string {
  const cluster = parts.namespace;
  const context = `${parts.namespace}-${parts.user}`;
  return JSON.stringify(
    {
      apiVersion: "v1",
      kind: "Config",
      clusters: [
        {
          name: cluster,
          cluster: {
            server: parts.apiServerUrl,
            "certificate-authority-data": Buffer.from(parts.caCertificate, "utf8").toString(
              "base64",
            ),
          },
        },
      ],
      users: [{ name: parts.user, user: { token: parts.token } }],
      contexts: [
        { name: context, context: { cluster, user: parts.user, namespace: parts.namespace } },
      ],
      "current-context": context,
    },
    null,
    2,
  );
}

/**
 * The token in the base64 `data` of a ServiceAccount token Secret. Throws, failing the deployment
 * with the reason, when the token controller has not filled it in.
 */
export function tokenFromSecretData(
  data: Readonly<Record<string, string>> | undefined,
  secret: string,
): string {
  const encoded = data?.["token"];
  if (encoded === undefined || encoded === "") {
    throw new Error(
      `Secret ${secret} has no token: the cluster's token controller did not fill in this kubernetes.io/service-account-token Secret. Check that the ServiceAccount exists and the controller manager runs with --service-account-private-key-file.`,
    );
  }
  return Buffer.from(encoded, "base64").toString("utf8");
}
