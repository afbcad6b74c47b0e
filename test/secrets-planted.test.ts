/**
 * No message ever carries a planted secret. A secret-looking value is planted under every settings
 * path of every adapter (the stack file's keys and the optional ones it leaves out), under unknown
 * keys at every level, under every block argument and under the stack-wide keys; then every block
 * is built and every message the program raises is scanned.
 */
import {
  Bucket,
  KubernetesCluster,
  Namespace,
  PostgresDatabase,
  type PostgresDatabaseArgs,
} from "@wissel/core";
import { MockHarness } from "@wissel/testing";
import { outputs } from "../packages/kubernetes/test/fixtures";
import { flagshipSettings } from "./flagship";

const TARGETS = ["kubernetes", "azure", "scaleway", "openstack"] as const;
type Target = (typeof TARGETS)[number];

/** The planted secrets, and the fragment of each that must not reach a message. */
const RANDOM = "Zq8vR2mXw4TbY7nKp3LsD9fHj6Gc";
const PRIVATE_KEY =
  "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgPlantedKeyBody\n-----END PRIVATE KEY-----\n";
const PLAIN = "plain-planted-words";
const TOKEN_OBJECT = { token: "tok-planted-value" };
const PLANTS: ReadonlyArray<readonly [string, unknown, string]> = [
  ["a random string", RANDOM, "Xw4TbY7nKp3L"],
  ["a private key", PRIVATE_KEY, "PlantedKeyBody"],
  ["an object holding a token", TOKEN_OBJECT, "tok-planted"],
];

/**
 * Settings paths the flagship stack files leave out, per target; with the paths the stack files
 * set, they are every key each adapter reads.
 */
const OPTIONAL_PATHS: Readonly<Record<Target, readonly string[]>> = {
  kubernetes: [
    "kubeconfig",
    "context",
    "country",
    "objectStorage.region",
    "postgres.namespace",
    "postgres.operatorNamespace",
  ],
  azure: ["apiServerAuthorizedIpRanges", "apiServerAuthorizedIpRanges.0"],
  scaleway: ["oidc", "oidc.issuerUrl", "oidc.clientId", "oidc.groupsClaim", "oidc.usernameClaim"],
  openstack: [
    "s3Region",
    "regionCountry",
    "kubernetes.masterFlavor",
    "kubernetes.keypair",
    "kubernetes.fixedNetwork",
    "kubernetes.fixedSubnet",
    "kubernetes.publicApi",
    "postgres.networkId",
    "postgres.datastore",
    "postgres.versions",
    "postgres.flavors",
    "postgres.maxVolumeGiB",
    "postgres.caCertificate",
    "postgres.passwordSeed",
    "postgres.scheduledBackupRetentionDays",
    "postgres.storageClassName",
    "postgres.operatorNamespace",
  ],
};

/**
 * Objects whose keys are names of the program's own (a database's app password), where any key is
 * valid: an unknown key there is not refused, but its value must still never be shown.
 */
const MAP_PATHS: Readonly<Record<Target, readonly string[]>> = {
  kubernetes: [],
  azure: ["postgresAppPasswords"],
  scaleway: [],
  openstack: [],
};

type Json = Record<string, unknown>;

/** Every path to a value of a settings object, objects and lists included. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== "object") return [prefix];
  const entries = Array.isArray(value)
    ? value.map((v, i) => [String(i), v] as const)
    : Object.entries(value);
  return [
    ...(prefix.length > 0 ? [prefix] : []),
    ...entries.flatMap(([k, v]) => paths(v, [...prefix, k])),
  ];
}

/** Every object's path in a settings object, the root included. */
function objectPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== "object") return [];
  const entries = Array.isArray(value)
    ? value.map((v, i) => [String(i), v] as const)
    : Object.entries(value);
  return [
    ...(Array.isArray(value) ? [] : [prefix]),
    ...entries.flatMap(([k, v]) => objectPaths(v, [...prefix, k])),
  ];
}

/** A deep copy of `settings` with `value` at `path`, creating the objects on the way. */
function plantAt(settings: unknown, path: readonly string[], value: unknown): Json {
  const copy = structuredClone(settings) as Json;
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== "object") node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
  return copy;
}

let harness: MockHarness;
beforeAll(async () => {
  harness = await MockHarness.start({ outputs });
});
beforeEach(() => harness.reset());

