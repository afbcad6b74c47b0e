/**
 * `@wissel/kubernetes/compose`, loaded on first use: the Kubernetes adapter's parts this adapter
 * builds with on the program's Magnum clusters (a Namespace, a CloudNativePG database, the
 * cluster's provider). A program that deploys nothing onto a cluster loads neither it nor the
 * Kubernetes SDK.
 */
import { optionalPeer } from "@wissel/core";
import type * as Compose from "@wissel/kubernetes/compose";

/** The compose entry; `purpose` names what needs it, for the message when it is not installed. */
export const kubernetesCompose = optionalPeer(
  "@wissel/openstack",
  ["@wissel/kubernetes"],
  () => require("@wissel/kubernetes/compose") as typeof Compose,
);
