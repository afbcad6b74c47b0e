/**
 * The adapter must load only the SDK submodules it uses (object, iam, kubernetes, network, databases, tem), never the root barrel, which
 * loads every service's index (measured here: 66 ms for the root against 8–12 ms per submodule).
 * Jest's module registry is not Node's, so this runs the built package in a plain Node child process
 * and reads its `require.cache`.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { buildWorkspace } from "../../../test/build-workspace";

const PACKAGE = path.resolve(__dirname, "..");
const SDK = `${path.sep}@pulumiverse${path.sep}scaleway${path.sep}`;

/** Files under @pulumiverse/scaleway that a program has loaded, relative to the SDK root. */
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

const SETTINGS = {
  region: "nl-ams",
  projectId: "11111111-2222-4333-8444-555555555555",
  deployerPrincipal: "user_id:aaaaaaaa-0000-4000-8000-00000000d3b1",
};

/**
 * A program on the built adapter under the SDK's mocks, with SETTINGS: core registers the adapter,
 * `body` declares the blocks (with `core`), and the script prints what `require.cache` then holds.
 */
function program(body: string, settings: object = SETTINGS): string {
  return `
    const pulumi = require("@pulumi/pulumi");
    // A Secret's stringData comes back as data, as the API server writes it (the mail server reads its DKIM key back).
    // A Secret's stringData is a marshalled secret: its value sits under "value".
    const plain = (v) => v !== null && typeof v === "object" && "4dabf18193072939515e22adb298388d" in v ? v.value : v;
    const state = (a) => a.inputs.stringData === undefined ? a.inputs : { ...a.inputs, data: Object.fromEntries(Object.entries(plain(a.inputs.stringData)).map(([k, v]) => [k, Buffer.from(String(v)).toString("base64")])) };
    pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name + "-id", state: state(a) }), call: () => { throw new Error("no invokes"); } }, "p", "s", true);
    pulumi.runtime.setAllConfig({ "wissel:target": "scaleway", "wissel:scaleway": ${JSON.stringify(JSON.stringify(settings))} });
    const core = require("@wissel/core");
    core.registerAdapter(require(${JSON.stringify(path.join(PACKAGE, "dist/index.js"))}).adapter);
    ${body}
    console.log(JSON.stringify(Object.keys(require.cache)));`;
}

/** What may be loaded: the six submodules and the SDK's shared helpers. */
const ALLOWED = /^(object|iam|kubernetes|network|databases|tem)\/|^utilities\.js$|^package\.json$/;

beforeAll(() => {
  // Build the adapter (and core) so dist matches the sources under test; incremental, so cheap when current.
  buildWorkspace();
}, 200_000);

