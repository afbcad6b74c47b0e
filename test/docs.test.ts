import * as fs from "node:fs";
import { MATRIX_PATH, renderCapabilityMatrix } from "../scripts/capabilities";

test("docs/capabilities.md matches the adapters' capability tables", () => {
  const onDisk = fs.readFileSync(MATRIX_PATH, "utf8");
  // If this fails, run `npx -y pnpm@10.34.9 run docs` and commit the result.
  expect(onDisk).toBe(renderCapabilityMatrix());
});
