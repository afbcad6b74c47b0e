/**
 * The adapter must load only the azure-native submodules it uses: the SDK's root barrel costs a second
 * at startup. Jest's module registry is not Node's, so this runs the built package in a plain Node
 * child process and reads its `require.cache`.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { buildWorkspace } from "../../../test/build-workspace";

const PACKAGE = path.resolve(__dirname, "..");
const SDK = `${path.sep}@pulumi${path.sep}azure-native${path.sep}`;

/** Files under @pulumi/azure-native that a program has loaded, relative to the SDK root. */
function loadedSdkFiles(script: string): string[] {
  const out = execFileSync(process.execPath, ["-e", script], {
    cwd: PACKAGE,
    encoding: "utf8",
    timeout: 60_000,
  });
  const keys = JSON.parse(out.trim().split("\n").pop()!) as string[];
  return keys
    .filter((k) => k.includes(SDK))
    .map((k) =>
      k
        .slice(k.lastIndexOf(SDK) + SDK.length)
        .split(path.sep)
        .join("/"),
    );
}

/**
 * What may be loaded: the six submodules, their enums, and the SDK's shared helpers. The generated
 * resource classes load `types/input.js` themselves (for input defaults); it is not the root barrel.
 */
const ALLOWED =
  /^(storage|managedidentity|authorization|containerservice|dbforpostgresql|communication)\/|^types\/enums\/(storage|managedidentity|authorization|containerservice|dbforpostgresql|communication)\/|^types\/input\.js$|^utilities\.js$|^package\.json$/;

beforeAll(() => {
  // Build the adapter (and core) so dist matches the sources under test; incremental, so cheap when current.
  buildWorkspace();
}, 200_000);

