/**
 * The build bundles what a program loads: core and every known adapter, and nothing a program does
 * not load (the CLI, the policy pack, the runtime, the test kit stay plain `tsc` output).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { KNOWN_TARGETS } from "@wissel/core";
import { bundledPackages, withoutNamespaceCopies } from "../scripts/build";
import { buildWorkspace } from "./build-workspace";

const ROOT = path.resolve(__dirname, "..");

test("core and every known adapter opt into the bundle, and nothing else does", () => {
  const adapters = Object.values(KNOWN_TARGETS).map((name) => name.replace("@wissel/", ""));
  expect(bundledPackages()).toEqual(["core", ...adapters].sort());
});

beforeAll(() => {
  buildWorkspace();
}, 300_000);

test("each bundled package's dist holds one file per entry of its exports, and no other module", () => {
  for (const name of bundledPackages()) {
    const dir = path.join(ROOT, "packages", name);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
      exports: Record<string, { default?: string } | string | null>;
    };
    const entries = Object.values(manifest.exports)
      .filter(
        (target): target is { default?: string } => typeof target === "object" && target !== null,
      )
      .map((target) => target.default);
    const expected = [...entries, ...(entries.length > 1 ? ["./dist/bundle.js"] : [])].sort();
    const modules = fs
      .readdirSync(path.join(dir, "dist"), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".js"))
      .map((file) => `./dist/${file.split(path.sep).join("/")}`)
      .sort();
    expect({ name, modules }).toEqual({ name, modules: expected });
  }
});

test("core's bundle holds the valibot functions its schemas use, with valibot's licence beside it", () => {
  const dist = path.join(ROOT, "packages", "core", "dist");
  const code = fs.readFileSync(path.join(dist, "index.js"), "utf8");
  // Inlined, so no program loads the whole library; and tree-shaken, so what is unused is left out.
  expect(code).not.toMatch(/require\("valibot"\)/);
  expect(code).toMatch(/function strictObject\(/);
  expect(code).not.toMatch(/function setGlobalConfig\(/);
  expect(fs.readFileSync(path.join(dist, "licenses", "valibot.txt"), "utf8")).toMatch(
    /^MIT License/,
  );
  // Every other package stays a `require` of the installed copy.
  for (const name of bundledPackages()) {
    const dir = path.join(ROOT, "packages", name, "dist");
    const bundle = fs.existsSync(path.join(dir, "bundle.js")) ? "bundle.js" : "index.js";
    expect(fs.existsSync(path.join(dir, "licenses"))).toBe(name === "core");
    expect(fs.readFileSync(path.join(dir, bundle), "utf8")).toMatch(/require\("@pulumi\/pulumi"\)/);
  }
});

test("namespace imports of installed packages are their modules, not interop copies", () => {
  for (const name of bundledPackages()) {
    const dir = path.join(ROOT, "packages", name, "dist");
    const bundle = fs.existsSync(path.join(dir, "bundle.js")) ? "bundle.js" : "index.js";
    expect({
      name,
      copies: fs.readFileSync(path.join(dir, bundle), "utf8").match(/__toESM\(require\(/g),
    }).toEqual({ name, copies: null });
  }
});

describe("withoutNamespaceCopies", () => {
  it("makes a namespace import the module itself", () => {
    const code = 'var pulumi = __toESM(require("@pulumi/pulumi"));\npulumi.output(1);';
    expect(withoutNamespaceCopies(code)).toBe(
      'var pulumi = require("@pulumi/pulumi");\npulumi.output(1);',
    );
  });

  it("keeps the copy where the bundle reads its default, which only the copy has", () => {
    const code = 'var import_ajv = __toESM(require("ajv"));\nnew import_ajv.default();';
    expect(withoutNamespaceCopies(code)).toBe(code);
  });

  it("tells one variable from another whose name it ends", () => {
    const code =
      'var fs = __toESM(require("node:fs"));\nvar $fs = __toESM(require("x"));\n$fs.default;\nfs.readFileSync;';
    expect(withoutNamespaceCopies(code)).toBe(
      'var fs = require("node:fs");\nvar $fs = __toESM(require("x"));\n$fs.default;\nfs.readFileSync;',
    );
  });
});

test("declarations name valibot's types through core's v, so no other package needs valibot", () => {
  const offenders: string[] = [];
  for (const name of fs.readdirSync(path.join(ROOT, "packages"))) {
    const dist = path.join(ROOT, "packages", name, "dist");
    if (!fs.existsSync(dist)) continue;
    for (const file of fs.readdirSync(dist, { recursive: true, encoding: "utf8" })) {
      if (!file.endsWith(".d.ts")) continue;
      const text = fs.readFileSync(path.join(dist, file), "utf8");
      if (/import\("valibot"\)|from "valibot"/.test(text)) offenders.push(`${name}/dist/${file}`);
    }
  }
  expect(offenders).toEqual([`core/dist/${path.join("settings", "valibot.d.ts")}`]);
});
