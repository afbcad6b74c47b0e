/**
 * Environment → binding: what an application reads. Every problem is collected and reported at once,
 * each naming the variable, the block it belongs to, the rule and the fix; secrets are never shown.
 */
import { ContractError, shown, type ContractProblem } from "./errors";
import { AZURE_CREDENTIAL_KEYS, KIND_CLASSES, NAMESPACE_KEYS, type KeySpec } from "./keys";
import { CONTRACT_VERSION, CONTRACT_VERSION_VARIABLE, envPrefix } from "./names";
import type {
  AnyBinding,
  AzureBlobCredentials,
  BucketBinding,
  ContractBindings,
  ContractKind,
  CredentialScope,
  SslMode,
} from "./types";
import { CONTRACT_KINDS } from "./types";

/** Where variables come from: `process.env` by default. */
export type Env = Readonly<Record<string, string | undefined>>;

const FIX_PUBLISH = (name: string) =>
  `Publish the binding into the pod's environment: ${name}.bindTo(namespace) in the Pulumi program, and envFrom the Secret "${name}-binding" in the Deployment.`;

class Reader {
  readonly problems: ContractProblem[] = [];
  constructor(
    private readonly env: Env,
    private readonly prefix: string,
    readonly subject: string,
    private readonly blockName: string,
  ) {}

  variable(key: string): string {
    return `${this.prefix}${key}`;
  }

  required(spec: KeySpec | string): string {
    const key = typeof spec === "string" ? spec : spec.key;
    const value = this.env[this.variable(key)];
    if (value === undefined || value === "") {
      this.problems.push({
        subject: this.subject,
        field: this.variable(key),
        shown: undefined,
        rule: "must be set",
        fix: FIX_PUBLISH(this.blockName),
      });
      return "";
    }
    return value;
  }

  /** A value that may be empty (a CA the vendor does not publish). */
  present(key: string): string {
    const value = this.env[this.variable(key)];
    if (value === undefined) {
      this.problems.push({
        subject: this.subject,
        field: this.variable(key),
        shown: undefined,
        rule: "must be set (it may be empty)",
        fix: FIX_PUBLISH(this.blockName),
      });
      return "";
    }
    return value;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const value = this.required(key);
    if (value !== "" && !(allowed as readonly string[]).includes(value)) {
      this.problems.push({
        subject: this.subject,
        field: this.variable(key),
        shown: shown(value, false),
        rule: `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}`,
        fix: "Republish the binding with this version of Wissel, or upgrade @wissel/runtime.",
      });
    }
    return value as T;
  }

  port(key: string): number {
    const value = this.required(key);
    const port = Number(value);
    if (value !== "" && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
      this.problems.push({
        subject: this.subject,
        field: this.variable(key),
        shown: shown(value, false),
        rule: "must be a port number from 1 to 65535",
        fix: FIX_PUBLISH(this.blockName),
      });
    }
    return port;
  }
}

const SCOPES: readonly CredentialScope[] = ["bucket", "project"];
const SSL_MODES: readonly SslMode[] = ["verify-full", "verify-ca", "require"];

function readBucket(r: Reader): BucketBinding {
  const protocol = r.oneOf("PROTOCOL", ["s3", "azure-blob"] as const);
  if (protocol === "s3") {
    return {
      protocol,
      endpoint: r.required("ENDPOINT"),
      region: r.required("REGION"),
      bucket: r.required("BUCKET"),
      pathStyle: r.oneOf("PATH_STYLE", ["true", "false"] as const) === "true",
      accessKeyId: r.required("ACCESS_KEY_ID"),
      secretAccessKey: r.required("SECRET_ACCESS_KEY"),
      credentialScope: r.oneOf("CREDENTIAL_SCOPE", SCOPES),
    };
  }
  const base = {
    protocol: "azure-blob" as const,
    endpoint: r.required("ENDPOINT"),
    region: r.required("REGION"),
    account: r.required("ACCOUNT"),
    bucket: r.required("BUCKET"),
    credentialScope: r.oneOf("CREDENTIAL_SCOPE", SCOPES),
  };
  const kind = r.oneOf(
    "CREDENTIAL_KIND",
    Object.keys(AZURE_CREDENTIAL_KEYS) as (keyof typeof AZURE_CREDENTIAL_KEYS)[],
  );
  let credentials: AzureBlobCredentials;
  if (kind === "sas") credentials = { kind, sasToken: r.required("SAS_TOKEN") };
  else if (kind === "shared-key") credentials = { kind, accountKey: r.required("ACCOUNT_KEY") };
  else
    credentials = {
      kind: "managed-identity",
      clientId: r.required("CLIENT_ID"),
      tenantId: r.required("TENANT_ID"),
    };
  return { ...base, credentials };
}

