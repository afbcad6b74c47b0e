/**
 * The adapter must load only the @pulumi/kubernetes submodules it uses (apiextensions, apps/v1 for
 * the mail server's StatefulSet, core/v1, networking/v1, rbac/v1, provider), never the SDK's root barrel, which loads every API group. Jest's module registry is not
 * Node's, so this runs the built package in a plain Node child process and reads its `require.cache`.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { buildWorkspace } from "../../../test/build-workspace";

const PACKAGE = path.resolve(__dirname, "..");
const SDK = `${path.sep}@pulumi${path.sep}kubernetes${path.sep}`;

/** What may be loaded: the six submodules (and their generated enums and input types) and shared helpers. */
const ALLOWED =
  /^(apiextensions\/|apps\/v1\/|core\/v1\/|networking\/v1\/|rbac\/v1\/|types\/enums\/(apps|core|networking|rbac)\/v1\/)|^(provider|utilities|types\/input)\.js$|^package\.json$/;

beforeAll(() => {
  // Build the adapter (and core) so dist matches the sources under test; incremental, so cheap when current.
  buildWorkspace();
}, 200_000);

/** Files under @pulumi/kubernetes that a script run against the built package loads, relative to the SDK root. */
function loadedSdkFiles(script: string): string[] {
  const out = execFileSync(
    process.execPath,
    ["-e", `${script} console.log(JSON.stringify(Object.keys(require.cache)));`],
    { cwd: PACKAGE, encoding: "utf8", timeout: 60_000 },
  );
  return (JSON.parse(out.trim().split("\n").pop() ?? "[]") as string[])
    .filter((k) => k.includes(SDK))
    .map((k) =>
      k
        .slice(k.lastIndexOf(SDK) + SDK.length)
        .split(path.sep)
        .join("/"),
    );
}

/** Requires an entry of the built package, as a program does: through its `exports`. */
const entry = (name: string): string =>
  `require(${JSON.stringify(path.join(PACKAGE, "dist", `${name}.js`))})`;

it("loads no SDK module when the package is imported: each block's module loads with its first use", () => {
  expect(loadedSdkFiles(`${entry("index")};`)).toEqual([]);
});

it("loads only the apiextensions, apps/v1, core/v1, networking/v1, rbac/v1 and provider submodules of @pulumi/kubernetes", () => {
  // Every block's module, through the adapter's loaders, and both of compose's lazy parts.
  const files = loadedSdkFiles(
    `const { adapter } = ${entry("index")}; for (const load of Object.values(adapter.blocks)) load();` +
      ` const compose = ${entry("compose")}; try { compose.checkCloudNativePostgres({}, "x", {}); } catch {}` +
      ` try { compose.buildCloudNativePostgres(); } catch {}` +
      ` compose.mailServerParts();`,
  );
  expect(files).toEqual(
    expect.arrayContaining([
      "apiextensions/customResource.js",
      "apps/v1/index.js",
      "core/v1/index.js",
      "networking/v1/index.js",
      "rbac/v1/index.js",
      "provider.js",
    ]),
  );
  expect(files).not.toContain("index.js");
  expect(files.filter((f) => !ALLOWED.test(f))).toEqual([]);
});
