import { MissingPeerError, loadOptionalPeer, optionalPeer } from "@wissel/core";

const use = {
  adapter: "@wissel/scaleway",
  purpose: "a Namespace",
  packages: ["@wissel/kubernetes"],
} as const;

describe("loadOptionalPeer", () => {
  it("returns what the loader returns when the package is installed", () => {
    expect(loadOptionalPeer(() => ({ ok: 1 }), use)).toEqual({ ok: 1 });
  });

  it("names the adapter, the block and the install command when the package is missing", () => {
    const load = () => {
      throw Object.assign(
        new Error("Cannot find module '@wissel/kubernetes'\nRequire stack:\n- /x/namespace.js"),
        { code: "MODULE_NOT_FOUND" },
      );
    };
    expect(() => loadOptionalPeer(load, use)).toThrow(MissingPeerError);
    expect(() => loadOptionalPeer(load, use)).toThrow(
      "@wissel/scaleway needs @wissel/kubernetes to build a Namespace, and it is not installed in this project. " +
        "Install it next to @wissel/scaleway: `npm install @wissel/kubernetes` (or `pnpm add @wissel/kubernetes`).",
    );
  });

  it("treats a missing subpath of the peer as the peer missing", () => {
    const load = () => {
      throw Object.assign(new Error("Cannot find module '@pulumi/kubernetes/core/v1'"), {
        code: "MODULE_NOT_FOUND",
      });
    };
    const both = { ...use, packages: ["@wissel/kubernetes", "@pulumi/kubernetes"] };
    expect(() => loadOptionalPeer(load, both)).toThrow(
      "needs @pulumi/kubernetes to build a Namespace",
    );
    expect(() => loadOptionalPeer(load, both)).toThrow(
      "`npm install @wissel/kubernetes @pulumi/kubernetes`",
    );
  });

  it("lets other errors through unchanged, including a module missing inside the peer", () => {
    const inner = Object.assign(new Error("Cannot find module './broken'"), {
      code: "MODULE_NOT_FOUND",
    });
    expect(() =>
      loadOptionalPeer(() => {
        throw inner;
      }, use),
    ).toThrow(inner);
    const other = new Error("boom");
    expect(() =>
      loadOptionalPeer(() => {
        throw other;
      }, use),
    ).toThrow(other);
  });
});

describe("optionalPeer", () => {
  it("loads on each call and names the purpose of that call when the package is missing", () => {
    let loads = 0;
    const present = optionalPeer("@wissel/scaleway", ["@wissel/kubernetes"], () => ({
      n: ++loads,
    }));
    expect(present("a Namespace")).toEqual({ n: 1 });
    const missing = optionalPeer("@wissel/scaleway", ["@wissel/kubernetes"], () => {
      throw Object.assign(new Error("Cannot find module '@wissel/kubernetes/compose'"), {
        code: "MODULE_NOT_FOUND",
      });
    });
    expect(() => missing("a Namespace")).toThrow(
      "@wissel/scaleway needs @wissel/kubernetes to build a Namespace, and it is not installed",
    );
  });
});
