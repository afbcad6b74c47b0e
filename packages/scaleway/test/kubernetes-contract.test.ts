import { KubernetesCluster, type Adapter } from "@wissel/core";
import { clusterContract, namespaceContract } from "@wissel/testing";
import { adapter } from "@wissel/scaleway";
import type { OutputFaker } from "@wissel/testing";
import { CONFIG, clusterOutputs } from "./fixtures";

/** A minor Kapsule offers for new clusters; the neutral default (1.33) has left its cluster creation. */
const VERSION = "1.35";

clusterContract({
  adapter: adapter as Adapter,
  harness: { config: CONFIG, outputs: clusterOutputs },
  // The Private Network is stateful too: a retained cluster's nodes still live on it.
  statefulTypes: [
    "scaleway:kubernetes/cluster:Cluster",
    "scaleway:network/privateNetwork:PrivateNetwork",
  ],
  args: { version: VERSION },
});

/** Kapsule's outputs; the suite's own faker fills the CI token Secret, so this one leaves Secrets alone. */
const kapsuleOnly: OutputFaker = (args) =>
  args.type === "kubernetes:core/v1:Secret" ? undefined : clusterOutputs(args);

namespaceContract({
  adapter: adapter as Adapter,
  harness: { config: CONFIG, outputs: kapsuleOnly },
  statefulTypes: ["kubernetes:core/v1:Namespace"],
  setup: () => new KubernetesCluster("apps", { version: VERSION }),
});
