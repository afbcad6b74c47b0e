/**
 * `KubernetesCluster` on the Kubernetes target. The cluster already exists: nothing is created for
 * it. Its binding is what the stack configures: the API server URL and CA from
 * `wissel:kubernetes.cluster`, and the admin kubeconfig Pulumi itself deploys with.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
  defineBlock,
  type BuildContext,
  type ClusterBuildResult,
  type Decision,
  type Issue,
  type KubernetesClusterBinding,
  type KubernetesClusterSpec,
} from "@wissel/core";
import { clusterProvider } from "./provider";
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
export function missingCluster(subject: string, needs: string): Issue[] {
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

/** What a KubernetesCluster on this target is built from: the spec, and the configured cluster. */
export interface ClusterPlan {
  readonly spec: KubernetesClusterSpec;
  readonly cluster: ClusterSettings;
}

/**
 * A `KubernetesCluster` on this target: the existing cluster. Registers nothing; the binding carries
 * the configured API server URL and CA and the kubeconfig Pulumi deploys with, and blocks on the
 * cluster deploy through a provider with that kubeconfig.
 */
function buildCluster(
  { spec, cluster }: ClusterPlan,
  ctx: BuildContext<KubernetesSettings>,
): ClusterBuildResult {
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
  return {
    binding,
    vendorResources: {},
    decisions,
    provider: () => clusterProvider(ctx, binding),
  };
}

/** The KubernetesCluster on this target: the existing cluster, which the settings must describe. */
export const kubernetesCluster = defineBlock<"kubernetesCluster", KubernetesSettings, ClusterPlan>({
  plan: (spec, { subject, settings }) =>
    settings.cluster === undefined
      ? missingCluster(
          subject,
          "a KubernetesCluster on this target (the existing cluster's binding)",
        )
      : { spec, cluster: settings.cluster },
  build: buildCluster,
});
