/**
 * The hardened namespace every target builds the same way once it has a cluster: Pod Security
 * `restricted`, default-deny NetworkPolicy with DNS egress, ResourceQuota and LimitRange, the team's
 * group bound to a namespace-scoped Role, and a CI ServiceAccount whose kubeconfig reaches this
 * namespace only. Vendor adapters call `buildHardenedNamespace` with the provider of their cluster.
 *
 * Nothing here is cluster-scoped except the Namespace itself: no ClusterRole, no ClusterRoleBinding.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/kubernetes/provider";
import {
  LimitRange,
  Namespace,
  ResourceQuota,
  Secret,
  ServiceAccount,
  ServiceAccountPatch,
} from "@pulumi/kubernetes/core/v1";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import { Role, RoleBinding } from "@pulumi/kubernetes/rbac/v1";
import {
  registerBindingPublisher,
  type BuildContext,
  type BuildResult,
  type Decision,
  type NamespaceBinding,
  type NamespaceSpec,
} from "@wissel/core";
import { bindingSecretPublisher } from "./binding-secret";

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

/** The cluster a hardened namespace goes on. */
export interface NamespaceTarget {
  /** The provider of the cluster; undefined to inherit the component's (the default provider). */
  readonly provider?: Provider;
  /** The API server URL written into the CI kubeconfig and the binding. */
  readonly apiServerUrl: pulumi.Input<string>;
  /** PEM of the API server's CA, written into the CI kubeconfig. */
  readonly caCertificate: pulumi.Input<string>;
}

/**
 * Builds a hardened namespace on a cluster. Children (Pulumi names): `${name}` Namespace (protected
 * and retained: deleting it deletes everything in it), `${name}-quota`, `${name}-limits`,
 * `${name}-deny-all`, `${name}-allow-dns`, `${name}-default-sa`, `${name}-ci`, `${name}-ci-token`,
 * `${name}-ci-role`, `${name}-ci-binding`, and with a team group `${name}-team-role`,
 * `${name}-team-binding`.
 */
