/**
 * Undeclared vendor switches: a data-holding block deployed on one target that the stack now places on
 * another. Switching would build an empty block at the new vendor and leave (or try to delete) the
 * data at the old one, so the plan refuses it until a migration moves the data.
 *
 * The deployed target is the `placement` output each Wissel block registers. A state written before
 * blocks registered it tells the vendor only through the block's children: a child of a vendor's
 * own SDK (azure-native, Scaleway, OpenStack) names it; Kubernetes objects alone do not, since every
 * vendor's namespace and CloudNativePG database are Kubernetes objects, so such a block is not judged.
 */
import type { ComponentRecord } from "@wissel/core";
import { vendorOf } from "@wissel/policy";
import type { ResourceChange } from "./diff";
import { DATA_COMPONENTS } from "./diff";
import type { DeployedResource, DeployedState } from "./state";
import { fromState } from "./state-values";

/** Where a block was deployed, as far as the state tells. */
interface DeployedPlacement {
  readonly target: string;
  readonly vendor?: string;
}

/** One refused switch. */
export interface VendorSwitch {
  /** `Bucket "files"`. */
  readonly block: string;
  readonly urn: string;
  readonly from: DeployedPlacement;
  readonly to: { readonly target: string; readonly vendor: string };
  readonly message: string;
}

const NOUNS: Readonly<Record<string, string>> = {
  "wissel:storage:Bucket": "Bucket",
  "wissel:postgres:Database": "PostgresDatabase",
  "wissel:kubernetes:Namespace": "Namespace",
};

function recordedPlacement(resource: DeployedResource): DeployedPlacement | undefined {
  const placement = fromState(resource.outputs["placement"]);
  if (typeof placement !== "object" || placement === null || Array.isArray(placement))
    return undefined;
  const target = placement["target"];
  const vendor = placement["vendor"];
  if (typeof target !== "string") return undefined;
  return typeof vendor === "string" ? { target, vendor } : { target };
}

/** The vendor SDK family of a block's children in the state, when one of them names a vendor. */
function inferredPlacement(urn: string, state: DeployedState): DeployedPlacement | undefined {
  const below = (parent: string): DeployedResource[] =>
    state.resources
      .filter((resource) => resource.parent === parent)
      .flatMap((child) => [child, ...below(child.urn)]);
  const vendors = new Set(below(urn).map((child) => vendorOf(child.type)));
  vendors.delete("kubernetes");
  vendors.delete(undefined);
  const [only] = [...vendors];
  return vendors.size === 1 && only !== undefined ? { target: only } : undefined;
}

/** The blocks whose data would change vendor with no migration declared for them. */
export function vendorSwitches(
  changes: readonly ResourceChange[],
  records: readonly ComponentRecord[],
  state: DeployedState,
): VendorSwitch[] {
  const byUrn = new Map(state.resources.map((resource) => [resource.urn, resource]));
  const found: VendorSwitch[] = [];
  for (const change of changes) {
    if (!DATA_COMPONENTS.has(change.type) || change.kind === "create") continue;
    const deployed = byUrn.get(change.previousUrn ?? change.urn);
    const record = records.find((r) => r.type === change.type && r.name === change.name);
    if (deployed === undefined || record === undefined) continue;
    const from = recordedPlacement(deployed) ?? inferredPlacement(deployed.urn, state);
    if (from === undefined || from.target === record.placement.target) continue;
    const noun = NOUNS[change.type] ?? change.type;
    const block = `${noun} "${change.name}"`;
    const fromText = from.vendor === undefined ? from.target : `${from.target} (${from.vendor})`;
    const to = { target: record.placement.target, vendor: record.placement.vendor };
    found.push({
      block,
      urn: change.urn,
      from,
      to,
      message:
        `${block} holds data deployed on ${fromText}, and the stack now places it on ${to.target} (${to.vendor}) ` +
        `with no migration declared for it: the switch would build an empty ${noun} at ${to.vendor} and leave ` +
        `the data on ${fromText}. Keep it on ${from.target} until a migration moves its data ` +
        `(\`pulumi config set --path '${perBlockKey(record)}' ${from.target}\`), or declare the migration.`,
    });
  }
  return found;
}

/** The per-block target key: `wissel:targets.<name>`, which overrides `wissel:target` for one block. */
function perBlockKey(record: ComponentRecord): string {
  return record.targetKey.startsWith("wissel:targets.")
    ? record.targetKey
    : `wissel:targets.${record.name}`;
}
