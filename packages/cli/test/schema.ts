/** Validates `--json` reports against the JSON Schema in the repository (schemas/plan-report.schema.json). */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";

const SCHEMA = path.resolve(__dirname, "../../../schemas/plan-report.schema.json");
const validate = new Ajv({ allErrors: true }).compile(
  JSON.parse(fs.readFileSync(SCHEMA, "utf8")) as object,
);

/** Throws, listing every violation, unless the document is a valid plan report. */
export function expectValidReport(document: unknown): void {
  if (validate(document)) return;
  const problems = (validate.errors ?? [])
    .map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`)
    .join("; ");
  throw new Error(`the report does not match ${SCHEMA}: ${problems}`);
}
