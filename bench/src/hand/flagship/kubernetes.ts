/**
 * The team-workspace program on Kubernetes, written by hand on @pulumi/kubernetes submodules: the
 * buckets, a provider for the existing cluster with its admin kubeconfig, and the team's namespace on
 * it, as the Wissel Bucket, KubernetesCluster and Namespace on Kubernetes create them.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { PLATFORM, stackSettings, teamWorkspaceBuckets, teamWorkspaceNamespace } from "../common";
import { clusterProvider, hardenedNamespace, type NamespaceAccess } from "../namespace";
import { bucket, type S3Access, type Settings as BucketSettings } from "../kubernetes";

interface Settings extends BucketSettings {
  /** The existing cluster: its API server and CA, for the CI kubeconfig. */
  readonly cluster: { readonly apiServerUrl: string; readonly caCertificate: string };
}

/**
 * The admin kubeconfig Pulumi deploys with, in the provider's order: the secret
 * `kubernetes:kubeconfig`, else the first file in KUBECONFIG, else ~/.kube/config; unknown in a
 * preview on a machine that has none.
 */
function adminKubeconfig(): pulumi.Output<string> {
  const secret = new pulumi.Config("kubernetes").getSecret("kubeconfig");
  if (secret !== undefined) return secret;
  const file =
    process.env["KUBECONFIG"]?.split(path.delimiter).find((p) => p !== "") ??
    path.join(os.homedir(), ".kube", "config");
  if (fs.existsSync(file)) return pulumi.output(fs.readFileSync(file, "utf8"));
  if (pulumi.runtime.isDryRun()) return pulumi.output(pulumi.unknown) as pulumi.Output<string>;
  throw new Error(`no kubeconfig: ${file} does not exist`);
}

/** The flagship program: the `files` and `exports` buckets, and the `workspace` namespace on the existing cluster. */
export function teamWorkspace(): Record<string, pulumi.Output<S3Access | NamespaceAccess>> {
  const s = stackSettings<Settings>("kubernetes");
  const buckets = Object.fromEntries(
    teamWorkspaceBuckets().map((choice) => [choice.name, bucket(choice, s)]),
  );
  const workspace = teamWorkspaceNamespace();
  const namespace = hardenedNamespace(workspace, {
    provider: clusterProvider(PLATFORM.name, adminKubeconfig()),
    apiServerUrl: s.cluster.apiServerUrl,
    caCertificate: s.cluster.caCertificate,
  });
  return { ...buckets, [workspace.name]: namespace };
}
