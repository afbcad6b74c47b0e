/**
 * `@wissel/kubernetes/compose`, loaded on first use: the Kubernetes adapter's parts this adapter
 * builds with on the program's AKS clusters (a Namespace, a database's setup job, the cluster's
 * provider). A program that deploys nothing onto a cluster loads neither it nor the Kubernetes SDK.
 */
import { optionalPeer } from "@wissel/core";
import type * as Compose from "@wissel/kubernetes/compose";

/** The compose entry; `purpose` names what needs it, for the message when it is not installed. */
export const kubernetesCompose = optionalPeer(
  "@wissel/azure",
  ["@wissel/kubernetes"],
  () => require("@wissel/kubernetes/compose") as typeof Compose,
);
