/**
 * The bucket copy step: `rclone sync` from the old bucket to the new one, then `rclone check`, with
 * both remotes defined by environment variables only (`RCLONE_CONFIG_<REMOTE>_<OPTION>`, rclone's
 * documented way to configure a remote without a config file) and `RCLONE_CONFIG=/dev/null`, so no
 * config file of the runner's takes part.
 *
 * Comparing objects: S3 (Scaleway, Ceph RGW and NooBaa behind an ObjectBucketClaim, Swift's S3 API)
 * and Azure Blob share one hash, MD5: S3's ETag of an object uploaded in one part, Azure's
 * Content-MD5. `sync` runs with `--checksum`, so it compares size and MD5 and never modification
 * times: an application's objects carry no rclone mtime, so every object on the new side would look
 * newer than its source, and rclone would rewrite each one's metadata on every re-run (an S3
 * copy-in-place per object). Where an object has no MD5 on one side (an S3 multipart upload whose
 * ETag is not an MD5, an Azure blob uploaded in blocks without Content-MD5), rclone falls back to
 * size for that object; `verify: "download"` makes `check` read both copies and compare the bytes,
 * which proves every object at the cost of reading the data twice.
 *
 * Never add `-vv`: at debug level rclone logs each option it reads from the environment with its
 * value, the secret keys included.
 *
 * rclone versions: S3 and SAS remotes work from rclone 1.60 (Debian 12's). An Azure account key or
 * managed identity on an endpoint other than `https://<account>.blob.core.windows.net` (Azurite, a
 * sovereign cloud, a private endpoint) needs rclone 1.61 or newer, where `endpoint` became the whole
 * service URL; so does a managed identity (`env_auth`).
 */
import type { AzureBlobBinding, BucketBinding, S3Binding } from "@wissel/runtime";
import { CopyStepError, secretNames, type CopyCommand, type CopySteps } from "./step";

/** How the copy runs. */
export interface BucketCopyOptions {
  /**
   * A PEM file of the CA that signed the endpoints' certificates, for endpoints with a private CA
   * (an in-cluster RGW, the tests' servers). rclone's `--ca-cert`: it replaces the system roots.
   * @default - the system's roots
   */
  readonly caCertificateFile?: string;
  /**
   * How `check` compares the two buckets: `hash` compares size and MD5 where both sides have one;
   * `download` reads every object on both sides and compares the bytes.
   * @default "hash"
   */
  readonly verify?: "hash" | "download";
}

/** The remote names the commands use: `source:<bucket>` and `target:<bucket>`. */
const SOURCE = "source";
const TARGET = "target";

/** Endpoints of Scaleway Object Storage: `https://s3.<region>.scw.cloud`. */
function isScaleway(endpoint: URL): boolean {
  return endpoint.hostname === "scw.cloud" || endpoint.hostname.endsWith(".scw.cloud");
}

