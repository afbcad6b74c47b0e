/** The clusters a program has built, by target, so a namespace can find "the stack's cluster". */
import type { ClusterRef } from "../adapter-block";

const CLUSTERS_KEY = Symbol.for("wissel.clusters");

function clusters(): ClusterRef[] {
  const holder = globalThis as { [CLUSTERS_KEY]?: ClusterRef[] };
  return (holder[CLUSTERS_KEY] ??= []);
}

/** Records a built cluster. */
export function registerCluster(cluster: ClusterRef): void {
  clusters().push(cluster);
}

/** The clusters built on a target so far, in construction order. */
export function clustersOn(target: string): readonly ClusterRef[] {
  return clusters().filter((c) => c.target === target);
}

/** Forgets the clusters (between test cases). */
export function resetClusters(): void {
  clusters().length = 0;
}
