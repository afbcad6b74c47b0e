/** The CPU, memory and memory-derived settings of a CloudNativePG instance. */
import type { PostgresSpec } from "@wissel/core";
import { cpuQuantity } from "../namespace-objects";

/** CPU and memory of each instance, and the memory-derived PostgreSQL settings. */
export interface PostgresResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
  /** `shared_buffers`: a quarter of the memory, PostgreSQL's usual starting point. */
  readonly sharedBuffers: string;
}

/**
 * The sizing of an instance. A Kubernetes cluster has no tiers: the pod gets exactly what was asked,
 * with requests equal to limits (Guaranteed QoS), so the database is the last pod evicted under
 * node pressure and never runs on CPU or memory another pod could take back.
 */
export function postgresResources(
  spec: Pick<PostgresSpec, "vcpu" | "memoryGiB">,
): PostgresResources {
  const cpu = cpuQuantity(spec.vcpu);
  const memory = `${spec.memoryGiB}Gi`;
  return {
    requests: { cpu, memory },
    limits: { cpu, memory },
    sharedBuffers: `${spec.memoryGiB * 256}MB`,
  };
}
