/** The copy-step functions as pure functions: exact commands and environment, refusals, facts. */
import {
  CopyStepError,
  EXTENSION_ENTRIES,
  bucketCheck,
  bucketSync,
  logicalReplication,
  postgresCopy,
} from "@wissel/migrate";
import type { AzureBlobBinding, PostgresBinding, S3Binding } from "@wissel/runtime";
import { assertNoSecretShown } from "./run";

const scaleway: S3Binding = {
  protocol: "s3",
  endpoint: "https://s3.nl-ams.scw.cloud",
  region: "nl-ams",
  bucket: "uploads-7f3a",
  pathStyle: false,
  accessKeyId: "SCWKEYID0000",
  secretAccessKey: "scw-secret-value",
  credentialScope: "bucket",
};
const rgw: S3Binding = {
  ...scaleway,
  endpoint: "http://rook-ceph-rgw.rook-ceph.svc:80",
  region: "",
  bucket: "uploads-obc",
  pathStyle: true,
  accessKeyId: "RGWKEYID",
  secretAccessKey: "rgw-secret-value",
};
const azure: AzureBlobBinding = {
  protocol: "azure-blob",
  endpoint: "https://wisselup.blob.core.windows.net",
  region: "westeurope",
  account: "wisselup",
  bucket: "uploads",
  credentials: { kind: "shared-key", accountKey: "azure-account-key==" },
  credentialScope: "project",
};

