import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  SECRET_PLACEHOLDER,
  SetupError,
  configValue,
  existingStacks,
  missingStackMessage,
  parseProjectFile,
  parseStackFile,
  projectConfigDefault,
  qualifyKey,
  readProject,
  readStack,
  resolveProgram,
  stackFilePath,
} from "@wissel/cli";

/** A fresh directory with the given files (paths relative to it). */
function tempProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wissel-cli-project-"));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function setupError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof SetupError) return error.message;
    throw error;
  }
  throw new Error("accepted");
}

describe("parseProjectFile", () => {
  it("reads name, runtime in both forms, description, main and stackConfigDir", () => {
    expect(parseProjectFile("name: app\nruntime: nodejs\n", "Pulumi.yaml")).toEqual({
      name: "app",
      runtime: "nodejs",
      config: {},
      typescript: true,
    });
    const text = [
      "name: team-workspace",
      "runtime:",
      "  name: nodejs",
      "  options:",
      "    typescript: true",
      "description: Files",
      "main: src/",
      "stackConfigDir: stacks",
      "config:",
      "  greeting: hello",
    ].join("\n");
    expect(parseProjectFile(text, "Pulumi.yaml")).toEqual({
      name: "team-workspace",
      runtime: "nodejs",
      description: "Files",
      main: "src/",
      stackConfigDir: "stacks",
      config: { greeting: "hello" },
      typescript: true,
    });
    const options =
      "name: app\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n    tsconfig: tsconfig.pulumi.json\n";
    expect(parseProjectFile(options, "Pulumi.yaml")).toEqual({
      name: "app",
      runtime: "nodejs",
      config: {},
      typescript: false,
      tsconfig: "tsconfig.pulumi.json",
    });
  });

  const bad: [string, string, string][] = [
    [
      "a Python project",
      "name: app\nruntime: python\n",
      'runtime is "python"; wissel plan runs Node.js programs',
    ],
    ["a missing runtime", "name: app\n", "runtime is missing"],
    ["a missing name", "runtime: nodejs\n", "`name` must be the project name"],
    ["a name with a space", "name: my app\nruntime: nodejs\n", 'received "my app"'],
    ["a non-string main", "name: app\nruntime: nodejs\nmain: [a]\n", "`main` must be a string"],
    ["a list instead of a map", "- name\n", "must be a YAML map"],
    ["invalid YAML", "name: app\nruntime: [nodejs\n", "is not valid YAML"],
    ["a config list", "name: app\nruntime: nodejs\nconfig: [a]\n", "`config` must be a map"],
  ];
  it.each(bad)("rejects %s, naming the file", (_what, text, message) => {
    const error = setupError(() => parseProjectFile(text, "/p/Pulumi.yaml"));
    expect(error).toContain("/p/Pulumi.yaml");
    expect(error).toContain(message);
  });
});

describe("resolveProgram", () => {
  it("defaults to index.ts in the project directory", () => {
    const dir = tempProject({ "index.ts": "", "index.js": "" });
    expect(resolveProgram(dir, undefined)).toBe(path.join(dir, "index.ts"));
  });

  it("follows package.json main", () => {
    const dir = tempProject({
      "package.json": JSON.stringify({ main: "src/program.ts" }),
      "src/program.ts": "",
      "index.ts": "",
    });
    expect(resolveProgram(dir, undefined)).toBe(path.join(dir, "src/program.ts"));
  });

  it("takes main as a file, or as a directory with its own index", () => {
    const dir = tempProject({ "infra/main.ts": "", "infra/index.ts": "" });
    expect(resolveProgram(dir, "infra/main.ts")).toBe(path.join(dir, "infra/main.ts"));
    expect(resolveProgram(dir, "infra/")).toBe(path.join(dir, "infra/index.ts"));
  });

  it("fails naming main when it points nowhere", () => {
    const dir = tempProject({ "index.ts": "" });
    expect(setupError(() => resolveProgram(dir, "infra"))).toBe(
      `\`main: infra\` in Pulumi.yaml points to ${path.join(dir, "infra")}, which does not exist. Fix \`main\` in Pulumi.yaml.`,
    );
  });

  it("fails when the directory holds no program", () => {
    const dir = tempProject({ "README.md": "" });
    expect(setupError(() => resolveProgram(dir, undefined))).toContain(
      "which has no program: add index.ts",
    );
  });

  it("fails when package.json main names a missing file", () => {
    const dir = tempProject({ "package.json": JSON.stringify({ main: "gone.ts" }) });
    expect(setupError(() => resolveProgram(dir, undefined))).toContain(
      "names `main: gone.ts`, which does not exist",
    );
  });
});

