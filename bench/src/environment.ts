/** The machine and the commit a bench run measures. */
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";

/** The workspace root. */
export const ROOT = path.resolve(__dirname, "..", "..");

export function machine(): Record<string, string> {
  const cpus = os.cpus();
  return {
    cpus: `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown"}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    load: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" "),
  };
}

/** The commit measured, and whether the packages had uncommitted changes. */
export function revision(): string {
  const git = (...args: string[]): string =>
    spawnSync("git", args, { cwd: ROOT, encoding: "utf8" }).stdout?.trim() ?? "";
  const commit = git("rev-parse", "--short", "HEAD") || "unknown commit";
  const dirty = git("status", "--porcelain", "--", "packages", "stacks") !== "";
  return dirty ? `${commit} + uncommitted changes in packages/ or stacks/` : commit;
}