/** Builds every block and returns each message the program raised, with the issues it carried. */
async function messages(
  config: Record<string, unknown>,
  args: Partial<Record<"bucket" | "postgres" | "cluster" | "namespace", unknown>> = {},
): Promise<string[]> {
  harness.reset();
  harness.setConfig(config);
  const seen: string[] = [];
  const attempt = (build: () => unknown): unknown => {
    try {
      return build();
    } catch (error) {
      seen.push(error instanceof Error ? error.message : String(error));
      if (typeof error === "object" && error !== null && "issues" in error)
        seen.push(JSON.stringify((error as { issues: unknown }).issues));
      return undefined;
    }
  };
  attempt(() => new Bucket("files", args.bucket as object));
  const cluster = attempt(() => new KubernetesCluster("platform", args.cluster as object)) as
    KubernetesCluster | undefined;
  const namespace = attempt(
    () =>
      new Namespace("workspace", {
        ...(cluster ? { cluster } : {}),
        ...(args.namespace as object),
      }),
  ) as Namespace | undefined;
  attempt(
    () =>
      new PostgresDatabase("records", {
        ...(namespace ? { namespace } : {}),
        ...(args.postgres as PostgresDatabaseArgs),
      }),
  );
  try {
    await harness.settle();
  } catch (error) {
    seen.push(error instanceof Error ? error.message : String(error));
  }
  return seen;
}

function expectClean(found: readonly string[], fragment: string): void {
  for (const message of found) expect(message).not.toContain(fragment);
}

describe.each(TARGETS)("on %s, no message shows a secret planted", (target) => {
  const base = flagshipSettings(target);
  const settingsPaths = [...paths(base), ...OPTIONAL_PATHS[target].map((p) => p.split("."))];
  const configOf = (settings: unknown): Record<string, unknown> => ({
    "wissel:target": target,
    [`wissel:${target}`]: settings,
  });

  it.each(PLANTS)("as %s under every settings path", async (_what, plant, fragment) => {
    let refused = 0;
    for (const path of settingsPaths) {
      const found = await messages(configOf(plantAt(base, path, plant)));
      if (found.length > 0) refused += 1;
      expectClean(found, fragment);
    }
    // The plants are refused, so the scan read real messages: a secret's shape fits no setting.
    expect(refused).toBeGreaterThan(settingsPaths.length / 2);
  });

  it("as the value of an unknown key at every level of the settings", async () => {
    for (const path of objectPaths(base)) {
      for (const key of ["regoin", "passwrd", "apiKey"]) {
        const found = await messages(configOf(plantAt(base, [...path, key], PLAIN)));
        if (!MAP_PATHS[target].includes(path.join("."))) expect(found.join("\n")).toContain(key);
        expectClean(found, PLAIN);
      }
    }
  });

  it.each(PLANTS)("as %s under the stack-wide keys", async (_what, plant, fragment) => {
    const settings = { "wissel:target": target, [`wissel:${target}`]: base };
    const cases: Record<string, unknown>[] = [
      { ...settings, "wissel:target": plant },
      { ...settings, "wissel:targets": { files: plant } },
      { ...settings, "wissel:targets": { files: target, [RANDOM]: target } },
      { ...settings, "wissel:policy": { sensitive: plant } },
      { ...settings, "wissel:policy": { sensitive: "eu", [PLAIN]: true, token: plant } },
    ];
    for (const config of cases) expectClean(await messages(config), fragment);
  });
});

const ARG_KEYS = {
  bucket: ["versioning", "expireAfterDays", "cors", "classification", "allowDataLoss"],
  postgres: [
    "version",
    "vcpu",
    "memoryGiB",
    "storageGiB",
    "highAvailability",
    "backupRetentionDays",
    "pointInTimeRecovery",
    "extensions",
    "databaseName",
    "allowedCidrs",
    "classification",
    "allowDataLoss",
  ],
  cluster: ["version", "nodeCount", "vcpu", "memoryGiB", "classification", "allowDataLoss"],
  namespace: ["quota", "containerDefaults", "teamGroup", "classification", "allowDataLoss"],
} as const;

describe("no block argument's message shows a secret planted in it", () => {
  const config = {
    "wissel:target": "kubernetes",
    "wissel:kubernetes": flagshipSettings("kubernetes"),
  };

  it.each(PLANTS)("as %s under every argument of every block", async (_what, plant, fragment) => {
    for (const [block, keys] of Object.entries(ARG_KEYS)) {
      for (const key of keys) {
        const found = await messages(config, { [block]: { [key]: plant } });
        expectClean(found, fragment);
      }
    }
  });

  it("as the value of an unknown argument of every block, and inside a CORS rule", async () => {
    for (const block of Object.keys(ARG_KEYS)) {
      for (const key of ["secretKey", "passwrd", "tags"]) {
        const found = await messages(config, { [block]: { [key]: PLAIN } });
        expect(found.join("\n")).toContain(key);
        expectClean(found, PLAIN);
      }
    }
    const cors = await messages(config, {
      bucket: { cors: [{ allowedOrigins: ["*"], allowedMethods: ["GET"], token: PLAIN }] },
    });
    expect(cors.join("\n")).toContain("cors[0].token");
    expectClean(cors, PLAIN);
  });
});
