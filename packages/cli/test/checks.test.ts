import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  SetupError,
  codeFrame,
  duplicateUrnMessage,
  progressLine,
  splitIssues,
  startProgress,
  typeCheck,
  type TypeCheckInput,
} from "@wissel/cli";

function tempProgram(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wissel-typecheck-"));
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

function input(dir: string, overrides: Partial<TypeCheckInput> = {}): TypeCheckInput {
  return {
    programDir: dir,
    entry: path.join(dir, "index.ts"),
    typescript: true,
    tsconfig: undefined,
    baseDir: dir,
    env: {},
    ...overrides,
  };
}

describe("typeCheck", () => {
  const broken = {
    "index.ts": 'import { helper } from "./helper";\nexport const n: number = helper();\n',
    "helper.ts": 'export const helper = (): string => "text";\n',
  };

  it("reports errors in every file reachable from the entry, as file:line:col: TSnnnn message", () => {
    const dir = tempProgram(broken);
    expect(typeCheck(input(dir))).toEqual({
      checked: true,
      errors: ["index.ts:2:14: TS2322 Type 'string' is not assignable to type 'number'."],
    });
  });

  it("keeps its last result under node_modules/.cache/wissel, and a second check agrees", () => {
    const dir = tempProgram(broken);
    fs.mkdirSync(path.join(dir, "node_modules"));
    const first = typeCheck(input(dir));
    const cache = path.join(dir, "node_modules/.cache/wissel");
    expect(fs.readdirSync(cache).filter((f) => f.endsWith(".typecheck.json"))).toHaveLength(1);
    expect(typeCheck(input(dir))).toEqual(first);
  });

  it("checks again when a file it read has changed, and sees the fix", () => {
    const dir = tempProgram(broken);
    expect(typeCheck(input(dir))).toMatchObject({
      errors: [expect.stringMatching(/^index\.ts:2:14: TS2322 /)],
    });
    fs.writeFileSync(path.join(dir, "helper.ts"), "export const helper = (): number => 42;\n");
    expect(typeCheck(input(dir))).toEqual({ checked: true, errors: [] });
    fs.writeFileSync(
      path.join(dir, "helper.ts"),
      "export const helper = (): boolean => true;\n// longer\n",
    );
    expect(typeCheck(input(dir))).toEqual({
      checked: true,
      errors: ["index.ts:2:14: TS2322 Type 'boolean' is not assignable to type 'number'."],
    });
  });

  it("does not check files the entry does not import, like ts-node", () => {
    const dir = tempProgram({
      "index.ts": "export const ok = 1;\n",
      "unused.ts": "export const n: number = 'x';\n",
    });
    expect(typeCheck(input(dir))).toEqual({ checked: true, errors: [] });
  });

  it("runs no check where Pulumi runs none", () => {
    const dir = tempProgram({
      ...broken,
      "tsconfig.json": '{ "compilerOptions": { "noCheck": true } }\n',
      "index.js": "",
    });
    expect(typeCheck(input(dir, { entry: path.join(dir, "index.js") }))).toEqual({
      checked: false,
      reason: "the program is JavaScript",
    });
    expect(typeCheck(input(dir, { typescript: false }))).toEqual({
      checked: false,
      reason: "Pulumi.yaml sets runtime.options.typescript: false",
    });
    expect(typeCheck(input(dir, { env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" } }))).toEqual({
      checked: false,
      reason: "PULUMI_NODEJS_TRANSPILE_ONLY is true",
    });
    expect(typeCheck(input(dir))).toEqual({ checked: false, reason: "tsconfig.json sets noCheck" });
    // PULUMI_NODEJS_TRANSPILE_ONLY=false overrides noCheck, as in Pulumi's runtime.
    expect(typeCheck(input(dir, { env: { PULUMI_NODEJS_TRANSPILE_ONLY: "false" } }))).toMatchObject(
      { checked: true, errors: [expect.stringMatching(/^index\.ts:2:14: TS2322 /)] },
    );
  });

  it("fails with the fix when the tsconfig the runtime options name does not exist", () => {
    const dir = tempProgram(broken);
    const check = (): unknown => typeCheck(input(dir, { tsconfig: "tsconfig.pulumi.json" }));
    expect(check).toThrow(SetupError);
    expect(check).toThrow(
      `Pulumi.yaml: runtime.options.tsconfig is "tsconfig.pulumi.json", but ${path.join(dir, "tsconfig.pulumi.json")} does not exist. Fix the path, or remove the option to use tsconfig.json.`,
    );
  });
});

describe("duplicateUrnMessage", () => {
  it("names the type, the name, each place and the URN", () => {
    const urn = "urn:pulumi:dev::app::wissel:storage:Bucket::files";
    expect(
      duplicateUrnMessage({
        urn,
        type: "wissel:storage:Bucket",
        name: "files",
        sites: ["index.ts:5:1", "lib/more.ts:2:3"],
      }),
    ).toBe(
      `wissel:storage:Bucket "files" is declared twice (at index.ts:5:1 and at lib/more.ts:2:3); Pulumi refuses the duplicate resource URN ${urn}. Give each resource a unique name.`,
    );
    expect(
      duplicateUrnMessage({
        urn,
        type: "t:m:R",
        name: "r",
        sites: ["index.ts:3:5", "index.ts:3:5", "index.ts:3:5"],
      }),
    ).toBe(
      `t:m:R "r" is declared 3 times, all at index.ts:3:5 (a loop?); Pulumi refuses the duplicate resource URN ${urn}. Give each resource a unique name.`,
    );
  });
});

describe("splitIssues", () => {
  it("makes one error per listed issue, so the summary counts issues", () => {
    expect(
      splitIssues({
        kind: "config",
        message: "stack config: a is required.\nstack config: b is required.",
      }),
    ).toEqual([
      { kind: "config", message: "stack config: a is required." },
      { kind: "config", message: "stack config: b is required." },
    ]);
    const frame = {
      kind: "setup" as const,
      message: `f.yaml:1:1 is not valid YAML: bad.\n${codeFrame("a: [", 1, 1)}`,
    };
    expect(splitIssues(frame)).toEqual([frame]);
  });
});

describe("progress", () => {
  afterEach(() => jest.useRealTimers());

  it("stays silent for a quick plan, then redraws one line on stderr and clears it at the end", () => {
    jest.useFakeTimers();
    let clock = 0;
    let written = "";
    const progress = startProgress(
      (text) => void (written += text),
      { delayMs: 2000, intervalMs: 500 },
      () => clock,
    );
    clock = 1900;
    jest.advanceTimersByTime(1900);
    expect(written).toBe("");
    progress.update({ phase: "run", registered: 312 });
    clock = 2000;
    jest.advanceTimersByTime(100);
    expect(written).toBe("\r\x1b[Kwissel: planning, 312 resources registered (2s)");
    progress.stop();
    expect(written.endsWith("\r\x1b[K")).toBe(true);
  });

  it("writes nothing at all when the plan ends before the delay", () => {
    jest.useFakeTimers();
    let written = "";
    const progress = startProgress((text) => void (written += text));
    progress.stop();
    jest.advanceTimersByTime(10_000);
    expect(written).toBe("");
  });

  it("says what the plan is doing", () => {
    expect(progressLine({ phase: "typecheck" }, 3400)).toBe(
      "wissel: type-checking the program (3s)",
    );
    expect(progressLine({ phase: "run", registered: 1 }, 12_000)).toBe(
      "wissel: planning, 1 resource registered (12s)",
    );
  });
});
