/**
 * The team's hardened namespace, written by hand on @pulumi/kubernetes submodules: the objects the
 * Wissel Namespace creates on every vendor (Pod Security `restricted`, default-deny NetworkPolicy with
 * DNS egress, ResourceQuota and LimitRange, the default ServiceAccount's token mount switched off, a CI
 * ServiceAccount with a token and a namespace-scoped Role, and the team's group bound to a Role), with
 * the same names, inputs and options. A team writing this by hand writes it once and uses it on every
 * cluster, as the four hand-written programs do.
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
import { Provider } from "@pulumi/kubernetes/provider";
import { Role, RoleBinding } from "@pulumi/kubernetes/rbac/v1";
import { KEEP, type WorkspaceChoice } from "./common";

/** What the team's CI pipeline gets: a kubeconfig reaching this namespace only. */
export interface NamespaceAccess {
  readonly namespace: string;
  readonly apiServerUrl: string;
  readonly serviceAccount: string;
  readonly kubeconfig: string;
}

/** The cluster a namespace goes on. */
export interface ClusterAccess {
  readonly provider: Provider;
  readonly apiServerUrl: pulumi.Input<string>;
  readonly caCertificate: pulumi.Input<string>;
}

/** The provider that talks to the program's cluster with its admin kubeconfig (secret). */
export function clusterProvider(cluster: string, kubeconfig: pulumi.Input<string>): Provider {
  return new Provider(`${cluster}-provider`, { kubeconfig: pulumi.secret(kubeconfig) });
}

const POD_SECURITY = "v1.31";
const MANAGED = { "app.kubernetes.io/managed-by": "wissel" };
const WRITE = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
const READ = ["get", "list", "watch"];

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/** The rights of the namespace's users, listed out; people also get exec, attach and port-forward. */
function rules(interactive: boolean): Rule[] {
  const list: Rule[] = [
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
      verbs: WRITE,
    },
    {
      apiGroups: [""],
      resources: ["pods/log", "events", "endpoints", "resourcequotas", "limitranges"],
      verbs: READ,
    },
    {
      apiGroups: ["apps"],
      resources: ["deployments", "statefulsets", "replicasets", "daemonsets"],
      verbs: WRITE,
    },
    {
      apiGroups: ["apps"],
      resources: ["deployments/scale", "statefulsets/scale"],
      verbs: ["get", "update", "patch"],
    },
    { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: WRITE },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: WRITE },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: WRITE },
    { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"], verbs: WRITE },
    { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ },
  ];
  if (interactive)
    list.push({
      apiGroups: [""],
      resources: ["pods/exec", "pods/attach", "pods/portforward"],
      verbs: ["get", "create"],
    });
  return list;
}

/** A kubeconfig for the CI ServiceAccount's token, its context pinned to the namespace. */
function kubeconfig(
  apiServerUrl: string,
  caCertificate: string,
  namespace: string,
  user: string,
  token: string,
): string {
  const context = `${namespace}-${user}`;
  return JSON.stringify(
    {
      apiVersion: "v1",
      kind: "Config",
      clusters: [
        {
          name: namespace,
          cluster: {
            server: apiServerUrl,
            "certificate-authority-data": Buffer.from(caCertificate, "utf8").toString("base64"),
          },
        },
      ],
      users: [{ name: user, user: { token } }],
      contexts: [{ name: context, context: { cluster: namespace, user, namespace } }],
      "current-context": context,
    },
    null,
    2,
  );
}

/**
 * The namespace and its objects on `on`'s cluster. `teamGroup` is the group as the cluster's
 * authenticator reports it (on Kapsule, with the OIDC prefix).
 */
