/**
 * The environment contract: every binding shape round-trips (binding → variables → binding), the
 * variables validate against schemas/wissel-env.v1.schema.json, and the schema lists exactly the
 * keys the runtime writes and reads. Names and bad variables fail with the variable and the block.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import {
  bindingFromEnv,
  bindingToEnv,
  envName,
  keysOf,
  readBinding,
  CONTRACT_KINDS,
  type AnyBinding,
  type ContractKind,
} from "@wissel/runtime";

const SCHEMA_FILE = join(__dirname, "../../../schemas/wissel-env.v1.schema.json");
const schema = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as {
  $id: string;
  definitions: Record<
    string,
    {
      properties?: Record<string, unknown>;
      oneOf?: { $ref?: string; properties?: Record<string, unknown> }[];
    }
  >;
  propertyNames: { pattern: string };
};
const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addSchema(schema);
const validate = (ref: string, data: unknown): unknown => {
  const check = ajv.getSchema(`${schema.$id}${ref}`);
  if (check === undefined) throw new Error(`no schema ${ref}`);
  return check(data) ? [] : check.errors;
};

const CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
/** One binding of every shape a block publishes. */
const SAMPLES: readonly (AnyBinding & { name: string })[] = [
  {
    name: "files",
    kind: "bucket",
    binding: {
      protocol: "s3",
      endpoint: "https://s3.nl-ams.scw.cloud",
      region: "nl-ams",
      bucket: "files-5d41402a",
      pathStyle: false,
      accessKeyId: "SCWKEY",
      secretAccessKey: "scw-secret",
      credentialScope: "project",
    },
  },
  {
    name: "order-files",
    kind: "bucket",
    binding: {
      protocol: "azure-blob",
      endpoint: "https://files5d.blob.core.windows.net",
      region: "westeurope",
      account: "files5d",
      bucket: "files",
      credentials: { kind: "managed-identity", clientId: "c-1", tenantId: "t-1" },
      credentialScope: "bucket",
    },
  },
  {
    name: "exports",
    kind: "bucket",
    binding: {
      protocol: "azure-blob",
      endpoint: "https://ex.blob.core.windows.net",
      region: "westeurope",
      account: "ex",
      bucket: "exports",
      credentials: { kind: "sas", sasToken: "sv=2024&sig=abc" },
      credentialScope: "bucket",
    },
  },
  {
    name: "local2",
    kind: "bucket",
    binding: {
      protocol: "azure-blob",
      endpoint: "https://127.0.0.1:10000/dev",
      region: "local",
      account: "dev",
      bucket: "c",
      credentials: { kind: "shared-key", accountKey: "a2V5" },
      credentialScope: "project",
    },
  },
  {
    name: "records",
    kind: "postgres",
    binding: {
      host: "records-rw.workspace.svc",
      port: 5432,
      database: "records",
      user: "records_app",
      password: "pw",
      sslmode: "verify-full",
      caCertificate: CA,
      uri: "postgresql://records_app:pw@records-rw.workspace.svc:5432/records?sslmode=verify-full",
    },
  },
  {
    name: "legacy-db",
    kind: "postgres",
    binding: {
      host: "db.example",
      port: 6432,
      database: "d",
      user: "u",
      password: "pw",
      sslmode: "require",
      caCertificate: "",
      uri: "postgresql://u:pw@db.example:6432/d?sslmode=require",
    },
  },
  {
    name: "workspace",
    kind: "namespace",
    binding: {
      namespace: "workspace",
      apiServerUrl: "https://api.example:6443",
      serviceAccount: "wissel-ci",
      kubeconfig: "{}",
    },
  },
];

function unprefixed(env: Record<string, string>, name: string): Record<string, string> {
  const prefix = `WISSEL_${envName(name)}_`;
  return Object.fromEntries(
    Object.entries(env)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), v]),
  );
}

describe.each(SAMPLES.map((s) => [`${s.kind} "${s.name}"`, s] as const))("%s", (_label, sample) => {
  const env = bindingToEnv(sample.kind, sample.name, sample.binding);

  it("round-trips through the environment", () => {
    expect(bindingFromEnv(sample.name, env)).toEqual({
      kind: sample.kind,
      binding: sample.binding,
    });
  });

  it("validates against the schema, as a whole and as its kind", () => {
    expect(validate("", env)).toEqual([]);
    expect(validate(`#/definitions/${sample.kind}`, unprefixed(env, sample.name))).toEqual([]);
  });
});