describe("azure-native imports", () => {
  it("loads no SDK module when the package is imported: each block's module loads with its first use", () => {
    const index = `require(${JSON.stringify(path.join(PACKAGE, "dist/index.js"))}); console.log(JSON.stringify(Object.keys(require.cache)));`;
    expect(loadedSdkFiles(index)).toEqual([]);
  });

  it("loads only the storage, managedidentity, authorization, containerservice, dbforpostgresql and communication submodules from its block modules", () => {
    // Every block's module, through the adapter's loaders, as a program's first use loads it.
    const index = JSON.stringify(path.join(PACKAGE, "dist/index.js"));
    const files = loadedSdkFiles(
      `for (const load of Object.values(require(${index}).adapter.blocks)) load(); console.log(JSON.stringify(Object.keys(require.cache)));`,
    );
    expect(files).toEqual(
      expect.arrayContaining([
        "storage/index.js",
        "managedidentity/index.js",
        "authorization/index.js",
        "containerservice/index.js",
        "dbforpostgresql/index.js",
        "communication/index.js",
      ]),
    );
    expect(files).not.toContain("index.js");
    expect(files.filter((f) => !ALLOWED.test(f))).toEqual([]);
  });

  it("still loads only those submodules after building a bucket with every feature", () => {
    const settings = {
      location: "westeurope",
      resourceGroupName: "rg",
      subscriptionId: "11111111-2222-3333-4444-555555555555",
    };
    const script = `
      const pulumi = require("@pulumi/pulumi");
      pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name + "-id", state: a.inputs }), call: () => { throw new Error("no invokes"); } }, "p", "s", true);
      pulumi.runtime.setAllConfig({ "wissel:target": "azure", "wissel:azure": ${JSON.stringify(JSON.stringify(settings))} });
      const core = require("@wissel/core");
      core.registerAdapter(require(${JSON.stringify(path.join(PACKAGE, "dist/index.js"))}).adapter);
      new core.Bucket("files", { versioning: true, expireAfterDays: 7, cors: [{ allowedOrigins: ["*"], allowedMethods: ["GET"] }] });
      console.log(JSON.stringify(Object.keys(require.cache)));`;
    const files = loadedSdkFiles(script);
    expect(files).toEqual(
      expect.arrayContaining([
        "storage/storageAccount.js",
        "storage/blobContainer.js",
        "storage/blobServiceProperties.js",
        "storage/managementPolicy.js",
        "managedidentity/userAssignedIdentity.js",
        "authorization/roleAssignment.js",
      ]),
    );
    // Only the bucket's block module loaded: none of the cluster's and the database's SDK submodules.
    expect(
      files.filter((f) =>
        ["containerservice/", "dbforpostgresql/"].some((prefix) => f.startsWith(prefix)),
      ),
    ).toEqual([]);
    expect(files).not.toContain("index.js");
    expect(files.filter((f) => !ALLOWED.test(f))).toEqual([]);
  });

  it("still loads only those submodules after building an AKS cluster and reading its credentials", () => {
    const settings = {
      location: "westeurope",
      resourceGroupName: "rg",
      subscriptionId: "11111111-2222-3333-4444-555555555555",
    };
    const script = `
      const pulumi = require("@pulumi/pulumi");
      const azure = require(${JSON.stringify(path.join(PACKAGE, "dist/index.js"))});
      pulumi.runtime.setMocks({
        newResource: (a) => ({ id: a.name + "-id", state: { ...a.inputs, fqdn: "apps.hcp.westeurope.azmk8s.io" } }),
        call: (a) => azure.adapter.offlineInvokes[a.token](a.inputs),
      }, "p", "s", false);
      pulumi.runtime.setAllConfig({ "wissel:target": "azure", "wissel:azure": ${JSON.stringify(JSON.stringify(settings))} });
      const core = require("@wissel/core");
      core.registerAdapter(azure.adapter);
      const cluster = new core.KubernetesCluster("apps", { vcpu: 4, memoryGiB: 16 });
      cluster.binding.apply((b) => { console.log(JSON.stringify({ kubeconfig: b.kubeconfig.length > 0, keys: Object.keys(require.cache) })); });`;
    const out = execFileSync(process.execPath, ["-e", script], {
      cwd: PACKAGE,
      encoding: "utf8",
      timeout: 60_000,
    });
    const last = JSON.parse(out.trim().split("\n").pop()!) as {
      kubeconfig: boolean;
      keys: string[];
    };
    expect(last.kubeconfig).toBe(true);
    const files = last.keys
      .filter((k) => k.includes(SDK))
      .map((k) =>
        k
          .slice(k.lastIndexOf(SDK) + SDK.length)
          .split(path.sep)
          .join("/"),
      );
    expect(files).toEqual(
      expect.arrayContaining([
        "containerservice/managedCluster.js",
        "containerservice/listManagedClusterAdminCredentials.js",
      ]),
    );
    expect(files).not.toContain("index.js");
    expect(files.filter((f) => !ALLOWED.test(f))).toEqual([]);
  });

  it("still loads only those submodules after building a database with its setup job", () => {
    const settings = {
      location: "westeurope",
      resourceGroupName: "rg",
      subscriptionId: "11111111-2222-3333-4444-555555555555",
      postgresAdminPassword: "Adm1n-Pa55word-for-tests",
      postgresAppPasswords: { orders: "app-role-password-0123456789" },
    };
    const script = `
      const pulumi = require("@pulumi/pulumi");
      const azure = require(${JSON.stringify(path.join(PACKAGE, "dist/index.js"))});
      pulumi.runtime.setMocks({
        newResource: (a) => ({ id: a.name + "-id", state: { ...a.inputs, fqdn: "apps.hcp.westeurope.azmk8s.io" } }),
        call: (a) => azure.adapter.offlineInvokes[a.token](a.inputs),
      }, "p", "s", false);
      pulumi.runtime.setAllConfig({ "wissel:target": "azure", "wissel:azure": ${JSON.stringify(JSON.stringify(settings))} });
      const core = require("@wissel/core");
      core.registerAdapter(azure.adapter);
      new core.KubernetesCluster("apps");
      const db = new core.PostgresDatabase("orders", { allowedCidrs: ["198.51.100.0/24"], extensions: ["pgcrypto"] });
      db.binding.apply((b) => { console.log(JSON.stringify({ user: b.user, keys: Object.keys(require.cache) })); });`;
    const out = execFileSync(process.execPath, ["-e", script], {
      cwd: PACKAGE,
      encoding: "utf8",
      timeout: 60_000,
    });
    const last = JSON.parse(out.trim().split("\n").pop()!) as { user: string; keys: string[] };
    expect(last.user).toBe("orders_app");
    const files = last.keys
      .filter((k) => k.includes(SDK))
      .map((k) =>
        k
          .slice(k.lastIndexOf(SDK) + SDK.length)
          .split(path.sep)
          .join("/"),
      );
    expect(files).toEqual(
      expect.arrayContaining([
        "dbforpostgresql/server.js",
        "dbforpostgresql/database.js",
        "dbforpostgresql/configuration.js",
        "dbforpostgresql/firewallRule.js",
      ]),
    );
    expect(files).not.toContain("index.js");
    expect(files.filter((f) => !ALLOWED.test(f))).toEqual([]);
  });
});