describe("@pulumiverse/scaleway imports", () => {
  it("loads no SDK module when the package is imported: each block's module loads with its first use", () => {
    const index = `require(${JSON.stringify(path.join(PACKAGE, "dist/index.js"))}); console.log(JSON.stringify(Object.keys(require.cache)));`;
    expect(loadedSdkFiles(index)).toEqual([]);
  });

  it("loads only the object, iam, kubernetes, network, databases and tem submodules from its block modules", () => {
    // Every block's module, through the adapter's loaders, as a program's first use loads it.
    const index = JSON.stringify(path.join(PACKAGE, "dist/index.js"));
    const files = loadedSdkFiles(
      `for (const load of Object.values(require(${index}).adapter.blocks)) load(); console.log(JSON.stringify(Object.keys(require.cache)));`,
    );
    expect(files).toEqual(
      expect.arrayContaining([
        "object/index.js",
        "iam/index.js",
        "kubernetes/index.js",
        "network/index.js",
        "databases/index.js",
        "tem/index.js",
      ]),
    );
    expect(files).not.toContain("index.js");
    expect(files.filter((f) => !ALLOWED.test(f))).toEqual([]);
  });

  it("still loads only those submodules after building a bucket with every feature", () => {
    const script = program(`
      new core.Bucket("files", { versioning: true, expireAfterDays: 7, cors: [{ allowedOrigins: ["*"], allowedMethods: ["GET"] }] });
    `);
    const files = loadedSdkFiles(script);
    expect(files).toEqual(
      expect.arrayContaining([
        "object/bucket.js",
        "object/bucketAcl.js",
        "object/bucketServerSideEncryptionConfiguration.js",
        "object/bucketPolicy.js",
        "iam/application.js",
        "iam/policy.js",
        "iam/apiKey.js",
      ]),
    );
    // Only the bucket's block module loaded: none of the cluster's and the database's SDK submodules.
    expect(
      files.filter((f) =>
        ["kubernetes/", "network/", "databases/"].some((prefix) => f.startsWith(prefix)),
      ),
    ).toEqual([]);
    expect(files).not.toContain("index.js");
    expect(files.filter((f) => !ALLOWED.test(f))).toEqual([]);
  });

  it("loads neither @wissel/kubernetes nor the Kubernetes SDK for a cluster no block deploys onto", () => {
    const script = program(`
      new core.KubernetesCluster("apps", { version: "1.35" });
    `);
    const out = execFileSync(process.execPath, ["-e", script], {
      cwd: PACKAGE,
      encoding: "utf8",
      timeout: 60_000,
    });
    const keys = JSON.parse(out.trim().split("\n").pop()!) as string[];
    const kubernetes = [
      `${path.sep}@pulumi${path.sep}kubernetes${path.sep}`,
      `${path.sep}packages${path.sep}kubernetes${path.sep}`,
    ];
    expect(keys.filter((k) => kubernetes.some((part) => k.includes(part)))).toEqual([]);
  });

  it("loads only those submodules after building a cluster and a namespace on it", () => {
    const script = program(`
      const cluster = new core.KubernetesCluster("apps", { version: "1.35" });
      new core.Namespace("team-alpha", { cluster });
    `);
    const files = loadedSdkFiles(script);
    expect(files).toEqual(
      expect.arrayContaining([
        "kubernetes/cluster.js",
        "kubernetes/pool.js",
        "network/privateNetwork.js",
      ]),
    );
    expect(files).not.toContain("index.js");
    expect(files.filter((f) => !ALLOWED.test(f))).toEqual([]);
  });

  it("loads only tem, iam and the cluster's submodules after building a mail domain and a mailbox", () => {
    const mail = {
      image: "registry.example.nl/wissel/mail-server:1.0.0",
      verifiedDomains: ["meldingen.amsterdam.nl"],
    };
    const script = program(
      `
      const cluster = new core.KubernetesCluster("apps", { version: "1.35" });
      const domain = new core.MailDomain("mail", { domain: "meldingen.amsterdam.nl", tls: { issuer: "letsencrypt" }, cluster });
      new core.Mailbox("meldingen", { domain, localPart: "meldingen" });
    `,
      { ...SETTINGS, mail },
    );
    const files = loadedSdkFiles(script);
    expect(files).toEqual(
      expect.arrayContaining([
        "tem/domain.js",
        "tem/domainValidation.js",
        "iam/application.js",
        "iam/policy.js",
        "iam/apiKey.js",
        "kubernetes/cluster.js",
      ]),
    );
    expect(files).not.toContain("index.js");
    expect(files.filter((f) => f.startsWith("databases/") || f.startsWith("object/"))).toEqual([]);
    expect(files.filter((f) => !ALLOWED.test(f))).toEqual([]);
  });

  it("loads only those submodules after building a database beside a cluster, with a public endpoint", () => {
    const script = program(`
      new core.KubernetesCluster("apps", { version: "1.35" });
      new core.PostgresDatabase("orders", { allowedCidrs: ["192.0.2.0/24"] });
    `);
    const files = loadedSdkFiles(script);
    expect(files).toEqual(
      expect.arrayContaining([
        "databases/instance.js",
        "databases/database.js",
        "databases/user.js",
        "databases/privilege.js",
        "databases/acl.js",
        "network/privateNetwork.js",
      ]),
    );
    expect(files).not.toContain("index.js");
    expect(files.filter((f) => !ALLOWED.test(f))).toEqual([]);
  });
});
