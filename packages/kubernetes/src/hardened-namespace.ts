/**
 * The hardened namespace every target builds the same way once it has a cluster: Pod Security
 * `restricted`, default-deny NetworkPolicy with DNS egress, ResourceQuota and LimitRange, the team's
 * group bound to a namespace-scoped Role, and a CI ServiceAccount whose kubeconfig reaches this
 * namespace only. Vendor adapters build it on a cluster of the program with `buildNamespaceOnCluster`.
 *
 * Nothing here is cluster-scoped except the Namespace itself: no ClusterRole, no ClusterRoleBinding.
 */
import * as pulumi from "@pulumi/pulumi";
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
  type ClusterRef,
  type Decision,
  type NamespaceBinding,
  type NamespaceSpec,
} from "@wissel/core";
import { bindingSecretPublisher } from "./binding-secret";
import {
  MANAGED_BY_LABEL,
  NAMESPACE_OBJECT_NAMES,
  POD_SECURITY_LABELS,
  POD_SECURITY_VERSION,
  clusterDnsEgress,
  limitRangeItem,
  namespaceKubeconfig,
  namespaceRules,
  quotaHard,
  tokenFromSecretData,
  type PolicyRule,
} from "./namespace-objects";

// The namespace's objects as data, re-exported where compose and the tests find them.
export {
  CLUSTER_DNS,
  MANAGED_BY_LABEL,
  NAMESPACE_OBJECT_NAMES,
  POD_SECURITY_LABELS,
  POD_SECURITY_VERSION,
  cpuQuantity,
  limitRangeItem,
  memoryQuantityGiB,
  namespaceKubeconfig,
  namespaceRules,
  quotaHard,
  tokenFromSecretData,
  type KubeconfigParts,
  type PolicyRule,
} from "./namespace-objects";

/** The cluster a hardened namespace goes on. */
export interface NamespaceTarget {
  /** The provider of the cluster; undefined to inherit the component's (the default provider). */
  readonly provider?: pulumi.ProviderResource;
  /** The API server URL written into the CI kubeconfig and the binding. */
  readonly apiServerUrl: pulumi.Input<string>;
  /** PEM of the API server's CA, written into the CI kubeconfig. */
  readonly caCertificate: pulumi.Input<string>;
}

/** What a vendor says about its namespace in the plan, besides what the hardened namespace says. */
export interface NamespaceNotes {
  /** Which cluster it is, in the vendor's words: the first decision. */
  readonly cluster: Decision;
  /** How the team group (as bound) signs in on this vendor: the last decision, with a team group. */
  readonly teamGroup?: (group: string) => Decision;
}

/**
 * Builds a hardened namespace on a KubernetesCluster of the program: through the cluster's provider,
 * with its API server and CA in the CI kubeconfig, and the vendor's notes among the decisions.
 */
export function buildNamespaceOnCluster(
  ctx: BuildContext<unknown>,
  spec: NamespaceSpec,
  cluster: ClusterRef,
  notes: NamespaceNotes,
): BuildResult<NamespaceBinding> {
  const built = buildHardenedNamespace(ctx, spec, {
    provider: cluster.provider(),
    apiServerUrl: cluster.binding.apply((b) => b.apiServerUrl),
    caCertificate: cluster.binding.apply((b) => b.caCertificate),
  });
  const team =
    spec.teamGroup !== undefined && notes.teamGroup !== undefined
      ? [notes.teamGroup(spec.teamGroup)]
      : [];
  return { ...built, decisions: [notes.cluster, ...(built.decisions ?? []), ...team] };
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
        egress: [clusterDnsEgress()],
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
