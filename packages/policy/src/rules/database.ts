/** Databases: TLS only, and no endpoint open to the whole internet. */
import { UNKNOWN, at, items, subject, text } from "../read";
import { bio2 } from "../framework";
import type { Finding, ResourceRule, ResourceView, StackRule } from "../types";

const TLS = "(rule wissel-database-tls)";
const NETWORK = "(rule wissel-database-public-network)";
const DEFAULT_ACL = "(rule wissel-database-default-acl)";

/** TLS versions below 1.2, as Azure's `ssl_min_protocol_version` spells them. */
const OLD_TLS = new Set(["TLSv1", "TLSv1.0", "TLSv1.1"]);

function azureParameter(resource: ResourceView): string[] {
  const parameter = text(at(resource.props, "configurationName"));
  const value = text(at(resource.props, "value"));
  if (parameter === UNKNOWN || value === UNKNOWN || value === undefined) return [];
  if (parameter === "require_secure_transport" && value.toLowerCase() === "off")
    return [
      `${subject(resource)} sets require_secure_transport to "off", so clients may connect without TLS. Set it to "on" ${TLS}.`,
    ];
  if (parameter === "ssl_min_protocol_version" && OLD_TLS.has(value))
    return [
      `${subject(resource)} accepts ${value}, older than TLS 1.2. Set ssl_min_protocol_version to "TLSv1.2" or "TLSv1.3" ${TLS}.`,
    ];
  return [];
}

/**
 * CloudNativePG accepts TLS and plain connections unless pg_hba says otherwise: a `host` or
 * `hostnossl` line that does not `reject` lets a client in without TLS.
 */
function cloudNativeHba(resource: ResourceView): string[] {
  const lines = items(at(resource.props, "spec", "postgresql", "pg_hba"));
  if (lines === UNKNOWN) return [];
  const plain = lines.filter(
    (line): line is string =>
      typeof line === "string" && /^\s*(host|hostnossl)\s/.test(line) && !/\sreject\s*$/.test(line),
  );
  return plain.map(
    (line) =>
      `${subject(resource)} has the pg_hba line ${JSON.stringify(line)}, which admits connections without TLS. Write it as hostssl, or add "hostnossl all all all reject" before it ${TLS}.`,
  );
}

export const databaseTls: ResourceRule = {
  scope: "resource",
  name: "wissel-database-tls",
  description:
    "PostgreSQL accepts TLS connections only, at TLS 1.2 or newer (Azure Flexible Server parameters, CloudNativePG pg_hba). Scaleway and Trove give no switch to turn TLS off.",
  severity: "high",
  enforcementLevel: "mandatory",
  framework: bio2(
    "8.24",
    "Use of cryptography",
    "connections to databases are encrypted in transit",
  ),
  remediation:
    "Require TLS on the server (require_secure_transport on; hostssl lines only) and let clients verify it (sslmode verify-full).",
  check(resource) {
    if (resource.type === "azure-native:dbforpostgresql:Configuration")
      return azureParameter(resource);
    if (resource.type === "kubernetes:postgresql.cnpg.io/v1:Cluster")
      return cloudNativeHba(resource);
    return [];
  },
};

/** The control both network rules serve. */
const NETWORKS_SECURITY = bio2(
  "8.20",
  "Networks security",
  "database endpoints are reachable from private networks or named addresses only",
);

/** IPv4 CIDRs that mean "the whole internet". */
function isWorld(cidr: string): boolean {
  return /^0\.0\.0\.0\/0$/.test(cidr.trim()) || /^::\/0$/.test(cidr.trim());
}

function scalewayAcl(resource: ResourceView): string[] {
  const rules = items(at(resource.props, "aclRules"));
  if (rules === UNKNOWN) return [];
  const open = rules
    .map((rule) => text(at(rule, "ip")))
    .filter((ip): ip is string => typeof ip === "string" && isWorld(ip));
  return open.map(
    (ip) =>
      `${subject(resource)} admits ${ip}, the whole internet, to the database's public endpoint. Name the CIDRs of the clients that need it, or reach the database over a private network only ${NETWORK}.`,
  );
}

