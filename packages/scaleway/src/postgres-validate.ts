/** The validator of `PostgresDatabase` on Scaleway: the spec against Scaleway's own limits. */
import { ipv6AllowedCidrs, type Issue, type PostgresBuildSpec } from "@wissel/core";
import {
  BYTES_PER_GB,
  BYTES_PER_GIB,
  DATABASE_NODE_TYPES,
  MAX_VOLUME_GB,
  SCALEWAY_POSTGRES_MAJORS,
  databaseNodeTypeFor,
  volumeSizeGb,
} from "./postgres-offer";

/** Scaleway user names start with a letter; the app user is `<databaseName>_app`. */
const USER_NAME = /^[a-zA-Z][a-zA-Z0-9_-]{0,62}$/;

/** The spec checked against Scaleway's own limits, before anything is registered. */
export function validateScalewayPostgres(spec: PostgresBuildSpec, subject: string): Issue[] {
  const issues: Issue[] = [];
  const elsewhere = "or place this database elsewhere with wissel:targets.";
  const cluster = spec.namespace?.cluster;
  if (spec.namespace !== undefined && (cluster === undefined || cluster.target !== "scaleway")) {
    issues.push({
      subject,
      field: "namespace",
      value: spec.namespace.namespace,
      rule: `must be on a Kapsule cluster of this program, so the database can join that cluster's Private Network; it is on ${cluster === undefined ? "no cluster of this program" : `the ${cluster.target} cluster "${cluster.name}"`}`,
      fix: `Pass a Namespace built on a KubernetesCluster on target "scaleway", remove namespace, ${elsewhere}`,
    });
  }
  if (!SCALEWAY_POSTGRES_MAJORS.includes(spec.version)) {
    issues.push({
      subject,
      field: "version",
      value: spec.version,
      rule: `must be a major Scaleway offers for new instances (${SCALEWAY_POSTGRES_MAJORS.join(", ")})`,
      fix: `Set version to ${SCALEWAY_POSTGRES_MAJORS[SCALEWAY_POSTGRES_MAJORS.length - 1]}, ${elsewhere}`,
    });
  }
  if (databaseNodeTypeFor(spec) === undefined) {
    const maxVcpu = Math.max(...DATABASE_NODE_TYPES.map((t) => t.vcpu));
    const maxMemory = Math.max(...DATABASE_NODE_TYPES.map((t) => t.memoryGiB));
    issues.push({
      subject,
      field: spec.vcpu > maxVcpu ? "vcpu" : "memoryGiB",
      value: { vcpu: spec.vcpu, memoryGiB: spec.memoryGiB },
      rule: `must fit one Managed Database node type; the largest has ${maxVcpu} vCPUs and ${maxMemory} GiB`,
      fix: `Ask for at most ${maxVcpu} vCPUs and ${maxMemory} GiB, ${elsewhere}`,
    });
  }
  if (volumeSizeGb(spec.storageGiB) > MAX_VOLUME_GB) {
    const maxGiB = Math.floor((MAX_VOLUME_GB * BYTES_PER_GB) / BYTES_PER_GIB);
    issues.push({
      subject,
      field: "storageGiB",
      value: spec.storageGiB,
      rule: `must fit Scaleway's largest database volume, ${MAX_VOLUME_GB} GB (${maxGiB} GiB)`,
      fix: `Set storageGiB to at most ${maxGiB}, ${elsewhere}`,
    });
  }
  issues.push(
    ...ipv6AllowedCidrs(spec, subject, {
      rule: "must be an IPv4 CIDR: Scaleway's database ACLs and endpoints take no IPv6",
      fix: `Name the IPv4 networks that need access, ${elsewhere}`,
    }),
  );
  if (!USER_NAME.test(spec.appRole)) {
    issues.push({
      subject,
      field: "databaseName",
      value: spec.databaseName,
      rule: `must start with a letter on Scaleway: the app user "${spec.appRole}" is named after it, and Scaleway user names start with a letter`,
      fix: 'Set databaseName to a name that starts with a letter, e.g. databaseName: "orders".',
    });
  }
  return issues;
}