describe("bucketSync", () => {
  it("defines both remotes by environment only, with the secrets marked", () => {
    const step = bucketSync(scaleway, azure);
    expect(step.command).toEqual([
      "rclone",
      "sync",
      "--checksum",
      "source:uploads-7f3a",
      "target:uploads",
      "--fast-list",
      "--stats=30s",
      "--stats-one-line",
      "--stats-log-level=NOTICE",
    ]);
    expect(step.env).toEqual({
      RCLONE_CONFIG: "/dev/null",
      RCLONE_CONFIG_SOURCE_TYPE: "s3",
      RCLONE_CONFIG_SOURCE_PROVIDER: "Scaleway",
      RCLONE_CONFIG_SOURCE_ENV_AUTH: "false",
      RCLONE_CONFIG_SOURCE_ACCESS_KEY_ID: "SCWKEYID0000",
      RCLONE_CONFIG_SOURCE_SECRET_ACCESS_KEY: "scw-secret-value",
      RCLONE_CONFIG_SOURCE_ENDPOINT: "https://s3.nl-ams.scw.cloud",
      RCLONE_CONFIG_SOURCE_FORCE_PATH_STYLE: "false",
      RCLONE_CONFIG_SOURCE_NO_CHECK_BUCKET: "true",
      RCLONE_CONFIG_SOURCE_REGION: "nl-ams",
      // The public endpoint of the account: no ENDPOINT, which every rclone version builds itself.
      RCLONE_CONFIG_TARGET_TYPE: "azureblob",
      RCLONE_CONFIG_TARGET_ACCOUNT: "wisselup",
      RCLONE_CONFIG_TARGET_KEY: "azure-account-key==",
    });
    expect(step.secretEnv).toEqual([
      "RCLONE_CONFIG_SOURCE_ACCESS_KEY_ID",
      "RCLONE_CONFIG_SOURCE_SECRET_ACCESS_KEY",
      "RCLONE_CONFIG_TARGET_KEY",
    ]);
    expect(() => assertNoSecretShown(step)).not.toThrow();
  });

  it("uses the generic provider and path style for an in-cluster RGW, and no region when it has none", () => {
    const env = bucketSync(rgw, scaleway).env;
    expect(env["RCLONE_CONFIG_SOURCE_PROVIDER"]).toBe("Other");
    expect(env["RCLONE_CONFIG_SOURCE_FORCE_PATH_STYLE"]).toBe("true");
    expect(env).not.toHaveProperty("RCLONE_CONFIG_SOURCE_REGION");
    expect(env["RCLONE_CONFIG_TARGET_PROVIDER"]).toBe("Scaleway");
  });

  it.each([
    [
      "a container SAS: the URL is the credential",
      { ...azure, credentials: { kind: "sas", sasToken: "?sv=2024&sig=abc%2B" } } as const,
      {
        RCLONE_CONFIG_SOURCE_TYPE: "azureblob",
        RCLONE_CONFIG_SOURCE_SAS_URL:
          "https://wisselup.blob.core.windows.net/uploads?sv=2024&sig=abc%2B",
      },
      ["RCLONE_CONFIG_SOURCE_SAS_URL"],
    ],
    [
      "an account key on another endpoint (Azurite)",
      { ...azure, endpoint: "https://127.0.0.1:10000/wisselup/" },
      {
        RCLONE_CONFIG_SOURCE_TYPE: "azureblob",
        RCLONE_CONFIG_SOURCE_ACCOUNT: "wisselup",
        RCLONE_CONFIG_SOURCE_KEY: "azure-account-key==",
        RCLONE_CONFIG_SOURCE_ENDPOINT: "https://127.0.0.1:10000/wisselup",
      },
      ["RCLONE_CONFIG_SOURCE_KEY"],
    ],
    [
      "a managed identity",
      {
        ...azure,
        credentials: { kind: "managed-identity", clientId: "c-1", tenantId: "t-1" },
      } as const,
      {
        RCLONE_CONFIG_SOURCE_TYPE: "azureblob",
        RCLONE_CONFIG_SOURCE_ACCOUNT: "wisselup",
        RCLONE_CONFIG_SOURCE_ENV_AUTH: "true",
        AZURE_CLIENT_ID: "c-1",
        AZURE_TENANT_ID: "t-1",
      },
      [],
    ],
  ])("Azure with %s", (_label, binding: AzureBlobBinding, expected, secret) => {
    const step = bucketSync(binding, rgw);
    const source = Object.fromEntries(
      Object.entries(step.env).filter(
        ([k]) => !k.startsWith("RCLONE_CONFIG_TARGET") && k !== "RCLONE_CONFIG",
      ),
    );
    expect(source).toEqual(expected);
    expect(step.secretEnv.filter((name) => name.includes("SOURCE"))).toEqual(secret);
    expect(() => assertNoSecretShown(step)).not.toThrow();
  });

  it.each([
    [
      "the same bucket twice",
      scaleway,
      { ...scaleway, endpoint: "https://S3.nl-ams.scw.cloud/" },
      /same bucket \("uploads-7f3a"/,
    ],
    [
      "an endpoint that is no URL",
      { ...scaleway, endpoint: "s3.nl-ams" },
      azure,
      /endpoint "s3\.nl-ams", which is not a URL/,
    ],
    [
      "an endpoint of another protocol",
      { ...scaleway, endpoint: "ftp://x" },
      azure,
      /protocol "ftp:"/,
    ],
    [
      "two managed identities",
      {
        ...azure,
        credentials: { kind: "managed-identity", clientId: "a", tenantId: "t" },
      } as const,
      {
        ...azure,
        bucket: "other",
        credentials: { kind: "managed-identity", clientId: "b", tenantId: "t" },
      } as const,
      /two different managed identities/,
    ],
  ])("refuses %s, without a secret in the message", (_label, source, target, message) => {
    expect(() => bucketSync(source, target)).toThrow(CopyStepError);
    expect(() => bucketSync(source, target)).toThrow(message);
    try {
      bucketSync(source, target);
    } catch (error) {
      expect(String(error)).not.toMatch(/secret-value|account-key/);
    }
  });
});

describe("bucketCheck", () => {
  it("compares by hash by default and reads both copies with verify: download", () => {
    expect(bucketCheck(scaleway, azure).command.slice(0, 3)).toEqual([
      "rclone",
      "check",
      "source:uploads-7f3a",
    ]);
    expect(bucketCheck(scaleway, azure, { verify: "download" }).command.slice(0, 3)).toEqual([
      "rclone",
      "check",
      "--download",
    ]);
    expect(bucketCheck(scaleway, azure, { caCertificateFile: "/ca.pem" }).command).toContain(
      "/ca.pem",
    );
  });
});

const oldDb: PostgresBinding = {
  host: "orders.postgres.database.azure.com",
  port: 5432,
  database: "orders",
  user: "orders_app",
  password: "old-password-value",
  sslmode: "verify-full",
  caCertificate: "-----BEGIN CERTIFICATE-----\nold\n-----END CERTIFICATE-----\n",
  uri: "postgresql://orders_app:old-password-value@orders.postgres.database.azure.com:5432/orders",
};
const newDb: PostgresBinding = {
  ...oldDb,
  host: "10.0.0.5",
  user: "orders_v2",
  password: "new-password-value",
  caCertificate: "",
  uri: "postgresql://orders_v2:new-password-value@10.0.0.5:5432/orders",
};

describe("postgresCopy", () => {
  it("dumps with the source's variables and restores as the new app role with the target's", () => {
    const steps = postgresCopy(oldDb, newDb, { workDir: "/work/copy/" });
    expect(steps.files).toEqual([
      { path: "/work/copy/source-ca.pem", contents: oldDb.caCertificate },
    ]);
    const [dump, list, skip, restore] = steps.commands;
    expect(dump?.env).toEqual({
      PGHOST: "orders.postgres.database.azure.com",
      PGPORT: "5432",
      PGUSER: "orders_app",
      PGPASSWORD: "old-password-value",
      PGDATABASE: "orders",
      PGSSLMODE: "verify-full",
      PGAPPNAME: "wissel-copy",
      PGCONNECT_TIMEOUT: "30",
      PGSSLROOTCERT: "/work/copy/source-ca.pem",
    });
    expect(dump?.command).toEqual([
      "pg_dump",
      "--format=custom",
      "--no-password",
      "--file=/work/copy/source.dump",
    ]);
    expect(list?.env).toEqual({});
    expect(skip?.command.slice(0, 4)).toEqual(["sed", "-i", "-E", "-e"]);
    // No CA published: the system roots, not a file of the runner's home.
    expect(restore?.env["PGSSLROOTCERT"]).toBe("system");
    expect(restore?.env["PGUSER"]).toBe("orders_v2");
    expect(restore?.command).toEqual(
      expect.arrayContaining([
        "--no-owner",
        "--role=orders_v2",
        "--clean",
        "--single-transaction",
        "--exit-on-error",
      ]),
    );
    for (const command of steps.commands) {
      expect(command.secretEnv).toEqual(
        command.env["PGPASSWORD"] !== undefined ? ["PGPASSWORD"] : [],
      );
      expect(() => assertNoSecretShown(command)).not.toThrow();
    }
  });

  it("sets no root certificate for sslmode=require without a CA", () => {
    const restore = postgresCopy(oldDb, { ...newDb, sslmode: "require" }, { workDir: "/w" })
      .commands[3];
    expect(restore?.env).not.toHaveProperty("PGSSLROOTCERT");
  });

  it.each([
    [
      "the same database",
      oldDb,
      { ...oldDb, host: "ORDERS.postgres.database.azure.com" },
      "/w",
      /same database/,
    ],
    ["a relative workDir", oldDb, newDb, "copy", /absolute path; received "copy"/],
    ["a port out of range", oldDb, { ...newDb, port: 70000 }, "/w", /port 70000/],
  ])("refuses %s", (_label, source, target, workDir, message) => {
    expect(() => postgresCopy(source, target, { workDir })).toThrow(message);
    expect(() => postgresCopy(source, target, { workDir })).not.toThrow(/password-value/);
  });

  it.each([
    ["2; 3079 16385 EXTENSION - citext", true],
    ["4370; 0 0 COMMENT - EXTENSION citext", true],
    ["215; 1259 16390 TABLE public EXTENSION orders_app", false],
    ["4371; 0 0 COMMENT public TABLE orders orders_app", false],
    [";2; 3079 16385 EXTENSION - citext", false],
  ])("the restore list filter: %s → skipped %s", (line, skipped) => {
    expect(EXTENSION_ENTRIES.test(line)).toBe(skipped);
  });
});

describe("logicalReplication", () => {
  it.each([
    [
      { vendor: "azure", version: 16 },
      { vendor: "kubernetes", version: 17 },
      true,
      /wal_level=logical/,
    ],
    [
      { vendor: "scaleway", version: 17 },
      { vendor: "azure", version: 17 },
      true,
      /rdb\.enable_logical_replication/,
    ],
    [{ vendor: "kubernetes", version: 15 }, { vendor: "azure", version: 16 }, true, /Publication/],
    [
      { vendor: "scaleway", version: 16 },
      { vendor: "azure", version: 17 },
      false,
      /from PostgreSQL 17; this database runs 16/,
    ],
    [
      { vendor: "azure", version: 16 },
      { vendor: "scaleway", version: 17 },
      false,
      /scaleway as subscriber \(target\) is not known/,
    ],
    [
      { vendor: "openstack", version: 16 },
      { vendor: "kubernetes", version: 16 },
      false,
      /openstack as publisher/,
    ],
    [
      { vendor: "azure", version: 9 },
      { vendor: "azure", version: 16 },
      false,
      /PostgreSQL 10 or newer/,
    ],
  ] as const)("%j → %j: possible %s", (source, target, possible, text) => {
    const verdict = logicalReplication(source, target);
    expect(verdict.possible).toBe(possible);
    expect(verdict.possible ? verdict.requires.join("\n") : verdict.reason).toMatch(text);
  });

  it("tells a known impossibility from missing facts", () => {
    const known = logicalReplication(
      { vendor: "scaleway", version: 15 },
      { vendor: "kubernetes", version: 17 },
    );
    const unknown = logicalReplication(
      { vendor: "openstack", version: 16 },
      { vendor: "scaleway", version: 17 },
    );
    expect(known.possible === false && known.unknown).toBe(false);
    expect(unknown.possible === false && unknown.unknown).toBe(true);
    expect(unknown.possible === false && unknown.reason).toMatch(
      /openstack as publisher.*; .*scaleway as subscriber/,
    );
  });
});
