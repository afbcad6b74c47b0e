/** The pure parts of `--against`: state values, aliases, replacements and the diff itself. */
import { diffAgainst, parseState, StateFileError, type DeployedState } from "@wissel/cli";
import type { Registration } from "../src/harness";
import { aliasUrns } from "../src/aliases";
import { OPAQUE, compare, fromProgram, fromState } from "../src/state-values";

const SIG = "4dabf18193072939515e22adb298388d";
const U = "urn:pulumi:prod::app::";

function reg(type: string, name: string, extra: Partial<Registration> = {}): Registration {
  const base: Registration = {
    type,
    name,
    urn: `${U}${type}::${name}`,
    parent: undefined,
    custom: true,
    read: false,
    inputs: {},
    secretInputs: [],
    protect: false,
    retainOnDelete: false,
    deleteBeforeReplace: false,
    additionalSecretOutputs: [],
    aliases: [],
    ignoreChanges: [],
    replaceOnChanges: [],
    dependencies: [],
  };
  return { ...base, ...extra };
}

function state(resources: readonly Record<string, unknown>[]): DeployedState {
  return parseState(
    "state.json",
    JSON.stringify({
      version: 3,
      deployment: { manifest: { time: "t", magic: "m", version: "v3" }, resources },
    }),
  );
}

describe("state values", () => {
  it("opens plaintext secrets, keeps ciphertext opaque, and reads outputs and references", () => {
    expect(fromState({ [SIG]: "1b47061264138c4ac30d75fd1eb44270", plaintext: '"s3cret"' })).toBe(
      "s3cret",
    );
    expect(fromState({ [SIG]: "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:x" })).toBe(
      OPAQUE,
    );
    expect(fromState({ [SIG]: "d0e6a833031e9bbcd3f4e8bde6ca49a4", value: 3 })).toBe(3);
    expect(fromState({ [SIG]: "5cf8f73096256a8f31e491e813e4eb8e", urn: `${U}x::y` })).toBe(
      `${U}x::y`,
    );
  });

  it("compares opaque parts as unknown, but a known difference beside them as different", () => {
    expect(compare({ a: 1, b: OPAQUE }, { a: 1, b: "x" })).toBe("unknown");
    expect(compare({ a: 2, b: OPAQUE }, { a: 1, b: "x" })).toBe("different");
    expect(compare([1, 2], [1, 2, 3])).toBe("different");
    expect(compare(fromProgram({ a: undefined, b: [1] }), fromState({ b: [1] }))).toBe("equal");
  });
});

describe("aliases", () => {
  it("derives a child's earlier URN from its parent's alias, with the parent's old name as its prefix", () => {
    const parent = reg("wissel:storage:Bucket", "documents", {
      custom: false,
      aliases: [{ spec: { name: "files" } }],
    });
    const parentUrns = [parent.urn, ...aliasUrns(parent, new Map())];
    expect(parentUrns[1]).toBe(`${U}wissel:storage:Bucket::files`);
    const child = reg("vendor:storage:Bucket", "documents-key", {
      urn: `${U}wissel:storage:Bucket$vendor:storage:Bucket::documents-key`,
      parent: parent.urn,
    });
    expect(aliasUrns(child, new Map([[parent.urn, parentUrns]]))).toEqual([
      `${U}wissel:storage:Bucket$vendor:storage:Bucket::files-key`,
    ]);
  });

  it("reads an alias given as a URN", () => {
    const moved = reg("vendor:dns:Record", "web", {
      aliases: [{ urn: `${U}vendor:dns:Record::www` }],
    });
    expect(aliasUrns(moved, new Map())).toEqual([`${U}vendor:dns:Record::www`]);
  });
});

describe("diffAgainst", () => {
  it("replaces on an identity input, updates on another, and never compares the provider's own defaults", () => {
    const deployed = state([
      {
        urn: `${U}scaleway:object/bucket:Bucket::files`,
        type: "scaleway:object/bucket:Bucket",
        custom: true,
        inputs: {
          name: "a",
          region: "nl-ams",
          versioning: { enabled: true },
          __defaults: ["forceDestroy"],
          forceDestroy: false,
        },
      },
      {
        urn: `${U}kubernetes:core/v1:ConfigMap::cfg`,
        type: "kubernetes:core/v1:ConfigMap",
        custom: true,
        inputs: { metadata: { name: "cfg", labels: { a: "1" } } },
      },
    ]);
    const diff = diffAgainst(
      [
        reg("scaleway:object/bucket:Bucket", "files", {
          inputs: { name: "b", region: "nl-ams", versioning: { enabled: true } },
        }),
        reg("kubernetes:core/v1:ConfigMap", "cfg", {
          inputs: { metadata: { name: "cfg", labels: { a: "2" } } },
        }),
      ],
      deployed,
    );
    expect(diff.changes.map((c) => [c.kind, c.name, c.changedKeys, c.replaceKeys])).toEqual([
      ["replace", "files", ["name"], ["name"]],
      ["update", "cfg", ["metadata"], []],
    ]);
    expect(diff.deletesOrReplacesData).toBe(true);
  });

  it("shows a retained resource leaving the program as leaving the stack, and ignores the engine's own resources", () => {
    const deployed = state([
      { urn: `${U}pulumi:pulumi:Stack::app-prod`, type: "pulumi:pulumi:Stack" },
      {
        urn: `${U}pulumi:providers:scaleway::default_1_2_3`,
        type: "pulumi:providers:scaleway",
        custom: true,
      },
      {
        urn: `${U}scaleway:object/bucket:Bucket::old`,
        type: "scaleway:object/bucket:Bucket",
        custom: true,
        retainOnDelete: true,
      },
    ]);
    expect(diffAgainst([], deployed).changes.map((c) => [c.kind, c.name])).toEqual([
      ["leaves-stack", "old"],
    ]);
    expect(diffAgainst([], deployed).deletesOrReplacesData).toBe(false);
  });
});

describe("parseState", () => {
  it("accepts version 4 with its features, and refuses a file that is no deployment", () => {
    const v4 = parseState(
      "s.json",
      JSON.stringify({
        version: 4,
        features: ["outputDependencies"],
        deployment: { manifest: { time: "t", magic: "m", version: "v" } },
      }),
    );
    expect(v4).toMatchObject({ version: 4, features: ["outputDependencies"], resources: [] });
    expect(() => parseState("s.json", "[1, 2]")).toThrow(StateFileError);
    expect(() => parseState("s.json", "[1, 2]")).toThrow("s.json: has no deployment version");
  });
});
