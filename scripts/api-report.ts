/**
 * The public API of every package, as a report checked into `packages/<name>/etc/<name>.api.md`, so
 * that a change to what a package exports shows in review. `pnpm test` fails when a report is out of
 * date; `npx -y pnpm@10.34.9 run api:update` rewrites them after a deliberate change.
 *
 * Runs on the declarations `tsc -b` wrote to each package's dist/.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Extractor, ExtractorConfig } from "@microsoft/api-extractor";

const ROOT = path.resolve(__dirname, "..");
const update = process.argv.includes("--update");

const packages = fs
  .readdirSync(path.join(ROOT, "packages"))
  .filter((name) => fs.existsSync(path.join(ROOT, "packages", name, "api-extractor.json")))
  .sort();

// A package's main entry is `api-extractor.json`; each subpath export it offers as public API
// (`@wissel/kubernetes/compose`) has its own `api-extractor.<subpath>.json` and report.
const configs = packages.flatMap((name) =>
  fs
    .readdirSync(path.join(ROOT, "packages", name))
    .filter((file) => /^api-extractor(\.[a-z-]+)?\.json$/.test(file))
    .sort()
    .map((file) => ({ name, file: path.join(ROOT, "packages", name, file) })),
);

let stale = 0;
for (const { name, file } of configs) {
  const config = ExtractorConfig.loadFileAndPrepare(file);
  const result = Extractor.invoke(config, {
    localBuild: update,
    showVerboseMessages: false,
    messageCallback: (message) => {
      // Only what changes the verdict is printed: a changed report and errors.
      if (message.logLevel !== "error" && message.messageId !== "console-api-report-changed")
        message.handled = true;
    },
  });
  if (!result.succeeded || (result.apiReportChanged && !update)) {
    stale += 1;
    process.stderr.write(
      `api-report: packages/${name}/etc/${path.basename(config.reportFilePath)} is out of date\n`,
    );
  }
}
if (stale > 0) {
  process.stderr.write(
    `api-report: ${stale} package API report(s) changed; review the change, then run \`npx -y pnpm@10.34.9 run api:update\` and commit packages/*/etc.\n`,
  );
  process.exit(1);
}
process.stdout.write(
  `api-report: ${configs.length} reports of ${packages.length} packages ${update ? "written" : "match"}\n`,
);