function parseEndpoint(role: string, binding: BucketBinding): URL {
  let url: URL;
  try {
    url = new URL(binding.endpoint);
  } catch {
    throw new CopyStepError(
      `Bucket copy: the ${role} bucket "${binding.bucket}" has endpoint ${JSON.stringify(binding.endpoint)}, which is not a URL. Give the binding's endpoint as https://host[:port][/path].`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new CopyStepError(
      `Bucket copy: the ${role} bucket "${binding.bucket}" has endpoint protocol "${url.protocol}"; rclone reaches buckets over https: or http: only.`,
    );
  return url;
}

interface RemoteEnv {
  readonly env: Record<string, string>;
  readonly secret: ReadonlySet<string>;
}

function s3Remote(prefix: string, binding: S3Binding, endpoint: URL): RemoteEnv {
  const env: Record<string, string> = {
    [`${prefix}_TYPE`]: "s3",
    // rclone's provider sets its quirks; "Other" is the generic, conservative one (Ceph RGW, NooBaa, Swift's s3api).
    [`${prefix}_PROVIDER`]: isScaleway(endpoint) ? "Scaleway" : "Other",
    // Only the keys given here: never the runner's AWS_* variables or instance profile.
    [`${prefix}_ENV_AUTH`]: "false",
    [`${prefix}_ACCESS_KEY_ID`]: binding.accessKeyId,
    [`${prefix}_SECRET_ACCESS_KEY`]: binding.secretAccessKey,
    [`${prefix}_ENDPOINT`]: binding.endpoint,
    [`${prefix}_FORCE_PATH_STYLE`]: binding.pathStyle ? "true" : "false",
    // The bucket exists (its block made it); bucket-scoped credentials may not list or create buckets.
    [`${prefix}_NO_CHECK_BUCKET`]: "true",
  };
  if (binding.region !== "") env[`${prefix}_REGION`] = binding.region;
  return {
    env,
    secret: new Set([`${prefix}_ACCESS_KEY_ID`, `${prefix}_SECRET_ACCESS_KEY`]),
  };
}

/** The endpoint rclone builds itself from the account alone, which every rclone version understands. */
function isDefaultAzureEndpoint(binding: AzureBlobBinding, endpoint: URL): boolean {
  return (
    endpoint.protocol === "https:" &&
    endpoint.host === `${binding.account}.blob.core.windows.net` &&
    (endpoint.pathname === "/" || endpoint.pathname === "")
  );
}

function azureRemote(prefix: string, binding: AzureBlobBinding, endpoint: URL): RemoteEnv {
  const env: Record<string, string> = { [`${prefix}_TYPE`]: "azureblob" };
  const secret = new Set<string>();
  const service = binding.endpoint.replace(/\/+$/, "");
  const credentials = binding.credentials;
  switch (credentials.kind) {
    case "sas": {
      // A container SAS URL: the service URL, the container, the token. The URL is the credential.
      const token = credentials.sasToken.replace(/^\?/, "");
      env[`${prefix}_SAS_URL`] = `${service}/${encodeURIComponent(binding.bucket)}?${token}`;
      secret.add(`${prefix}_SAS_URL`);
      return { env, secret };
    }
    case "shared-key":
      env[`${prefix}_ACCOUNT`] = binding.account;
      env[`${prefix}_KEY`] = credentials.accountKey;
      secret.add(`${prefix}_KEY`);
      break;
    case "managed-identity":
      env[`${prefix}_ACCOUNT`] = binding.account;
      // env_auth reads AZURE_CLIENT_ID/AZURE_TENANT_ID and a workload identity's federated token file.
      env[`${prefix}_ENV_AUTH`] = "true";
      env["AZURE_CLIENT_ID"] = credentials.clientId;
      env["AZURE_TENANT_ID"] = credentials.tenantId;
      break;
  }
  if (!isDefaultAzureEndpoint(binding, endpoint)) env[`${prefix}_ENDPOINT`] = service;
  return { env, secret };
}

function remote(prefix: string, binding: BucketBinding, role: string): RemoteEnv {
  const endpoint = parseEndpoint(role, binding);
  return binding.protocol === "s3"
    ? s3Remote(prefix, binding, endpoint)
    : azureRemote(prefix, binding, endpoint);
}

/** Where a binding's objects live, to tell two buckets apart. */
function location(binding: BucketBinding): string {
  const endpoint = binding.endpoint.replace(/\/+$/, "").toLowerCase();
  return binding.protocol === "s3"
    ? `s3 ${endpoint} ${binding.bucket}`
    : `azure-blob ${endpoint} ${binding.account} ${binding.bucket}`;
}

function remotes(source: BucketBinding, target: BucketBinding): RemoteEnv {
  if (location(source) === location(target))
    throw new CopyStepError(
      `Bucket copy: the source and the target are the same bucket ("${source.bucket}" at ${source.endpoint}). A copy needs the old bucket and the new one; check the migration's from and the block's target.`,
    );
  if (
    source.protocol === "azure-blob" &&
    target.protocol === "azure-blob" &&
    source.credentials.kind === "managed-identity" &&
    target.credentials.kind === "managed-identity" &&
    (source.credentials.clientId !== target.credentials.clientId ||
      source.credentials.tenantId !== target.credentials.tenantId)
  )
    throw new CopyStepError(
      `Bucket copy: the source ("${source.bucket}") and the target ("${target.bucket}") sign in with two different managed identities, and one process has one. Give one of them a SAS or grant one identity access to both containers.`,
    );
  const from = remote(`RCLONE_CONFIG_${SOURCE.toUpperCase()}`, source, "source");
  const to = remote(`RCLONE_CONFIG_${TARGET.toUpperCase()}`, target, "target");
  return {
    env: { RCLONE_CONFIG: "/dev/null", ...from.env, ...to.env },
    secret: new Set([...from.secret, ...to.secret]),
  };
}

function globalFlags(options: BucketCopyOptions): string[] {
  return [
    ...(options.caCertificateFile !== undefined ? ["--ca-cert", options.caCertificateFile] : []),
    // One recursive listing per bucket instead of one per "directory": fewer list requests on every
    // vendor. Without it, Debian's rclone 1.60 against s3rver missed objects under a prefix in both
    // `sync` and `check` (both exited 0 with a nested object absent); with it, none were missed.
    // It holds the listing in memory (about 1 KB per object).
    "--fast-list",
    // Progress for long copies: one line of totals every 30 s on stderr.
    "--stats=30s",
    "--stats-one-line",
    "--stats-log-level=NOTICE",
  ];
}

function command(
  name: string,
  args: readonly string[],
  source: BucketBinding,
  target: BucketBinding,
  options: BucketCopyOptions,
): CopyCommand {
  const { env, secret } = remotes(source, target);
  return {
    name,
    command: [
      "rclone",
      ...args,
      `${SOURCE}:${source.bucket}`,
      `${TARGET}:${target.bucket}`,
      ...globalFlags(options),
    ],
    env,
    secretEnv: secretNames(env, secret),
  };
}

/**
 * `rclone sync`: makes the target bucket hold exactly the source's objects, deleting those the
 * source does not have. The target is the new, not yet used copy; re-running copies only what changed.
 */
export function bucketSync(
  source: BucketBinding,
  target: BucketBinding,
  options: BucketCopyOptions = {},
): CopyCommand {
  return command("sync", ["sync", "--checksum"], source, target, options);
}

/**
 * `rclone check`: exits non-zero when an object differs or is on one side only (both ways), listing
 * them on stderr. See the module comment for what "differs" means without `verify: "download"`.
 */
export function bucketCheck(
  source: BucketBinding,
  target: BucketBinding,
  options: BucketCopyOptions = {},
): CopyCommand {
  const args = options.verify === "download" ? ["check", "--download"] : ["check"];
  return command("check", args, source, target, options);
}

/** The bucket copy step: `sync`, then `check`. */
export function bucketCopy(
  source: BucketBinding,
  target: BucketBinding,
  options: BucketCopyOptions = {},
): CopySteps {
  return {
    files: [],
    commands: [bucketSync(source, target, options), bucketCheck(source, target, options)],
  };
}
