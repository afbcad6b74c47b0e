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
import {
  deployedPlacementOf,
  vendorSwitchMessage,
  type ComponentRecord,
  type DeployedPlacement,
} from "@wissel/core";
import { vendorOf } from "@wissel/policy";
import type { ResourceChange } from "./diff";
import { DATA_COMPONENTS } from "./diff";
import type { DeployedResource, DeployedState } from "./state";
import { fromState } from "./state-values";

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
  return deployedPlacementOf({ placement: fromState(resource.outputs["placement"]) });
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
    const to = { target: record.placement.target, vendor: record.placement.vendor };
    found.push({
      block,
      urn: change.urn,
      from,
      to,
      message: vendorSwitchMessage({
        block,
        noun,
        name: record.name,
        targetKey: record.targetKey,
        from,
        to,
      }),
    });
  }
  return found;
}
