import { WisselError } from "@wissel/core";
import { DEFAULT_TROVE_DATASTORE, parseSettings } from "@wissel/openstack";
import { LEAF_CERTIFICATE, OPERATOR, PASSWORD_SEED, TROVE, TROVE_CA } from "./fixtures";

const BASE = {
  region: "AMS1",
  s3Endpoint: "https://s3.ams1.openstack.example",
  operator: OPERATOR,
};
const P = "wissel:openstack.postgres";

function withPostgres(postgres: unknown): Record<string, unknown> {
  return { ...BASE, postgres };
}

function errorOf(raw: unknown): WisselError {
  try {
    parseSettings(raw);
  } catch (error) {
    if (WisselError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`parseSettings accepted ${JSON.stringify(raw)}`);
}

/** TROVE without one key. */
function without(key: keyof typeof TROVE): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...TROVE };
  delete copy[key];
  return copy;
}

interface Case {
  readonly what: string;
  readonly postgres: unknown;
  readonly field: string;
  readonly received: string;
  readonly rule: string;
  readonly fix: string;
}

const CASES: readonly Case[] = [
  {
    what: "postgres as a string",
    postgres: "trove",
    field: P,
    received: '"trove"',
    rule: "must be an object such as { trove: false }",
    fix: `\`pulumi config set --path '${P}.trove' true\``,
  },
  {
    what: "trove as a string",
    postgres: { trove: "yes" },
    field: `${P}.trove`,
    received: '"yes"',
    rule: "must be true or false",
    fix: `Set ${P}.trove to true or false`,
  },
  {
    what: "an unknown key",
    postgres: { ...TROVE, network: "private" },
    field: `${P}.network`,
    received: "a string of 7 characters, not shown",
    rule: `is not a setting of ${P}`,
    fix: `Did you mean ${P}.networkId?`,
  },
  {
    what: "trove without a network",
    postgres: without("networkId"),
    field: `${P}.networkId`,
    received: "nothing",
    rule: "is required with trove",
    fix: `\`pulumi config set --path '${P}.networkId' <network-id>\``,
  },
  {
    what: "trove without datastore versions",
    postgres: without("versions"),
    field: `${P}.versions`,
    received: "nothing",
    rule: "is required with trove: it names Trove's datastore version for each PostgreSQL major",
    fix: `\`pulumi config set --path '${P}.versions["17"]' <datastore-version>\``,
  },
  {
    what: "a datastore version for a major Wissel does not offer",
    postgres: { ...TROVE, versions: { "14": "14.12" } },
    field: `${P}.versions["14"]`,
    received: '"14.12"',
    rule: "must be keyed by a PostgreSQL major Wissel offers (15, 16, 17)",
    fix: 'versions: { "17": "17.4" }',
  },
  {
    what: "a flavor without its Nova id",
    postgres: { ...TROVE, flavors: [{ name: "db.small", vcpu: 2, memoryGiB: 4 }] },
    field: `${P}.flavors[0].id`,
    received: "nothing",
    rule: "is required: this service takes the flavor's Nova id",
    fix: "Set id to the flavor's ID column of `openstack flavor list`.",
  },
  {
    what: "trove without flavors",
    postgres: without("flavors"),
    field: `${P}.flavors`,
    received: "nothing",
    rule: "is required with trove: flavors differ per cloud",
    fix: `\`pulumi config set --path '${P}.flavors[0].id' <flavor-id>\``,
  },
  {
    what: "trove without a CA certificate",
    postgres: without("caCertificate"),
    field: `${P}.caCertificate`,
    received: "nothing",
    rule: "is required with trove: the OpenStack provider cannot turn on Trove's TLS",
    fix: "Without it, Wissel would hand applications a connection it cannot verify.",
  },
  {
    what: "a CA certificate that is not PEM",
    postgres: { ...TROVE, caCertificate: "MIIBoTCCAUegAwIBAgIU" },
    field: `${P}.caCertificate`,
    received: '"MIIBoTCCAUegAwIBAgIU"',
    rule: "must be PEM: one or more blocks",
    fix: "caCertificate: |",
  },
  {
    what: "a PEM block that does not parse",
    postgres: {
      ...TROVE,
      caCertificate:
        "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n",
    },
    field: `${P}.caCertificate`,
    received: '"-----BEGIN CERTIFICATE-----…"',
    rule: "must be a certificate that parses",
    fix: "caCertificate: |",
  },
  {
    what: "a server certificate in place of its CA",
    postgres: { ...TROVE, caCertificate: LEAF_CERTIFICATE },
    field: `${P}.caCertificate`,
    received: '"-----BEGIN CERTIFICATE-----…"',
    rule: "must be a CA certificate (basicConstraints CA:TRUE): the certificate (CN=db.example) is a leaf",
    fix: "not the server certificate itself",
  },
  {
    what: "trove without a password seed",
    postgres: without("passwordSeed"),
    field: `${P}.passwordSeed`,
    received: "nothing",
    rule: "is required with trove: each database's app password is derived from it",
    fix: `\`pulumi config set --secret --path '${P}.passwordSeed' "$(openssl rand -base64 32)"\``,
  },
  {
    what: "a short password seed",
    postgres: { ...TROVE, passwordSeed: "hunter2-hunter2" },
    field: `${P}.passwordSeed`,
    received: "a string of 15 characters, not shown",
    rule: "must be a secret string of at least 32 printable characters",
    fix: "--secret",
  },
  {
    what: "a volume limit below core's smallest database",
    postgres: { ...TROVE, maxVolumeGiB: 5 },
    field: `${P}.maxVolumeGiB`,
    received: "5",
    rule: "must be a whole number of GiB from 10 to 16384",
    fix: "max_accepted_volume_size",
  },
  {
    what: "a datastore name with a space at the end",
    postgres: { ...TROVE, datastore: "postgresql " },
    field: `${P}.datastore`,
    received: '"postgresql "',
    rule: "must be Trove's datastore name for PostgreSQL",
    fix: "`openstack datastore list`",
  },
  {
    what: "a backup object store without its retention",
    postgres: { backupObjectStore: { name: "pg-backups" } },
    field: `${P}.backupObjectStore.retentionDays`,
    received: "nothing",
    rule: "is required: how many days the ObjectStore keeps backups",
    fix: `\`pulumi config set --path '${P}.backupObjectStore.retentionDays' 30\``,
  },
  {
    what: "a backup object store name in capitals",
    postgres: { backupObjectStore: { name: "PG-Backups", retentionDays: 30 } },
    field: `${P}.backupObjectStore.name`,
    received: '"PG-Backups"',
    rule: "must be an ObjectStore name (DNS-1123 subdomain)",
    fix: "kubectl get objectstores.barmancloud.cnpg.io",
  },
  {
    what: "a StorageClass name with an underscore",
    postgres: { storageClassName: "cinder_ssd" },
    field: `${P}.storageClassName`,
    received: '"cinder_ssd"',
    rule: "must be a Kubernetes name (DNS-1123 subdomain",
    fix: "`kubectl get storageclass`",
  },
];