function readKind<K extends ContractKind>(r: Reader, kind: K): ContractBindings[K] {
  if (kind === "bucket") return readBucket(r) as ContractBindings[K];
  if (kind === "postgres") {
    const postgres = {
      host: r.required("HOST"),
      port: r.port("PORT"),
      database: r.required("DATABASE"),
      user: r.required("USER"),
      password: r.required("PASSWORD"),
      sslmode: r.oneOf("SSLMODE", SSL_MODES),
      caCertificate: r.present("CA_CERTIFICATE"),
      uri: r.required("URI"),
    };
    return postgres as ContractBindings[K];
  }
  const [namespace, apiServerUrl, serviceAccount, kubeconfig] = NAMESPACE_KEYS.map((k) =>
    r.required(k),
  );
  return {
    namespace: namespace!,
    apiServerUrl: apiServerUrl!,
    serviceAccount: serviceAccount!,
    kubeconfig: kubeconfig!,
  } as ContractBindings[K];
}

/**
 * Reads one block's binding from the environment. With `kind`, the block must be of that kind;
 * without, the kind comes from `WISSEL_<NAME>_KIND`. Throws a ContractError listing every problem.
 */
export function bindingFromEnv(
  name: string,
  env: Env = process.env,
  kind?: ContractKind,
): AnyBinding {
  const expected = kind !== undefined ? `${KIND_CLASSES[kind]} "${name}"` : `block "${name}"`;
  const prefix = envPrefix(name, expected);
  const version = env[CONTRACT_VERSION_VARIABLE];
  if (version !== CONTRACT_VERSION) {
    throw new ContractError([
      {
        subject: expected,
        field: CONTRACT_VERSION_VARIABLE,
        shown: version === undefined ? undefined : shown(version, false),
        rule: `must be "${CONTRACT_VERSION}", the contract this @wissel/runtime reads`,
        fix:
          version === undefined
            ? FIX_PUBLISH(name)
            : "Use the @wissel/runtime release that matches the Wissel release which published the binding.",
      },
    ]);
  }
  const probe = new Reader(env, prefix, expected, name);
  const actual = probe.oneOf("KIND", CONTRACT_KINDS);
  if (probe.problems.length > 0) throw new ContractError(probe.problems);
  if (kind !== undefined && actual !== kind) {
    throw new ContractError([
      {
        subject: expected,
        field: probe.variable("KIND"),
        shown: shown(actual, false),
        rule: `must be "${kind}": the application asked for a ${KIND_CLASSES[kind]}`,
        fix: `Pass the name of a ${KIND_CLASSES[kind]} block, or read "${name}" as a ${KIND_CLASSES[actual]}.`,
      },
    ]);
  }
  const reader = new Reader(env, prefix, `${KIND_CLASSES[actual]} "${name}"`, name);
  const binding = readKind(reader, actual);
  if (reader.problems.length > 0) throw new ContractError(reader.problems);
  return { kind: actual, binding } as AnyBinding;
}

/** Reads one block's binding of a known kind. */
export function readBinding<K extends ContractKind>(
  kind: K,
  name: string,
  env: Env = process.env,
): ContractBindings[K] {
  return bindingFromEnv(name, env, kind).binding as ContractBindings[K];
}
