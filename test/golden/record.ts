/**
 * Records what one stack of one project registers under the Pulumi mock runtime, exactly: each
 * resource's URN, type, name, parent, inputs and options, sorted by URN (the mock monitor answers
 * in an order that async outputs can change; what is registered cannot). The golden test compares
 * a fresh recording with the one checked in, so a refactoring that changes what a stack would send
 * to the engine fails, whatever the reason.
 *
 *   npx -y pnpm@10 exec tsx test/golden/record.ts <project-dir> <stack>     (prints JSON)
 *   npx -y pnpm@10 exec tsx test/golden/record.ts --write                   (rewrites every recording)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readProject, readStack } from "@wissel/cli";
import { MockHarness } from "@wissel/testing";

const ROOT = path.resolve(__dirname, "../..");

/**
 * Makes node:crypto's randomness repeatable in this process, so that values a program draws at run
 * time (a generated password, a SCRAM salt) record the same way each time. Bytes come from SHA-256
 * of a counter: deterministic, and still different on every call.
 */
function seedRandomness(): void {
  const crypto = require("node:crypto") as typeof import("node:crypto");
  let counter = 0;
  const bytes = (size: number): Buffer => {
    const chunks: Buffer[] = [];
    for (let n = 0; n < size; n += 32)
      chunks.push(crypto.createHash("sha256").update(`wissel-golden-${counter++}`).digest());
    return Buffer.concat(chunks).subarray(0, size);
  };
  const mutable = crypto as unknown as Record<string, unknown>;
  mutable["randomBytes"] = (
    size: number,
    callback?: (error: Error | null, buf: Buffer) => void,
  ): Buffer | undefined => {
    if (callback === undefined) return bytes(size);
    callback(null, bytes(size));
    return undefined;
  };
  mutable["randomFillSync"] = <T extends NodeJS.ArrayBufferView>(buffer: T): T => {
    bytes(buffer.byteLength).copy(Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength));
    return buffer;
  };
  mutable["randomUUID"] = (): string => {
    const hex = bytes(16).toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
  mutable["randomInt"] = (min: number, max?: number): number => {
    const [low, high] = max === undefined ? [0, min] : [min, max];
    return low + (bytes(4).readUInt32BE(0) % (high - low));
  };
}

/** Every project with stack files: the flagship and each example. */
export function goldenStacks(): Array<{ dir: string; stack: string; file: string }> {
  const dirs = [
    path.join(ROOT, "stacks/team-workspace"),
    ...fs.readdirSync(path.join(ROOT, "examples")).map((d) => path.join(ROOT, "examples", d)),
  ];
  return dirs
    .filter((dir) => fs.existsSync(path.join(dir, "Pulumi.yaml")))
    .flatMap((dir) =>
      fs
        .readdirSync(dir)
        .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
        .filter((stack): stack is string => stack !== undefined)
        .sort()
        .map((stack) => ({
          dir,
          stack,
          file: path.join(__dirname, `${path.basename(dir)}.${stack}.json`),
        })),
    );
}

/** The recording of one stack, as stable JSON text. */
export async function record(dir: string, stackName: string): Promise<string> {
  const project = readProject(dir);
  const stack = readStack(project, stackName);
  seedRandomness();
  const harness = await MockHarness.start({
    project: project.name,
    stack: stackName,
    config: stack.config,
    secretKeys: stack.secretKeys,
    preview: true,
  });
  const errors: string[] = [];
  const onFailure = (error: unknown): void =>
    void errors.push(error instanceof Error ? error.message : String(error));
  process.on("unhandledRejection", onFailure);
  process.chdir(project.dir);
  try {
    require(project.program);
  } catch (error) {
    onFailure(error);
  }
  try {
    await harness.settle();
  } catch (error) {
    onFailure(error);
  }
  const registrations = harness.registrations.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    parent: r.parent,
    custom: r.custom,
    read: r.read,
    inputs: r.inputs,
    secretInputs: r.secretInputs,
    protect: r.protect,
    retainOnDelete: r.retainOnDelete,
    deleteBeforeReplace: r.deleteBeforeReplace,
    additionalSecretOutputs: r.additionalSecretOutputs,
    aliases: r.aliases,
    ignoreChanges: r.ignoreChanges,
    replaceOnChanges: r.replaceOnChanges,
  }));
  registrations.sort((a, b) =>
    a.urn === b.urn ? Number(a.read) - Number(b.read) : a.urn < b.urn ? -1 : 1,
  );
  return `${JSON.stringify({ project: project.name, stack: stackName, errors, registrations }, null, 1)}\n`;
}

if (require.main === module) {
  const [first, second] = process.argv.slice(2);
  void (async () => {
    if (first === "--write") {
      // One process per stack: Node caches a program module, and a program runs once per process.
      const { execFileSync } = await import("node:child_process");
      for (const { dir, stack, file } of goldenStacks()) {
        const text = execFileSync(process.execPath, [...process.execArgv, __filename, dir, stack], {
          encoding: "utf8",
          maxBuffer: 64 << 20,
        });
        fs.writeFileSync(file, text);
        process.stdout.write(`wrote ${path.relative(ROOT, file)}\n`);
      }
    } else if (first !== undefined && second !== undefined) {
      const text = await record(path.resolve(first), second);
      // The mock runtime keeps handles open: exit once the recording is flushed, not before.
      process.stdout.write(text, () => process.exit(0));
    } else {
      process.stderr.write("usage: record.ts <project-dir> <stack> | --write\n");
      process.exit(2);
    }
  })();
}
