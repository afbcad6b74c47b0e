/**
 * Generates docs/capabilities.md from the adapters' own capability tables, read with the settings of
 * the flagship stack's four stack files (a table can depend on settings: what a Kubernetes cluster's
 * provisioner allows, whether an OpenStack cloud runs Trove).
 *
 *   npx -y pnpm@10.34.9 run docs
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readProject, readStack } from "@wissel/cli";
import type { Adapter, BlockCapabilities, Capability } from "@wissel/core";
import { adapter as azure } from "@wissel/azure";
import { adapter as kubernetes } from "@wissel/kubernetes";
import { adapter as openstack } from "@wissel/openstack";
import { adapter as scaleway } from "@wissel/scaleway";

const ROOT = path.join(__dirname, "..");
export const MATRIX_PATH = path.join(ROOT, "docs", "capabilities.md");
const STACK_DIR = path.join(ROOT, "stacks", "team-workspace");
const ADAPTERS: readonly Adapter[] = [kubernetes, azure, scaleway, openstack] as readonly Adapter[];

const SYMBOL: Record<Capability["support"], string> = {
  native: "native",
  emulated: "emulated",
  unsupported: "—",
};

/** A target's settings from the flagship's stack file, as `wissel plan` reads them (secure values replaced). */
function stackSettings(target: string): unknown {
  const raw = readStack(readProject(STACK_DIR), target).config[`wissel:${target}`];
  return raw === undefined ? undefined : (JSON.parse(raw) as unknown);
}

/**
 * Settings that attest what the cluster's operator set up, per target: the flagship's stack files
 * give them, a stack file without them gets less. The matrix marks every cell they change.
 */
const ATTESTATIONS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  kubernetes: [
    ["objectStorage", "additionalConfigFields"],
    ["objectStorage", "encryptedAtRest"],
    ["cluster", "enforcesNetworkPolicy"],
  ],
};

/** A copy of settings without the given paths. */
function without(settings: unknown, paths: readonly (readonly string[])[]): unknown {
  const copy = structuredClone(settings) as Record<string, unknown>;
  for (const segments of paths) {
    let node: Record<string, unknown> | undefined = copy;
    for (const key of segments.slice(0, -1))
      node = node?.[key] as Record<string, unknown> | undefined;
    if (node !== undefined) delete node[segments[segments.length - 1]!];
  }
  return copy;
}

function cell(capability: Capability | undefined, bare: Capability | undefined): string {
  const shown = capability === undefined ? "—" : SYMBOL[capability.support];
  return bare !== undefined && capability !== undefined && bare.support !== capability.support
    ? `${shown} ¹`
    : shown;
}

type Features = Record<string, Capability> | undefined;

/** The whole document, deterministic for a given set of adapters and stack files. */
export function renderCapabilityMatrix(): string {
  const tables = ADAPTERS.map((a) => {
    const settings = stackSettings(a.name);
    const bare = a.capabilities(a.parseSettings(without(settings, ATTESTATIONS[a.name] ?? [])));
    return { adapter: a, table: a.capabilities(a.parseSettings(settings)), bare };
  });
  const lines: string[] = [
    "# Capability matrix",
    "",
    "Generated from each adapter's capability table by `scripts/capabilities.ts` (run",
    "`npx -y pnpm@10.34.9 run docs`); a test fails when this file is out of date. Tables that depend on",
    "adapter settings are shown with the settings of `stacks/team-workspace/Pulumi.<target>.yaml`.",
    "",
    "`native`: the vendor's own service does it. `emulated`: Wissel composes it, with the limits in",
    "the reason. `—`: not offered; asking for it fails at preview with the reason below.",
    "",
    "`scopedCredentials` and `encryptionAtRest` are facts about the target, not arguments: nothing",
    "asks for them, so they never fail a preview; `wissel plan` and the binding's `credentialScope`",
    "show them, and a policy that requires them is the stack owner's choice of target.",
    "",
    "¹ Only with settings the flagship's stack file gives: the operator's attestation of what the",
    "cluster does (`objectStorage.additionalConfigFields`, `objectStorage.encryptedAtRest`,",
    "`cluster.enforcesNetworkPolicy`). Without them the cell is `—`; the reasons say which setting. An",
    "unattested `encryptedAtRest` refuses every bucket, and an unattested NetworkPolicy every namespace.",
    "",
  ];
  const blocks = [...new Set(tables.flatMap((t) => Object.keys(t.table)))];
  for (const block of blocks) {
    const rows = tables.map(
      (t) => (t.table as Record<string, BlockCapabilities | undefined>)[block],
    );
    const bareRows = tables.map(
      (t) => (t.bare as Record<string, BlockCapabilities | undefined>)[block],
    );
    const features = [
      ...new Set(rows.flatMap((r) => (r === undefined ? [] : Object.keys(r.features)))),
    ];
    lines.push(`## ${block}`, "");
    lines.push(`| | ${tables.map((t) => t.adapter.name).join(" | ")} |`);
    lines.push(`| --- | ${tables.map(() => "---").join(" | ")} |`);
    lines.push(
      `| **${block}** | ${rows.map((r, i) => cell(r?.block, bareRows[i]?.block)).join(" | ")} |`,
    );
    for (const feature of features) {
      const cells = rows.map((r, i) =>
        cell((r?.features as Features)?.[feature], (bareRows[i]?.features as Features)?.[feature]),
      );
      lines.push(`| ${feature} | ${cells.join(" | ")} |`);
    }
    lines.push("", "Reasons:", "");
    tables.forEach((t, i) => {
      const row = rows[i];
      if (row === undefined) return;
      lines.push(`- **${t.adapter.name}**: ${block} — ${row.block.reason}`);
      for (const [feature, capability] of Object.entries(
        row.features as Record<string, Capability>,
      )) {
        lines.push(`  - ${feature} (${capability.support}): ${capability.reason}`);
        const bare = (bareRows[i]?.features as Features)?.[feature];
        if (bare !== undefined && bare.support !== capability.support)
          lines.push(`    - without the attestation (${bare.support}): ${bare.reason}`);
      }
    });
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

if (require.main === module) {
  fs.writeFileSync(MATRIX_PATH, renderCapabilityMatrix());
  process.stdout.write(`wrote ${path.relative(process.cwd(), MATRIX_PATH)}\n`);
}
