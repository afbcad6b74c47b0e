/** The text of a plan's diff against a deployed stack: one line per change, then the totals. */
import type { ResourceChange, StateDiff } from "./diff";

const SYMBOLS: Readonly<Record<ResourceChange["kind"], string>> = {
  same: " ",
  create: "+",
  update: "~",
  replace: "+-",
  delete: "-",
  "delete-refused": "!-",
  "leaves-stack": ">",
};

/** Who keeps a retained resource's data once it leaves the stack, by the type token's provider. */
const KEEPERS: Readonly<Record<string, string>> = {
  "azure-native": "Microsoft Azure",
  scaleway: "Scaleway",
  openstack: "the OpenStack cloud",
  kubernetes: "the Kubernetes cluster",
};

function keeper(type: string): string {
  return KEEPERS[type.split(":")[0] ?? ""] ?? "the vendor";
}

function describe(change: ResourceChange): string {
  const what = `${change.type} "${change.name}"`;
  const renamed = change.previousUrn !== undefined ? ` (was ${change.previousUrn})` : "";
  switch (change.kind) {
    case "create":
      return `create ${what}`;
    case "update":
      return `update ${what}${renamed}: ${change.changedKeys.join(", ")}`;
    case "replace":
      return `replace ${what}${renamed}: ${change.replaceKeys.join(", ")} forces a new resource${change.holdsData ? "; its data is lost" : ""}`;
    case "delete":
      return `delete ${what}${change.holdsData ? "; its data is lost" : ""}`;
    case "delete-refused":
      return `delete refused ${what}: it is protected, so \`pulumi up\` stops here`;
    case "leaves-stack":
      return `leaves the stack ${what}, data kept at ${keeper(change.type)}`;
    case "same":
      return `same ${what}${renamed}`;
  }
}

/** The lines of the diff section. */
export function renderDiff(diff: StateDiff): string[] {
  const lines = [`Changes against ${diff.file} (deployment version ${diff.version})`];
  const shown = diff.changes.filter(
    (change) => change.kind !== "same" || change.previousUrn !== undefined,
  );
  if (shown.length === 0) lines.push("  no changes");
  for (const change of shown) {
    lines.push(`  ${SYMBOLS[change.kind].padEnd(2)} ${describe(change)}`);
    if (change.notCompared.length > 0 && change.kind !== "create")
      lines.push(
        `       not compared offline (secret or known only at deployment): ${change.notCompared.join(", ")}`,
      );
  }
  const totals = diff.totals;
  lines.push(
    `  totals: ${totals.create} to create, ${totals.update} to update, ${totals.replace} to replace, ` +
      `${totals.delete} to delete, ${totals["delete-refused"]} delete refused, ` +
      `${totals["leaves-stack"]} leaving the stack with data kept, ${totals.same} unchanged`,
  );
  if (diff.deletesOrReplacesData)
    lines.push(
      "  This change deletes or replaces a resource that holds data: wissel plan exits with 3.",
    );
  return lines;
}