function schemaKeys(kind: ContractKind): string[] {
  const keys = new Set<string>();
  const visit = (def: {
    properties?: Record<string, unknown>;
    oneOf?: { $ref?: string; properties?: Record<string, unknown> }[];
  }): void => {
    Object.keys(def.properties ?? {}).forEach((k) => keys.add(k));
    for (const branch of def.oneOf ?? [])
      visit(
        branch.$ref !== undefined
          ? schema.definitions[branch.$ref.replace("#/definitions/", "")]!
          : branch,
      );
  };
  visit(schema.definitions[kind]!);
  return [...keys].sort();
}

it.each(CONTRACT_KINDS)("the schema's %s keys are exactly the runtime's", (kind) => {
  expect(schemaKeys(kind)).toEqual(
    keysOf(kind)
      .map((k) => k.key)
      .sort(),
  );
});

it("the schema's variable-name pattern lists exactly the runtime's keys", () => {
  const listed = /_\(([A-Z_|]+)\)\)\$$/.exec(schema.propertyNames.pattern)?.[1]?.split("|").sort();
  expect(listed).toEqual(
    [...new Set(CONTRACT_KINDS.flatMap((k) => keysOf(k).map((s) => s.key)))].sort(),
  );
});

it("the schema refuses a variable outside the contract and a missing version", () => {
  expect(validate("", { WISSEL_CONTRACT_VERSION: "1", WISSEL_FILES_COLOUR: "blue" })).not.toEqual(
    [],
  );
  expect(validate("", { WISSEL_FILES_KIND: "bucket" })).not.toEqual([]);
});

describe("block names", () => {
  it.each([
    ["files", "FILES"],
    ["order-files", "ORDER_FILES"],
    ["db2", "DB2"],
  ])("%s maps to %s", (name, env) => expect(envName(name)).toBe(env));

  it.each([
    ["Files", 'Rename the block to "files"'],
    ["order_files", 'Rename the block to "order-files"'],
    ["a--b", 'Rename the block to "a-b"'],
    ["2files", 'Rename the block to "files"'],
    ["files-", 'Rename the block to "files"'],
    ["x".repeat(56), `Rename the block to "${"x".repeat(55)}"`],
  ])("%s is refused with the value, the rule and a fix", (name, fix) => {
    expect(() => envName(name, `Bucket "${name}"`)).toThrow(
      `Bucket "${name}": name must be lower-case letters and digits in words joined by single hyphens, starting with a letter, at most 55 characters (it becomes WISSEL_<NAME>_<KEY>); got ${JSON.stringify(name)}. ${fix}`,
    );
  });
});

describe("reading the environment", () => {
  const files = SAMPLES[0]!;
  const env = bindingToEnv(files.kind, files.name, files.binding);

  it("names each missing variable and the block it belongs to", () => {
    const {
      WISSEL_FILES_ENDPOINT: _endpoint,
      WISSEL_FILES_SECRET_ACCESS_KEY: _secret,
      ...rest
    } = env;
    expect(() => readBinding("bucket", "files", rest)).toThrow(
      'Bucket "files": WISSEL_FILES_ENDPOINT must be set; it is not set. Publish the binding into the pod\'s environment: files.bindTo(namespace) in the Pulumi program, and envFrom the Secret "files-binding" in the Deployment.\n' +
        'Bucket "files": WISSEL_FILES_SECRET_ACCESS_KEY must be set; it is not set.',
    );
  });

  it("refuses a missing or different contract version", () => {
    expect(() =>
      readBinding("bucket", "files", { ...env, WISSEL_CONTRACT_VERSION: undefined }),
    ).toThrow('Bucket "files": WISSEL_CONTRACT_VERSION must be "1"');
    expect(() => readBinding("bucket", "files", { ...env, WISSEL_CONTRACT_VERSION: "2" })).toThrow(
      'got "2". Use the @wissel/runtime release',
    );
  });

  it("refuses a block of another kind", () => {
    expect(() => readBinding("postgres", "files", env)).toThrow(
      'PostgresDatabase "files": WISSEL_FILES_KIND must be "postgres": the application asked for a PostgresDatabase; got "bucket".',
    );
  });

  it("shows a bad value but never a secret", () => {
    const records = SAMPLES[4]!;
    const pgEnv = {
      ...bindingToEnv(records.kind, records.name, records.binding),
      WISSEL_RECORDS_PORT: "99999",
      WISSEL_RECORDS_PASSWORD: "",
    };
    const read = () => readBinding("postgres", "records", pgEnv);
    expect(read).toThrow(
      'PostgresDatabase "records": WISSEL_RECORDS_PORT must be a port number from 1 to 65535; got "99999".',
    );
    expect(read).toThrow("WISSEL_RECORDS_PASSWORD must be set");
  });
});