export function buildHardenedNamespace(
  ctx: BuildContext<unknown>,
  spec: NamespaceSpec,
  on: NamespaceTarget,
): BuildResult<NamespaceBinding> {
  const name = ctx.name;
  const opts: pulumi.CustomResourceOptions = {
    parent: ctx.parent,
    ...(on.provider !== undefined ? { provider: on.provider } : {}),
  };
  const labels = { ...MANAGED_BY_LABEL };

  const ns = new Namespace(
    name,
    { metadata: { name: spec.namespace, labels: { ...labels, ...POD_SECURITY_LABELS } } },
    { ...opts, ...ctx.statefulOptions },
  );
  // Every namespaced object takes the name from the Namespace's output, so it waits for the Namespace.
  const namespace = ns.metadata.name;
  const meta = (
    objectName: string,
  ): { name: string; namespace: pulumi.Output<string>; labels: Record<string, string> } => ({
    name: objectName,
    namespace,
    labels,
  });
  const N = NAMESPACE_OBJECT_NAMES;

  const quota = new ResourceQuota(
    `${name}-quota`,
    { metadata: meta(N.quota), spec: { hard: quotaHard(spec) } },
    opts,
  );
  const limits = new LimitRange(
    `${name}-limits`,
    { metadata: meta(N.limits), spec: { limits: [limitRangeItem(spec)] } },
    opts,
  );

  // No rules in either direction: every pod is isolated for ingress and egress until the team allows traffic.
  const denyAll = new NetworkPolicy(
    `${name}-deny-all`,
    { metadata: meta(N.denyAll), spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
    opts,
  );
  const allowDns = new NetworkPolicy(
    `${name}-allow-dns`,
    {
      metadata: meta(N.allowDns),
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          {
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
          },
        ],
      },
    },
    opts,
  );

  // The default ServiceAccount exists already (the cluster creates it with the namespace), so it is
  // patched with server-side apply rather than created; pods that need API access use their own account.
  const defaultServiceAccount = new ServiceAccountPatch(
    `${name}-default-sa`,
    { metadata: { name: "default", namespace }, automountServiceAccountToken: false },
    opts,
  );

  const ciServiceAccount = new ServiceAccount(
    `${name}-ci`,
    { metadata: meta(N.ciServiceAccount), automountServiceAccountToken: false },
    opts,
  );
  // A long-lived token in a Secret the token controller fills in: CI pipelines cannot run
  // `kubectl create token` without already holding a credential. Rotate by replacing this child.
  const ciToken = new Secret(
    `${name}-ci-token`,
    {
      metadata: {
        ...meta(N.ciToken),
        annotations: { "kubernetes.io/service-account.name": ciServiceAccount.metadata.name },
      },
      type: "kubernetes.io/service-account-token",
    },
    opts,
  );
  const ciRole = new Role(
    `${name}-ci-role`,
    { metadata: meta(N.ciRole), rules: namespaceRules(false).map(mutableRule) },
    opts,
  );
  const ciBinding = new RoleBinding(
    `${name}-ci-binding`,
    {
      metadata: meta(N.ciRoleBinding),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: ciRole.metadata.name },
      subjects: [{ kind: "ServiceAccount", name: ciServiceAccount.metadata.name, namespace }],
    },
    opts,
  );

  const vendorResources: Record<string, pulumi.Resource> = {
    namespace: ns,
    quota,
    limits,
    denyAll,
    allowDns,
    defaultServiceAccount,
    ciServiceAccount,
    ciToken,
    ciRole,
    ciBinding,
  };

  if (spec.teamGroup !== undefined) {
    const teamRole = new Role(
      `${name}-team-role`,
      { metadata: meta(N.teamRole), rules: namespaceRules(true).map(mutableRule) },
      opts,
    );
    vendorResources["teamRole"] = teamRole;
    vendorResources["teamBinding"] = new RoleBinding(
      `${name}-team-binding`,
      {
        metadata: meta(N.teamRoleBinding),
        roleRef: {
          apiGroup: "rbac.authorization.k8s.io",
          kind: "Role",
          name: teamRole.metadata.name,
        },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: spec.teamGroup }],
      },
      opts,
    );
  }

  // `bindTo` on any block creates its binding Secret here, through this namespace's provider.
  registerBindingPublisher(ctx.parent, bindingSecretPublisher(namespace, labels, opts));

  const secretId = `${spec.namespace}/${N.ciToken}`;
  const binding = pulumi.secret(
    pulumi
      .all([
        on.apiServerUrl,
        on.caCertificate,
        namespace,
        ciServiceAccount.metadata.name,
        ciToken.data,
        ciBinding.id,
      ])
      .apply(([apiServerUrl, caCertificate, nsName, serviceAccount, data]): NamespaceBinding => ({
        namespace: nsName,
        apiServerUrl,
        serviceAccount,
        kubeconfig: namespaceKubeconfig({
          apiServerUrl,
          caCertificate,
          namespace: nsName,
          user: serviceAccount,
          token: tokenFromSecretData(data, secretId),
        }),
      })),
  );

  const decisions: Decision[] = [
    {
      what: "pod security",
      choice: `restricted (enforce, audit, warn) pinned to ${POD_SECURITY_VERSION}`,
      why: "the oldest Kubernetes minor Wissel supports, known to every cluster",
    },
    {
      what: "network policy",
      choice: "default deny ingress and egress; egress to cluster DNS (UDP/TCP 53) allowed",
    },
    {
      what: "team access",
      choice:
        spec.teamGroup !== undefined
          ? `group "${spec.teamGroup}" bound to Role ${N.teamRole} in this namespace`
          : "none; only the CI ServiceAccount",
    },
  ];
  return { binding, vendorResources, decisions };
}

/** A rule with fresh arrays, as the SDK's input types want them. */
function mutableRule(rule: PolicyRule): {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
} {
  return { apiGroups: [...rule.apiGroups], resources: [...rule.resources], verbs: [...rule.verbs] };
}
