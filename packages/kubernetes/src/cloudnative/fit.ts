/**
 * Whether a CloudNativePG database can ever be scheduled where it is asked to run: its instances
 * against the namespace's ResourceQuota (summed with the other Wissel databases of the namespace),
 * and each instance against the cluster's node size. A database that cannot fit plans fine without
 * this and then waits out its timeout at deploy; with it, the plan says so.
 */
import type { Issue, NamespaceRef, PostgresBuildSpec } from "@wissel/core";

/** What the instances of one database request together. */
export interface DatabaseFootprint {
  readonly instances: number;
  readonly cpu: number;
  readonly memoryGiB: number;
  readonly storageGiB: number;
}

/**
 * What a database's pods request: one instance, or three with high availability, each with exactly
 * the vCPU and memory asked (requests = limits) and a volume of `storageGiB`.
 */
export function databaseFootprint(
  spec: Pick<PostgresBuildSpec, "highAvailability" | "vcpu" | "memoryGiB" | "storageGiB">,
): DatabaseFootprint {
  const instances = spec.highAvailability ? 3 : 1;
  return {
    instances,
    cpu: instances * spec.vcpu,
    memoryGiB: instances * spec.memoryGiB,
    storageGiB: instances * spec.storageGiB,
  };
}

/** The footprints of the databases already planned in each namespace. */
const planned = new WeakMap<NamespaceRef, DatabaseFootprint[]>();

function sum(footprints: readonly DatabaseFootprint[]): DatabaseFootprint {
  return footprints.reduce(
    (total, f) => ({
      instances: total.instances + f.instances,
      cpu: total.cpu + f.cpu,
      memoryGiB: total.memoryGiB + f.memoryGiB,
      storageGiB: total.storageGiB + f.storageGiB,
    }),
    { instances: 0, cpu: 0, memoryGiB: 0, storageGiB: 0 },
  );
}

/**
 * Checks a database in a namespace against the namespace's quota and its cluster's node size.
 * Records the database's footprint when it fits, so the next database in the same namespace is
 * checked against what is left.
 */
export function checkDatabaseFits(spec: PostgresBuildSpec, subject: string): Issue[] {
  const ref = spec.namespace;
  if (ref === undefined) return [];
  const issues: Issue[] = [];
  const own = databaseFootprint(spec);
  const others = planned.get(ref) ?? [];
  const used = sum(others);
  const quota = ref.quota;
  const where = `Namespace "${ref.name}"`;
  const sharing =
    others.length > 0
      ? ` (${others.length === 1 ? "another database there already requests" : `${others.length} other databases there already request`} ${format(used)})`
      : "";
  const instances =
    own.instances === 1
      ? "its 1 instance requests"
      : `its ${own.instances} instances (highAvailability) request`;
  const raise = `or raise the quota of ${where} (quota.cpu, quota.memoryGiB, quota.storageGiB, quota.pods), or give the database a namespace of its own`;

  const rows: ReadonlyArray<readonly [keyof DatabaseFootprint, string, string, number, string]> = [
    ["cpu", "vcpu", "quota.cpu", quota.cpu, "CPU cores"],
    ["memoryGiB", "memoryGiB", "quota.memoryGiB", quota.memoryGiB, "GiB of memory"],
    ["storageGiB", "storageGiB", "quota.storageGiB", quota.storageGiB, "GiB of volume storage"],
    ["instances", "highAvailability", "quota.pods", quota.pods, "pods"],
  ];
  for (const [key, field, quotaField, limit, unit] of rows) {
    if (used[key] + own[key] <= limit) continue;
    const value =
      field === "highAvailability"
        ? spec.highAvailability
        : spec[field as "vcpu" | "memoryGiB" | "storageGiB"];
    issues.push({
      subject,
      field,
      value,
      rule: `must fit the ResourceQuota of ${where}: ${instances} ${own[key]} ${unit}, and ${quotaField} allows ${limit}${sharing}; the pods would never be admitted`,
      fix: `Lower ${field === "highAvailability" ? "the instances (highAvailability: false)" : field}, ${raise}.`,
    });
  }

  const node = ref.cluster?.nodeSize;
  if (node !== undefined) {
    const cluster = `KubernetesCluster "${ref.cluster!.name}"`;
    const sizes: ReadonlyArray<readonly ["vcpu" | "memoryGiB", number, string]> = [
      ["vcpu", node.vcpu, "vCPU"],
      ["memoryGiB", node.memoryGiB, "GiB"],
    ];
    for (const [field, capacity, unit] of sizes) {
      if (spec[field] < capacity) continue;
      issues.push({
        subject,
        field,
        value: spec[field],
        rule: `must be below the ${capacity} ${unit} of each node of ${cluster}: an instance requests ${spec[field]} ${unit}, and the kubelet and system pods keep part of every node, so it could never be scheduled`,
        fix: `Lower ${field} below ${capacity}, or give ${cluster} larger nodes (its ${field}).`,
      });
    }
  }

  if (issues.length === 0) planned.set(ref, [...others, own]);
  return issues;
}

function format(f: DatabaseFootprint): string {
  return `${f.cpu} CPU, ${f.memoryGiB} GiB, ${f.storageGiB} GiB storage and ${f.instances} pods`;
}
