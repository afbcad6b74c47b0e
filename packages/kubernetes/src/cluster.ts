/**
 * `KubernetesCluster` and `Namespace` on the Kubernetes target. The cluster already exists: nothing
 * is created for it. Its binding is what the stack configures: the API server URL and CA from
 * `wissel:kubernetes.cluster`, and the admin kubeconfig Pulumi itself deploys with.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type {
  BuildContext,
  BuildResult,
  Decision,
  Issue,
  KubernetesClusterBinding,
  KubernetesClusterSpec,
  NamespaceBinding,
  NamespaceBuildSpec,
} from "@wissel/core";
import { buildHardenedNamespace } from "./namespace";
import { providerFor, stackProvider } from "./provider";
import { settingCommand, type ClusterSettings, type KubernetesSettings } from "./settings";
import { SETTINGS_KEY } from "./vendor";

/** Where the admin kubeconfig of the existing cluster comes from. */
export type KubeconfigSource =
  | { readonly kind: "config"; readonly key: "kubernetes:kubeconfig" }
  | {
      readonly kind: "file";
      readonly path: string;
      readonly from: "settings" | "KUBECONFIG" | "home";
    };

/**
 * The kubeconfig the Kubernetes provider deploys with, in the provider's own order: the secret
 * `kubernetes:kubeconfig` stack config, else `wissel:kubernetes.kubeconfig`, else the first file in
 * `KUBECONFIG`, else `~/.kube/config`.
 */
export function kubeconfigSource(
  settings: KubernetesSettings,
  hasConfig: boolean,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): KubeconfigSource {
  if (hasConfig) return { kind: "config", key: "kubernetes:kubeconfig" };
  if (settings.kubeconfig !== undefined)
    return { kind: "file", path: expandHome(settings.kubeconfig, home), from: "settings" };
  const first = env["KUBECONFIG"]?.split(path.delimiter).find((p) => p !== "");
  if (first !== undefined)
    return { kind: "file", path: expandHome(first, home), from: "KUBECONFIG" };
  return { kind: "file", path: path.join(home, ".kube", "config"), from: "home" };
}

function expandHome(file: string, home: string): string {
  return file === "~" || file.startsWith("~/") ? path.join(home, file.slice(1)) : file;
}

/**
 * A kubeconfig with its current context set to `context`: JSON is edited as JSON; YAML (as kubectl
 * writes it, `current-context` a top-level key) has that one line replaced or added.
 */