describe("configValue", () => {
  const cases: [string, unknown, string, boolean][] = [
    ["a string", "nl-ams", "nl-ams", false],
    ["a number", 7, "7", false],
    ["a boolean", false, "false", false],
    ["null", null, "", false],
    [
      "structured config",
      { region: "nl-ams", zones: [1, 2] },
      '{"region":"nl-ams","zones":[1,2]}',
      false,
    ],
    ["a list", ["a", "b"], '["a","b"]', false],
    ["a secure value", { secure: "v1:AAAA" }, SECRET_PLACEHOLDER, true],
    [
      "a secure value inside an object",
      { user: "bob", password: { secure: "v1:AAAA" } },
      `{"user":"bob","password":"${SECRET_PLACEHOLDER}"}`,
      true,
    ],
    ["a secure value inside a list", [{ secure: "v1:AAAA" }], `["${SECRET_PLACEHOLDER}"]`, true],
    [
      "an object with a secure key among others",
      { secure: "yes", other: 1 },
      '{"secure":"yes","other":1}',
      false,
    ],
  ];
  it.each(cases)("passes %s as the engine does", (_what, value, text, secret) => {
    expect(configValue(value)).toEqual({ text, secret });
  });
});

describe("qualifyKey and projectConfigDefault", () => {
  it("puts keys without a namespace in the project's", () => {
    expect(qualifyKey("greeting", "app")).toBe("app:greeting");
    expect(qualifyKey("wissel:target", "app")).toBe("wissel:target");
  });

  it("takes value, then default, from a declaration; plain values as they are", () => {
    expect(projectConfigDefault({ type: "boolean", default: true })).toBe(true);
    expect(projectConfigDefault({ type: "string", value: "a", default: "b" })).toBe("a");
    expect(projectConfigDefault({ type: "integer" })).toBeUndefined();
    expect(projectConfigDefault("hello")).toBe("hello");
    expect(projectConfigDefault({ region: "ams" })).toEqual({ region: "ams" });
  });
});

describe("parseStackFile", () => {
  const stackText = [
    "config:",
    "  wissel:target: scaleway",
    "  wissel:scaleway:",
    "    region: nl-ams",
    "    zones: [nl-ams-1]",
    "  app:replicas: 3",
    "  debug: true",
    "  app:dbPassword:",
    "    secure: v1:abcdef",
    "  app:smtp:",
    "    user: mail",
    "    password:",
    "      secure: v1:123456",
  ].join("\n");

  it("flattens every value as the engine does and lists the secret keys", () => {
    const parsed = parseStackFile(stackText, "/p/Pulumi.dev.yaml", "app");
    expect(parsed).toEqual({
      file: "/p/Pulumi.dev.yaml",
      config: {
        "app:dbPassword": SECRET_PLACEHOLDER,
        "app:debug": "true",
        "app:replicas": "3",
        "app:smtp": `{"user":"mail","password":"${SECRET_PLACEHOLDER}"}`,
        "wissel:scaleway": '{"region":"nl-ams","zones":["nl-ams-1"]}',
        "wissel:target": "scaleway",
      },
      secretKeys: ["app:dbPassword", "app:smtp"],
      warnings: [],
    });
  });

  it("applies project-level defaults that the stack file overrides", () => {
    const parsed = parseStackFile("config:\n  app:retries: 5\n", "/p/Pulumi.dev.yaml", "app", {
      retries: { type: "integer", default: 3 },
      versioning: { type: "boolean", default: true },
      "wissel:policy": { sensitive: "nl" },
      required: { type: "string" },
    });
    expect(parsed.config).toEqual({
      "app:retries": "5",
      "app:versioning": "true",
      "wissel:policy": '{"sensitive":"nl"}',
    });
  });

  it("reads a stack file with no config as empty", () => {
    expect(parseStackFile("encryptionsalt: v1:abc\n", "/p/Pulumi.dev.yaml", "app").config).toEqual(
      {},
    );
    expect(parseStackFile("", "/p/Pulumi.dev.yaml", "app").config).toEqual({});
  });

  it("warns that ESC environments cannot be opened offline", () => {
    const parsed = parseStackFile(
      "environment:\n  - team/prod\nconfig: {}\n",
      "/p/Pulumi.dev.yaml",
      "app",
    );
    expect(parsed.warnings).toEqual([
      "/p/Pulumi.dev.yaml imports Pulumi ESC environments (`environment:`); wissel plan cannot open them offline, so their values are missing from this plan.",
    ]);
  });

  it("rejects a config section that is not a map, and invalid YAML, naming the file", () => {
    expect(setupError(() => parseStackFile("config: [a]\n", "/p/Pulumi.dev.yaml", "app"))).toBe(
      "/p/Pulumi.dev.yaml: `config` must be a map of `namespace:key: value`.",
    );
    expect(
      setupError(() => parseStackFile("config:\n  a: [b\n", "/p/Pulumi.dev.yaml", "app")),
    ).toBe(
      [
        "/p/Pulumi.dev.yaml:3:1 is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ].",
        "  2 |   a: [b",
        "> 3 |",
        "    | ^",
      ].join("\n"),
    );
    // One line number, the reason, and the offending line with a caret under the column.
    expect(
      setupError(() =>
        parseStackFile(
          "config:\n  wissel:target: azure\n   wissel:azure: {}\n",
          "/p/Pulumi.dev.yaml",
          "app",
        ),
      ),
    ).toBe(
      [
        "/p/Pulumi.dev.yaml:2:18 is not valid YAML: Nested mappings are not allowed in compact mappings.",
        "  1 | config:",
        "> 2 |   wissel:target: azure",
        "    |                  ^",
        "  3 |    wissel:azure: {}",
      ].join("\n"),
    );
  });
});

