/**
 * `@wissel/kubernetes/compose`, the entry point vendor adapters build on: the CloudNativePG checks
 * with typed inputs and issues that name their check, and the parts it lends (loaded lazily).
 */
import { validatePostgresArgs, type PostgresBuildSpec } from "@wissel/core";
import * as compose from "@wissel/kubernetes/compose";
import * as kubernetes from "@wissel/kubernetes";

const SUBJECT = 'PostgresDatabase "orders"';
const spec = (args: Record<string, unknown>): PostgresBuildSpec =>
  validatePostgresArgs(args, SUBJECT, "orders");
const STORE = { name: "backups", retentionDays: 30 } as const;
const BACKUP_SETTING = "wissel:openstack.postgres.backupObjectStore";

describe("checkCloudNativePostgres", () => {
  it("names the check behind each issue", () => {
    const issues = compose.checkCloudNativePostgres(
      spec({ extensions: ["postgis"], backupRetentionDays: 31 }),
      SUBJECT,
      {
        namespace: { checkedBy: "fallback" },
        backupObjectStore: STORE,
        backupSetting: BACKUP_SETTING,
      },
    );
    expect(issues.map((i) => [i.check, i.field, i.value])).toEqual([
      ["extension", "extensions[0]", "postgis"],
      ["namespace", "namespace", undefined],
      ["backupRetention", "backupRetentionDays", 31],
    ]);
    expect(issues[2]?.rule).toContain(`(${BACKUP_SETTING}.retentionDays)`);
  });

  it("leaves the namespace to a caller that checks it itself, and keeps every other check", () => {
    const issues = compose.checkCloudNativePostgres(spec({ extensions: ["postgis"] }), SUBJECT, {
      namespace: { checkedBy: "caller" },
      backupSetting: BACKUP_SETTING,
    });
    expect(issues.map((i) => i.check)).toEqual(["extension"]);
  });

  it("falls back to a configured namespace, and gives the command that sets one in the fix", () => {
    const command =
      "pulumi config set --path 'wissel:kubernetes.postgres.namespace' team-databases";
    expect(
      compose.checkCloudNativePostgres(spec({}), SUBJECT, {
        namespace: { checkedBy: "fallback", defaultNamespace: "apps" },
        backupSetting: BACKUP_SETTING,
      }),
    ).toEqual([]);
    const [issue] = compose.checkCloudNativePostgres(spec({}), SUBJECT, {
      namespace: { checkedBy: "fallback", command },
      backupSetting: BACKUP_SETTING,
    });
    expect(issue?.fix).toBe(`Pass namespace: a Namespace of the program, or run ${command}.`);
  });
});

describe("entry points", () => {
  it("the main entry holds the adapter only; what vendors reuse is in compose", () => {
    expect(Object.keys(kubernetes)).toEqual(["adapter"]);
    expect(Object.keys(compose).sort()).toEqual([
      "POD_SECURITY_LABELS",
      "bindingSecretPublisher",
      "buildCloudNativePostgres",
      "buildHardenedNamespace",
      "buildNamespaceOnCluster",
      "checkCloudNativePostgres",
      "cloudNativePhysicalNames",
      "cloudNativeSpec",
      "clusterProvider",
      "mailServerParts",
    ]);
  });
});
