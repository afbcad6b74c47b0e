/**
 * For tests that run built code (programs, the CLI, packed packages): builds the workspace as
 * `pnpm run build` does, `tsc -b` then the bundles, in a child process. Incremental, so cheap when
 * current; the bundles are rewritten only when they change, by rename.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");

export function buildWorkspace(): void {
  execFileSync(
    process.execPath,
    [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "scripts/build.ts")],
    { cwd: ROOT, stdio: "pipe", timeout: 300_000 },
  );
}