describe("readProject and readStack", () => {
  it("reads the stack file from stackConfigDir with the project's defaults", () => {
    const dir = tempProject({
      "Pulumi.yaml":
        "name: app\nruntime: nodejs\nstackConfigDir: stacks\nconfig:\n  greeting: hi\n",
      "index.ts": "",
      "stacks/Pulumi.dev.yaml": "config:\n  wissel:target: azure\n",
    });
    const project = readProject(dir);
    expect(project).toEqual({
      name: "app",
      runtime: "nodejs",
      stackConfigDir: "stacks",
      config: { greeting: "hi" },
      dir,
      file: path.join(dir, "Pulumi.yaml"),
      program: path.join(dir, "index.ts"),
      programDir: dir,
      typescript: true,
    });
    expect(stackFilePath(project, "dev")).toBe(path.join(dir, "stacks", "Pulumi.dev.yaml"));
    expect(readStack(project, "dev")).toEqual({
      file: path.join(dir, "stacks", "Pulumi.dev.yaml"),
      config: { "app:greeting": "hi", "wissel:target": "azure" },
      secretKeys: [],
      warnings: [],
    });
  });

  it("fails on a directory without Pulumi.yaml, saying what to pass", () => {
    const dir = tempProject({ "index.ts": "" });
    expect(setupError(() => readProject(dir))).toBe(
      `${dir} is not a Pulumi project: it has no Pulumi.yaml. Pass the directory that holds Pulumi.yaml, or create one with \`pulumi new typescript\`.`,
    );
  });

  it("fails on a missing stack file, naming the path, `pulumi stack init` and a file to copy", () => {
    const dir = tempProject({
      "Pulumi.yaml": "name: app\nruntime: nodejs\n",
      "index.ts": "",
      "Pulumi.azure.yaml": "config: {}\n",
      "Pulumi.scaleway.yml": "config: {}\n",
    });
    const project = readProject(dir);
    const file = path.join(dir, "Pulumi.openstack.yaml");
    expect(existingStacks(dir)).toEqual(["azure", "scaleway"]);
    expect(setupError(() => readStack(project, "openstack"))).toBe(
      `Stack "openstack" has no stack file: ${file} does not exist. ` +
        "Create it with `pulumi stack init openstack` and `pulumi config set wissel:target <target>`, " +
        `or copy an existing stack file and edit its wissel:target: \`cp ${path.join(dir, "Pulumi.azure.yaml")} ${file}\`. ` +
        "Stacks with a file here: azure, scaleway.",
    );
    expect(readStack(project, "scaleway").file).toBe(path.join(dir, "Pulumi.scaleway.yml"));
  });

  it("suggests the stack the user probably meant", () => {
    expect(missingStackMessage("/p/Pulumi.scalway.yaml", "scalway", ["azure", "scaleway"])).toBe(
      'Stack "scalway" has no stack file: /p/Pulumi.scalway.yaml does not exist. Did you mean --stack scaleway? ' +
        "Create it with `pulumi stack init scalway` and `pulumi config set wissel:target <target>`, " +
        "or copy an existing stack file and edit its wissel:target: `cp /p/Pulumi.azure.yaml /p/Pulumi.scalway.yaml`. Stacks with a file here: azure, scaleway.",
    );
  });

  it("suggests nothing for a name that is no typo of an existing stack", () => {
    expect(missingStackMessage("/p/Pulumi.prod.yaml", "prod", ["good"])).not.toContain(
      "Did you mean",
    );
  });

  it("says only how to create the first stack when none exists", () => {
    expect(missingStackMessage("/p/Pulumi.dev.yaml", "dev", [])).toBe(
      'Stack "dev" has no stack file: /p/Pulumi.dev.yaml does not exist. Create it with `pulumi stack init dev` and `pulumi config set wissel:target <target>`.',
    );
  });
});
