/** Private storage: no anonymous read or write on buckets, containers or storage accounts. */
import { bio2 } from "../framework";
import { UNKNOWN, at, subject, text } from "../read";
import type { ResourceRule, ResourceView } from "../types";

/** Canned ACLs that let anyone (or any account holder) read or write. */
const PUBLIC_ACLS = new Set(["public-read", "public-read-write", "authenticated-read"]);

const RULE = "(rule wissel-storage-private)";

function azureAccount(resource: ResourceView): string[] {
  const allowed = at(resource.props, "allowBlobPublicAccess");
  if (allowed !== true) return [];
  return [
    `${subject(resource)} allows anonymous blob access (allowBlobPublicAccess: true): anyone who knows a container's address can read it. Set allowBlobPublicAccess: false, and give readers scoped credentials (a SAS or a role assignment) ${RULE}.`,
  ];
}

function azureContainer(resource: ResourceView): string[] {
  const access = text(at(resource.props, "publicAccess"));
  if (access === undefined || access === UNKNOWN || access === "None") return [];
  return [
    `${subject(resource)} is public (publicAccess: ${JSON.stringify(access)}). Set publicAccess: "None" ${RULE}.`,
  ];
}

function scalewayAcl(resource: ResourceView): string[] {
  const acl = text(at(resource.props, "acl"));
  if (acl === undefined || acl === UNKNOWN || !PUBLIC_ACLS.has(acl)) return [];
  return [
    `${subject(resource)} grants the canned ACL ${JSON.stringify(acl)}, so objects are readable without the bucket's credentials. Use acl: "private" and grant access with a bucket policy ${RULE}.`,
  ];
}

function swiftContainer(resource: ResourceView): string[] {
  const found: string[] = [];
  const readAcl = text(at(resource.props, "containerRead"));
  // A referrer entry (`.r:*`, `.r:example.org`) lets requests without a token read objects.
  if (typeof readAcl === "string" && /(^|,)\s*\.r:/.test(readAcl))
    found.push(
      `${subject(resource)} is publicly readable (containerRead: ${JSON.stringify(readAcl)}). Remove the .r: referrer entry, so only the project's users read it ${RULE}.`,
    );
  const writeAcl = text(at(resource.props, "containerWrite"));
  if (typeof writeAcl === "string" && /(^|,)\s*(\*|\.r:)/.test(writeAcl))
    found.push(
      `${subject(resource)} is writable by anyone (containerWrite: ${JSON.stringify(writeAcl)}). Remove the entry ${RULE}.`,
    );
  return found;
}

const CHECKS: Readonly<Record<string, (resource: ResourceView) => string[]>> = {
  "azure-native:storage:StorageAccount": azureAccount,
  "azure-native:storage:BlobContainer": azureContainer,
  "scaleway:object/bucket:Bucket": scalewayAcl,
  "scaleway:object/bucketAcl:BucketAcl": scalewayAcl,
  "openstack:objectstorage/container:Container": swiftContainer,
};

export const storagePrivate: ResourceRule = {
  scope: "resource",
  name: "wissel-storage-private",
  description:
    "Buckets, blob containers and storage accounts allow no anonymous access (Azure, Scaleway, OpenStack Swift).",
  severity: "high",
  enforcementLevel: "mandatory",
  framework: bio2(
    "8.3",
    "Information access restriction",
    "object storage is reachable only with credentials, never anonymously",
  ),
  remediation:
    "Turn anonymous access off and give each reader credentials scoped to the bucket (Wissel's Bucket does both).",
  check: (resource) => CHECKS[resource.type]?.(resource) ?? [],
};
