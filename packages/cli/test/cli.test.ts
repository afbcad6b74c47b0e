import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
  SetupError,
  UsageError,
  USAGE,
  describeError,
  invokeMessage,
  main,
  parseArgs,
  throwSite,
} from "@wissel/cli";
import { WisselError } from "@wissel/core";

describe("parseArgs", () => {
  it("reads the project directory, the stack and --json in any order", () => {
    expect(parseArgs(["plan", "stacks/team-workspace", "--stack", "kubernetes"])).toEqual({
      command: "plan",
      dir: "stacks/team-workspace",
      stack: "kubernetes",
      json: false,
    });
    expect(parseArgs(["plan", "--json", "-s", "azure", "app"])).toEqual({
      command: "plan",
      dir: "app",
      stack: "azure",
      json: true,
    });
    expect(parseArgs(["plan", "--stack=org/team-workspace/scaleway"])).toEqual({
      command: "plan",
      dir: ".",
      stack: "scaleway",
      json: false,
    });
  });

  it("reads --against, once, and needs a file", () => {
    expect(parseArgs(["plan", "--stack", "dev", "--against", "state.json"])).toMatchObject({
      against: "state.json",
    });
    expect(parseArgs(["plan", "--stack", "dev", "--against=s.json"])).toMatchObject({
      against: "s.json",
    });
    expect(() => parseArgs(["plan", "-s", "dev", "--against", "a", "--against", "b"])).toThrow(
      "--against is given twice; pass it once.",
    );
    expect(() => parseArgs(["plan", "-s", "dev", "--against"])).toThrow(
      "--against needs a file, e.g. `--against state.json`, written by `pulumi stack export --file state.json`.",
    );
    expect(() => parseArgs(["plan", "-s", "dev", "--againts", "s.json"])).toThrow(
      "Did you mean --against?",
    );
  });

  it("reads --policy-config, once", () => {
    expect(parseArgs(["plan", "--stack", "dev", "--policy-config", "levels.json"])).toMatchObject({
      policyConfig: "levels.json",
    });
    expect(parseArgs(["plan", "--stack", "dev", "--policy-config=a.json"])).toMatchObject({
      policyConfig: "a.json",
    });
    expect(() =>
      parseArgs(["plan", "-s", "dev", "--policy-config", "a", "--policy-config", "b"]),
    ).toThrow("--policy-config is given twice; pass it once.");
    expect(() => parseArgs(["plan", "-s", "dev", "--policy-config"])).toThrow(
      "--policy-config needs a file",
    );
  });

  it("answers help", () => {
    expect(parseArgs([])).toEqual({ command: "help" });
    expect(parseArgs(["--help"])).toEqual({ command: "help" });
    expect(parseArgs(["plan", "-h"])).toEqual({ command: "help" });
  });

  it("answers --version, alone or after plan", () => {
    expect(parseArgs(["--version"])).toEqual({ command: "version" });
    expect(parseArgs(["plan", "--version"])).toEqual({ command: "version" });
  });

  const bad: [string, string[], string][] = [
    [
      "an unknown command",
      ["deploy"],
      'unknown command "deploy"; wissel knows: plan, compare, report, --help, --version.',
    ],
    [
      "a misspelt command",
      ["paln"],
      'unknown command "paln"; wissel knows: plan, compare, report, --help, --version. Did you mean plan?',
    ],
    [
      "a misspelt top-level flag",
      ["--verison"],
      'unknown option "--verison"; wissel knows: plan, compare, report, --help, --version. Did you mean --version?',
    ],
    [
      "a repeated --stack",
      ["plan", "--stack", "a", "-s", "b"],
      'the stack is given twice (--stack "a", then -s "b"); pass --stack once.',
    ],
    [
      "a repeated --stack=",
      ["plan", "--stack=a", "--stack=a"],
      'the stack is given twice (--stack "a", then --stack "a"); pass --stack once.',
    ],
    [
      "a repeated --json",
      ["plan", "-s", "a", "--json", "--json"],
      "--json is given twice; pass it once.",
    ],
    [
      "a misspelt flag",
      ["plan", "-s", "a", "--jsno"],
      "unknown option --jsno; plan takes --stack <name>, --json, --policy-config <file>, --against <file> and --help. Did you mean --json?",
    ],
    [
      "a misspelt flag with a value",
      ["plan", "--stak=a"],
      "unknown option --stak=a; plan takes --stack <name>, --json, --policy-config <file>, --against <file> and --help. Did you mean --stack?",
    ],
    [
      "a missing --stack",
      ["plan", "app"],
      "--stack is required: name the stack whose Pulumi.<stack>.yaml to plan, e.g. `--stack kubernetes`.",
    ],
    [
      "--stack without a value",
      ["plan", "app", "--stack"],
      "--stack needs a stack name, e.g. `--stack kubernetes`.",
    ],
    [
      "--stack followed by a flag",
      ["plan", "app", "-s", "--json"],
      "-s needs a stack name, e.g. `-s kubernetes`.",
    ],
    ["an empty --stack=", ["plan", "--stack="], "--stack is required"],
    [
      "a stack name with a space",
      ["plan", "--stack", "my stack"],
      '--stack "my stack" is not a stack name',
    ],
    [
      "an unknown option",
      ["plan", "app", "--stack", "dev", "--yes"],
      "unknown option --yes; plan takes --stack <name>, --json, --policy-config <file>, --against <file> and --help.",
    ],
    [
      "two directories",
      ["plan", "a", "b", "--stack", "dev"],
      'plan takes one project directory; received "a", "b".',
    ],
  ];
  it.each(bad)("rejects %s", (_what, argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

describe("main", () => {
  async function run(
    argv: string[],
    cwd = process.cwd(),
  ): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await main(argv, {
      stdout: (t) => void (out += t),
      stderr: (t) => void (err += t),
      cwd,
    });
    return { code, out, err };
  }

  it("exits 2 on a usage error, with the message and the usage on stderr", async () => {
    const result = await run(["plan", "app"]);
    expect(result).toEqual({
      code: 2,
      out: "",
      err: `wissel: --stack is required: name the stack whose Pulumi.<stack>.yaml to plan, e.g. \`--stack kubernetes\`.\n\n${USAGE}\n`,
    });
  });

  it("exits 2 when the project directory does not exist", async () => {
    const result = await run(["plan", "no-such-dir", "--stack", "dev"], os.tmpdir());
    expect(result.code).toBe(2);
    expect(result.err).toContain(
      `wissel: ${path.join(os.tmpdir(), "no-such-dir")} is not a directory; pass the directory that holds Pulumi.yaml.`,
    );
  });

  it("prints the versions of wissel, the Pulumi SDK and Node.js for --version", async () => {
    const own = (
      JSON.parse(fs.readFileSync(path.join(__dirname, "../package.json"), "utf8")) as {
        version: string;
      }
    ).version;
    const sdk = (require("@pulumi/pulumi/package.json") as { version: string }).version;
    expect(await run(["--version"])).toEqual({
      code: 0,
      out: `wissel ${own} (@pulumi/pulumi ${sdk}, Node.js ${process.version})\n`,
      err: "",
    });
  });

  it("exits 0 with the usage on stdout for --help", async () => {
    expect(await run(["--help"])).toEqual({ code: 0, out: `${USAGE}\n`, err: "" });
  });

  it("exits 1 when the directory holds no Pulumi.yaml", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wissel-cli-main-"));
    const result = await run(["plan", dir, "--stack", "dev"]);
    expect(result.code).toBe(1);
    expect(result.out).toBe("");
    expect(result.err).toBe(
      `error: ${dir} is not a Pulumi project: it has no Pulumi.yaml. Pass the directory that holds Pulumi.yaml, or create one with \`pulumi new typescript\`.\nNothing was planned: 1 error (listed above).\n`,
    );
  });

  it("exits 1 on a missing stack file, and reports it in the JSON document", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wissel-cli-main-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: app\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "index.ts"), "");
    const result = await run(["plan", dir, "--stack", "dev", "--json"]);
    expect(result.code).toBe(1);
    expect(result.err).toBe("");
    const report = JSON.parse(result.out) as {
      project: string;
      offline: boolean;
      errors: unknown[];
      components: unknown[];
    };
    expect(report.offline).toBe(true);
    expect(report.project).toBe("app");
    expect(report.components).toEqual([]);
    expect(report.errors).toEqual([
      {
        kind: "setup",
        message: `Stack "dev" has no stack file: ${path.join(dir, "Pulumi.dev.yaml")} does not exist. Create it with \`pulumi stack init dev\` and \`pulumi config set wissel:target <target>\`.`,
      },
    ]);
  });
});