export function hardenedNamespace(
  choice: WorkspaceChoice,
  on: ClusterAccess,
): pulumi.Output<NamespaceAccess> {
  const { name } = choice;
  const opts: pulumi.CustomResourceOptions = { provider: on.provider };
  const ns = new Namespace(
    name,
    {
      metadata: {
        name,
        labels: {
          ...MANAGED,
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/enforce-version": POD_SECURITY,
          "pod-security.kubernetes.io/audit": "restricted",
          "pod-security.kubernetes.io/audit-version": POD_SECURITY,
          "pod-security.kubernetes.io/warn": "restricted",
          "pod-security.kubernetes.io/warn-version": POD_SECURITY,
        },
      },
    },
    { ...opts, ...KEEP },
  );
  const namespace = ns.metadata.name;
  const meta = (
    objectName: string,
  ): { name: string; namespace: pulumi.Output<string>; labels: Record<string, string> } => ({
    name: objectName,
    namespace,
    labels: MANAGED,
  });
  const { quota } = choice;

  new ResourceQuota(
    `${name}-quota`,
    {
      metadata: meta("wissel-quota"),
      spec: {
        hard: {
          "requests.cpu": `${quota.cpu}`,
          "requests.memory": `${quota.memoryGiB}Gi`,
          "requests.storage": `${quota.storageGiB}Gi`,
          pods: `${quota.pods}`,
        },
      },
    },
    opts,
  );
  new LimitRange(
    `${name}-limits`,
    {
      metadata: meta("wissel-limits"),
      spec: {
        limits: [
          {
            type: "Container",
            defaultRequest: { cpu: "100m", memory: "256Mi" },
            default: { memory: "256Mi" },
          },
        ],
      },
    },
    opts,
  );
  new NetworkPolicy(
    `${name}-deny-all`,
    {
      metadata: meta("wissel-default-deny"),
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    },
    opts,
  );
  new NetworkPolicy(
    `${name}-allow-dns`,
    {
      metadata: meta("wissel-allow-dns"),
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          {
            to: [
              {
                namespaceSelector: {
                  matchLabels: { "kubernetes.io/metadata.name": "kube-system" },
                },
                podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
              },
            ],
            ports: [
              { protocol: "UDP", port: 53 },
              { protocol: "TCP", port: 53 },
            ],
          },
        ],
      },
    },
    opts,
  );
  new ServiceAccountPatch(
    `${name}-default-sa`,
    { metadata: { name: "default", namespace }, automountServiceAccountToken: false },
    opts,
  );

  const ci = new ServiceAccount(
    `${name}-ci`,
    { metadata: meta("wissel-ci"), automountServiceAccountToken: false },
    opts,
  );
  const token = new Secret(
    `${name}-ci-token`,
    {
      metadata: {
        ...meta("wissel-ci-token"),
        annotations: { "kubernetes.io/service-account.name": ci.metadata.name },
      },
      type: "kubernetes.io/service-account-token",
    },
    opts,
  );
  const ciRole = new Role(
    `${name}-ci-role`,
    { metadata: meta("wissel-ci"), rules: rules(false) },
    opts,
  );
  const ciBinding = new RoleBinding(
    `${name}-ci-binding`,
    {
      metadata: meta("wissel-ci"),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: ciRole.metadata.name },
      subjects: [{ kind: "ServiceAccount", name: ci.metadata.name, namespace }],
    },
    opts,
  );
  if (choice.teamGroup !== undefined) {
    const teamRole = new Role(
      `${name}-team-role`,
      { metadata: meta("wissel-team"), rules: rules(true) },
      opts,
    );
    new RoleBinding(
      `${name}-team-binding`,
      {
        metadata: meta("wissel-team"),
        roleRef: {
          apiGroup: "rbac.authorization.k8s.io",
          kind: "Role",
          name: teamRole.metadata.name,
        },
        subjects: [
          { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: choice.teamGroup },
        ],
      },
      opts,
    );
  }

  return pulumi.secret(
    pulumi
      .all([
        on.apiServerUrl,
        on.caCertificate,
        namespace,
        ci.metadata.name,
        token.data,
        ciBinding.id,
      ])
      .apply(([apiServerUrl, caCertificate, nsName, serviceAccount, data]) => {
        const encoded = data["token"];
        if (encoded === undefined) throw new Error(`Secret ${nsName}/wissel-ci-token has no token`);
        return {
          namespace: nsName,
          apiServerUrl,
          serviceAccount,
          kubeconfig: kubeconfig(
            apiServerUrl,
            caCertificate,
            nsName,
            serviceAccount,
            Buffer.from(encoded, "base64").toString("utf8"),
          ),
        };
      }),
  );
}
