/**
 * The golden check: every stack of the flagship and of each example registers exactly what its
 * recording in test/golden/ holds (type, name, parent, inputs, options). The recordings were taken
 * from the code before the adapter redesign; refresh one only for a change meant to alter what a
 * stack deploys, with `npx -y pnpm@10 exec tsx test/golden/record.ts --write`, and say why in review.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { goldenStacks } from "./golden/record";
import { buildWorkspace } from "./build-workspace";

const ROOT = path.resolve(__dirname, "..");
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
const RECORDER = path.join(__dirname, "golden/record.ts");
const run = promisify(execFile);

const stacks = goldenStacks();
const fresh = new Map<string, string>();

beforeAll(async () => {
  buildWorkspace();
  const env = { ...process.env };
  delete env["NODE_PATH"];
  for (let i = 0; i < stacks.length; i += 2) {
    await Promise.all(
      stacks.slice(i, i + 2).map(async ({ dir, stack, file }) => {
        const { stdout } = await run(process.execPath, [TSX, RECORDER, dir, stack], {
          cwd: ROOT,
          env,
          maxBuffer: 64 << 20,
        });
        fresh.set(file, stdout);
      }),
    );
  }
}, 600_000);

test("every project's stacks have a recording", () => {
  expect(stacks.length).toBeGreaterThanOrEqual(7);
  const recorded = fs
    .readdirSync(path.join(__dirname, "golden"))
    .filter((f) => f.endsWith(".json"));
  expect(recorded.sort()).toEqual(stacks.map((s) => path.basename(s.file)).sort());
});

test.each(stacks.map((s) => [`${path.basename(s.dir)} ${s.stack}`, s.file] as const))(
  "%s registers what its recording holds",
  (_name, file) => {
    const recorded = JSON.parse(fs.readFileSync(file, "utf8")) as {
      errors: string[];
      registrations: unknown[];
    };
    const now = JSON.parse(fresh.get(file)!) as { errors: string[]; registrations: unknown[] };
    // A stack either registers something or fails with a message (one exists to show a refusal).
    expect(now.registrations.length > 0 || now.errors.length > 0).toBe(true);
    expect(now).toEqual(recorded);
  },
);
