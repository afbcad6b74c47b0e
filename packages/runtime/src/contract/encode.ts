/**
 * Binding → environment: the one definition of what a Secret projected by `bindTo` holds. Pure
 * and dependency-free; core calls it inside an `apply`, applications never need it.
 */
import { CONTRACT_VERSION, CONTRACT_VERSION_VARIABLE, envPrefix } from "./names";
import { KIND_CLASSES } from "./keys";
import type {
  BucketBinding,
  ContractBindings,
  ContractKind,
  NamespaceBinding,
  PostgresBinding,
} from "./types";

/** The unprefixed variables of one binding, in contract order. */
function bindingEntries<K extends ContractKind>(
  kind: K,
  binding: ContractBindings[K],
): [string, string][] {
  switch (kind) {
    case "bucket":
      return bucketEntries(binding as BucketBinding);
    case "postgres": {
      const pg = binding as PostgresBinding;
      return [
        ["HOST", pg.host],
        ["PORT", String(pg.port)],
        ["DATABASE", pg.database],
        ["USER", pg.user],
        ["PASSWORD", pg.password],
        ["SSLMODE", pg.sslmode],
        ["CA_CERTIFICATE", pg.caCertificate],
        ["URI", pg.uri],
      ];
    }
    default: {
      const ns = binding as NamespaceBinding;
      return [
        ["NAMESPACE", ns.namespace],
        ["API_SERVER_URL", ns.apiServerUrl],
        ["SERVICE_ACCOUNT", ns.serviceAccount],
        ["KUBECONFIG", ns.kubeconfig],
      ];
    }
  }
}

function bucketEntries(b: BucketBinding): [string, string][] {
  if (b.protocol === "s3") {
    return [
      ["PROTOCOL", b.protocol],
      ["ENDPOINT", b.endpoint],
      ["REGION", b.region],
      ["BUCKET", b.bucket],
      ["PATH_STYLE", b.pathStyle ? "true" : "false"],
      ["ACCESS_KEY_ID", b.accessKeyId],
      ["SECRET_ACCESS_KEY", b.secretAccessKey],
      ["CREDENTIAL_SCOPE", b.credentialScope],
    ];
  }
  const entries: [string, string][] = [
    ["PROTOCOL", b.protocol],
    ["ENDPOINT", b.endpoint],
    ["REGION", b.region],
    ["ACCOUNT", b.account],
    ["BUCKET", b.bucket],
    ["CREDENTIAL_SCOPE", b.credentialScope],
    ["CREDENTIAL_KIND", b.credentials.kind],
  ];
  const c = b.credentials;
  if (c.kind === "managed-identity")
    entries.push(["CLIENT_ID", c.clientId], ["TENANT_ID", c.tenantId]);
  else if (c.kind === "sas") entries.push(["SAS_TOKEN", c.sasToken]);
  else entries.push(["ACCOUNT_KEY", c.accountKey]);
  return entries;
}

/**
 * The environment variables of one block's binding: `WISSEL_CONTRACT_VERSION` and
 * `WISSEL_<NAME>_<KEY>` for each key. Throws a ContractError when the name does not map cleanly.
 */
export function bindingToEnv<K extends ContractKind>(
  kind: K,
  name: string,
  binding: ContractBindings[K],
): Record<string, string> {
  const prefix = envPrefix(name, `${KIND_CLASSES[kind]} "${name}"`);
  const env: Record<string, string> = {
    [CONTRACT_VERSION_VARIABLE]: CONTRACT_VERSION,
    [`${prefix}KIND`]: kind,
  };
  for (const [key, value] of bindingEntries(kind, binding)) env[`${prefix}${key}`] = value;
  return env;
}