describe("describeError", () => {
  it("keeps component and config messages as they are, classified", () => {
    expect(
      describeError(
        new pulumi.ResourceError('Bucket "files": versioning is not supported.', undefined, true),
        "/p",
      ),
    ).toEqual({
      kind: "resource",
      message: 'Bucket "files": versioning is not supported.',
    });
    const wissel = new WisselError([
      {
        subject: "stack config",
        field: "wissel:target",
        value: undefined,
        rule: "is required",
        fix: "Set it.",
      },
    ]);
    expect(describeError(wissel, "/p")).toEqual({
      kind: "config",
      message: "stack config: wissel:target is required (received nothing). Set it.",
    });
    expect(
      describeError(
        new pulumi.RunError("Missing required configuration variable 'app:region'"),
        "/p",
      ).kind,
    ).toBe("config");
    expect(describeError(new SetupError("no Pulumi.yaml"), "/p")).toEqual({
      kind: "setup",
      message: "no Pulumi.yaml",
    });
  });

  it("names an invoke the plan cannot answer", () => {
    const expected = {
      kind: "invoke",
      message: invokeMessage("azure-native:authorization:getClientConfig"),
    };
    expect(
      describeError(
        new Error(
          "unmocked invoke azure-native:authorization:getClientConfig: give the harness a fake",
        ),
        "/p",
      ),
    ).toEqual(expected);
    expect(
      describeError(new Error(invokeMessage("azure-native:authorization:getClientConfig")), "/p"),
    ).toEqual(expected);
    expect(expected.message).toBe(
      "The program calls the provider function azure-native:authorization:getClientConfig, which asks the vendor's API; wissel plan runs offline and answers no invoke. Read the value from stack config instead, or run `pulumi preview` with credentials.",
    );
  });

  it("gives an unexpected error its type and where the program threw it, not the stack", () => {
    const error = new TypeError("x is undefined");
    error.stack = [
      "TypeError: x is undefined",
      "    at helper (/w/node_modules/lib/index.js:1:1)",
      "    at Object.<anonymous> (/p/src/index.ts:12:9)",
      "    at Module._compile (node:internal/modules/cjs/loader:1:1)",
    ].join("\n");
    expect(describeError(error, "/p")).toEqual({
      kind: "program",
      message: "The program failed: TypeError: x is undefined (at src/index.ts:12:9)",
    });
    expect(describeError("a thrown string", "/p")).toEqual({
      kind: "program",
      message: "The program failed: a thrown string",
    });
  });

  it("finds no site in a stack of Node internals", () => {
    expect(throwSite("Error: x\n    at node:internal/modules/run_main:1:1", "/p")).toBeUndefined();
    expect(throwSite(undefined, "/p")).toBeUndefined();
    expect(throwSite("Error: x\n    at /elsewhere/file.js:3:4", "/p")).toBe(
      "/elsewhere/file.js:3:4",
    );
  });
});
