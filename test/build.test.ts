/**
 * The build bundles what a program loads: core and every known adapter, and nothing a program does
 * not load (the CLI, the policy pack, the runtime, the test kit stay plain `tsc` output).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { KNOWN_TARGETS } from "@wissel/core";
import { bundledPackages } from "../scripts/build";
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