export function withCurrentContext(kubeconfig: string, context: string): string {
  if (/^\s*\{/.test(kubeconfig)) {
    const parsed = JSON.parse(kubeconfig) as Record<string, unknown>;
    return JSON.stringify({ ...parsed, "current-context": context }, null, 2);
  }
  const line = `current-context: ${JSON.stringify(context)}`;
  return /^current-context:.*$/m.test(kubeconfig)
    ? kubeconfig.replace(/^current-context:.*$/m, line)
    : `${kubeconfig.replace(/\n?$/, "\n")}${line}\n`;
}

/**
 * The admin kubeconfig for the binding, secret. A file is read when the program runs; a preview on a
 * machine without it (an offline `wissel plan`) leaves the value unknown, as a value only the deployment
 * knows, while `pulumi up` fails naming the file.
 */
export function adminKubeconfig(settings: KubernetesSettings): pulumi.Output<string> {
  const secretConfig = new pulumi.Config("kubernetes").getSecret("kubeconfig");
  const source = kubeconfigSource(settings, secretConfig !== undefined);
  let contents: pulumi.Output<string>;
  if (source.kind === "config") {
    contents = pulumi.output(secretConfig!);
  } else if (fs.existsSync(source.path)) {
    contents = pulumi.output(fs.readFileSync(source.path, "utf8"));
  } else if (pulumi.runtime.isDryRun()) {
    contents = pulumi.output(pulumi.unknown) as pulumi.Output<string>;
  } else {
    throw new Error(
      `${SETTINGS_KEY}: the kubeconfig ${source.path} (${source.from === "settings" ? `${SETTINGS_KEY}.kubeconfig` : source.from === "KUBECONFIG" ? "the first file in KUBECONFIG" : "the default location"}) does not exist, so the KubernetesCluster binding has no admin kubeconfig. Set the secret: pulumi config set --secret kubernetes:kubeconfig "$(cat kubeconfig.yaml)".`,
    );
  }
  const context = settings.context;
  return pulumi.secret(
    context !== undefined ? contents.apply((k) => withCurrentContext(k, context)) : contents,
  );
}

/** The issues of a block that needs `wissel:kubernetes.cluster` when it is not set. */
function missingCluster(subject: string, needs: string): Issue[] {
  return [
    {
      subject,
      field: `${SETTINGS_KEY}.cluster`,
      value: undefined,
      rule: `is required for ${needs}: the API server URL and its CA certificate`,
      fix: `Run ${settingCommand("cluster.apiServerUrl")} and ${settingCommand("cluster.caCertificate")}.`,
    },
  ];
}

/** The issue of a namespace on a cluster whose network plugin is not known to enforce NetworkPolicy. */
function unenforcedNetworkPolicy(subject: string): Issue {
  return {
    subject,
    field: `${SETTINGS_KEY}.cluster.enforcesNetworkPolicy`,
    value: false,
    rule: "must be true for a Namespace: its default-deny NetworkPolicy isolates nothing unless the network plugin enforces it (Calico, Cilium, Antrea; not plain flannel)",
    fix: `Confirm with the cluster operator that the CNI enforces NetworkPolicy, then run ${settingCommand("cluster.enforcesNetworkPolicy")}.`,
  };
}

/** Checks a cluster spec against the settings: the existing cluster must be described. */
export function validateCluster(
  _spec: KubernetesClusterSpec,
  subject: string,
  settings: KubernetesSettings,
): readonly Issue[] {
  return settings.cluster === undefined
    ? missingCluster(subject, "a KubernetesCluster on this target (the existing cluster's binding)")
    : [];
}

/**
 * Checks a namespace spec against the settings: without a KubernetesCluster in the program the
 * configured cluster's API server and CA go into the CI kubeconfig, and the configured cluster must
 * enforce NetworkPolicy.
 */
export function validateNamespace(
  _spec: NamespaceBuildSpec,
  subject: string,
  settings: KubernetesSettings,
): readonly Issue[] {
  if (settings.cluster === undefined) {
    return missingCluster(
      subject,
      "a Namespace on this target (its CI kubeconfig names the API server and trusts its CA)",
    );
  }
  return settings.cluster.enforcesNetworkPolicy ? [] : [unenforcedNetworkPolicy(subject)];
}

function configuredCluster(settings: KubernetesSettings): ClusterSettings {
  // validateCluster and validateNamespace reject these settings before any builder runs.
  if (settings.cluster === undefined) throw new Error(`${SETTINGS_KEY}.cluster is not set`);
  return settings.cluster;
}

/**
 * A `KubernetesCluster` on this target: the existing cluster. Registers nothing; the binding carries
 * the configured API server URL and CA and the kubeconfig Pulumi deploys with.
 */
export function buildCluster(
  ctx: BuildContext<KubernetesSettings>,
  spec: KubernetesClusterSpec,
): BuildResult<KubernetesClusterBinding> {
  const cluster = configuredCluster(ctx.settings);
  const binding = pulumi.secret(
    adminKubeconfig(ctx.settings).apply((kubeconfig): KubernetesClusterBinding => ({
      apiServerUrl: cluster.apiServerUrl,
      caCertificate: cluster.caCertificate,
      kubeconfig,
    })),
  );
  const decisions: Decision[] = [
    {
      what: "cluster",
      choice: `existing cluster at ${cluster.apiServerUrl}`,
      why: "the Kubernetes target runs on a cluster its operator already runs; nothing is created",
    },
    {
      what: "sizing",
      choice: "not applied",
      why: `nodeCount ${spec.nodeCount}, ${spec.vcpu} vCPU, ${spec.memoryGiB} GiB and version ${spec.version} are the operator's to provide on an existing cluster`,
    },
  ];
  return { binding, vendorResources: {}, decisions };
}

/**
 * A `Namespace` on this target: on the program's KubernetesCluster (through its provider) when there
 * is one, else on the configured cluster through the stack's provider.
 */
export function buildNamespace(
  ctx: BuildContext<KubernetesSettings>,
  spec: NamespaceBuildSpec,
): BuildResult<NamespaceBinding> {
  const { cluster: ref, ...namespaceSpec } = spec;
  // A KubernetesCluster on this target is the configured cluster, so the API server and CA come from
  // the settings either way (known at preview even when the admin kubeconfig is not).
  const cluster = configuredCluster(ctx.settings);
  const provider = ref !== undefined ? providerFor(ref) : stackProvider(ctx.settings);
  return buildHardenedNamespace(ctx, namespaceSpec, {
    ...(provider !== undefined ? { provider } : {}),
    apiServerUrl: cluster.apiServerUrl,
    caCertificate: cluster.caCertificate,
  });
}