describe("wissel:openstack.postgres rejects", () => {
  it.each(CASES.map((c) => [c.what, c] as const))("%s", (_what, c) => {
    const error = errorOf(withPostgres(c.postgres));
    const issue = error.issues.find((i) => i.field === c.field);
    expect(issue).toBeDefined();
    expect(error.message).toContain(`stack config: ${c.field} ${c.rule}`);
    expect(error.message).toContain(`(received ${c.received})`);
    expect(issue?.fix).toContain(c.fix);
  });

  it("never shows the password seed, whatever is wrong with it", () => {
    const seed = "a-secret-value-too-short";
    const error = errorOf(withPostgres({ ...TROVE, passwordSeed: seed, networkId: undefined }));
    expect(error.issues.map((i) => i.field).sort()).toEqual([
      `${P}.networkId`,
      `${P}.passwordSeed`,
    ]);
    expect(error.message).not.toContain(seed);
    expect(JSON.stringify(error.issues)).not.toContain(seed);
  });

  it("reports every missing Trove setting at once", () => {
    const error = errorOf(withPostgres({ trove: true }));
    expect(error.issues.map((i) => i.field)).toEqual([
      `${P}.networkId`,
      `${P}.versions`,
      `${P}.flavors`,
      `${P}.caCertificate`,
      `${P}.passwordSeed`,
    ]);
  });
});

describe("wissel:openstack.postgres accepts", () => {
  it("nothing at all: PostgreSQL then runs as CloudNativePG, and the section is absent", () => {
    expect(parseSettings(BASE).postgres).toBeUndefined();
  });

  it("trove: false without any Trove setting", () => {
    expect(parseSettings(withPostgres({ trove: false })).postgres).toEqual({});
  });

  it("Trove's settings unread without trove: true, however malformed", () => {
    expect(
      parseSettings(
        withPostgres({ trove: false, networkId: 5, versions: "17", passwordSeed: "short" }),
      ).postgres,
    ).toEqual({});
  });

  it("CloudNativePG's backup object store, StorageClass and operator namespace", () => {
    const postgres = {
      backupObjectStore: { name: "pg-backups", retentionDays: 30 },
      storageClassName: "csi-cinder-ssd",
      operatorNamespace: "cnpg-operator",
    };
    expect(parseSettings(withPostgres(postgres)).postgres).toEqual(postgres);
  });

  it("Trove settings, defaulting the datastore name to postgresql and keeping the CA as one PEM block", () => {
    const trove = parseSettings(withPostgres(TROVE)).postgres?.trove;
    expect(trove).toEqual({
      networkId: TROVE.networkId,
      datastore: DEFAULT_TROVE_DATASTORE,
      versions: { "16": "16.6", "17": "17.4" },
      flavors: TROVE.flavors,
      maxVolumeGiB: 1024,
      caCertificate: TROVE_CA,
      passwordSeed: PASSWORD_SEED,
      scheduledBackupRetentionDays: 30,
    });
    expect(DEFAULT_TROVE_DATASTORE).toBe("postgresql");
  });

  it("a named datastore and no volume limit", () => {
    const raw = { ...without("maxVolumeGiB"), datastore: "postgres-docker" };
    const trove = parseSettings(withPostgres(raw)).postgres?.trove;
    expect([trove?.datastore, trove?.maxVolumeGiB]).toEqual(["postgres-docker", undefined]);
  });
});