function azureFirewall(resource: ResourceView): string[] {
  const start = text(at(resource.props, "startIpAddress"));
  const end = text(at(resource.props, "endIpAddress"));
  if (typeof start !== "string" || typeof end !== "string") return [];
  if (start === "0.0.0.0" && end === "255.255.255.255")
    return [
      `${subject(resource)} opens the server to every IPv4 address (0.0.0.0-255.255.255.255). Name the clients' addresses, or use private access (delegated subnet) ${NETWORK}.`,
    ];
  if (start === "0.0.0.0" && end === "0.0.0.0")
    return [
      `${subject(resource)} admits every Azure service of every tenant (0.0.0.0-0.0.0.0, "allow Azure services"). Name the clients' addresses, or use private access ${NETWORK}.`,
    ];
  return [];
}

export const databasePublicNetwork: ResourceRule = {
  scope: "resource",
  name: "wissel-database-public-network",
  description:
    "No database endpoint admits the whole internet (Scaleway ACL 0.0.0.0/0, Azure firewall 0.0.0.0-255.255.255.255 or allow-Azure-services). A Trove instance is reachable on the networks it is attached to; a floating IP for it is a Neutron resource of its own.",
  severity: "high",
  enforcementLevel: "mandatory",
  framework: NETWORKS_SECURITY,
  remediation:
    "Reach the database over a private network, or list the CIDRs of the clients that need its public endpoint.",
  check(resource) {
    if (resource.type === "scaleway:databases/acl:Acl") return scalewayAcl(resource);
    if (resource.type === "azure-native:dbforpostgresql:FirewallRule")
      return azureFirewall(resource);
    return [];
  },
};

const SCALEWAY_INSTANCE = "scaleway:databases/instance:Instance";
const SCALEWAY_ACL = "scaleway:databases/acl:Acl";

/**
 * Whether a Scaleway database instance gets a public endpoint: a `loadBalancer` asks for one, and
 * Scaleway adds one to an instance without a `privateNetwork`. Undefined while unknown at preview.
 */
function hasPublicEndpoint(instance: ResourceView): boolean | undefined {
  const loadBalancer = at(instance.props, "loadBalancer");
  const privateNetwork = at(instance.props, "privateNetwork");
  if (loadBalancer === UNKNOWN || privateNetwork === UNKNOWN) return undefined;
  return loadBalancer !== undefined || privateNetwork === undefined;
}

export const databaseDefaultAcl: StackRule = {
  scope: "stack",
  name: "wissel-database-default-acl",
  description:
    "A Scaleway database with a public endpoint comes with an Acl in the program: Scaleway admits 0.0.0.0/0 to a new instance's endpoint until one is set. With any Acl in the program the rule judges nothing, since which instance an Acl is for is unknown at preview.",
  severity: "high",
  enforcementLevel: "mandatory",
  framework: NETWORKS_SECURITY,
  remediation:
    "Add a scaleway.databases.Acl naming the clients' CIDRs, or give the instance a privateNetwork and no loadBalancer.",
  check(resources) {
    if (resources.some((r) => r.type === SCALEWAY_ACL)) return [];
    return resources
      .filter((r) => r.type === SCALEWAY_INSTANCE && hasPublicEndpoint(r) === true)
      .map((resource): Finding => ({
        resource,
        message: `${subject(resource)} has a public endpoint and the program sets no Acl for it, so Scaleway admits 0.0.0.0/0, the whole internet. Add a scaleway.databases.Acl naming the clients' CIDRs, or give it a privateNetwork and no loadBalancer; if its Acl is managed outside this program, set this rule to advisory in the pack config ${DEFAULT_ACL}.`,
      }));
  },
};
