/**
 * The vendor-switch guard under `pulumi preview` and `pulumi up`: a data-holding block (bucket,
 * database, namespace) that the stack's last deployment placed on one target, and that the stack now
 * places on another with no migration declared, fails before anything is registered under it.
 * Switching would build an empty block at the new vendor and leave the data at the old one.
 *
 * Where the deployed target comes from: the engine's built-in invoke
 * `pulumi:pulumi:readStackResourceOutputs`, asked for the running stack itself, answers with every
 * resource of the stack's last deployment (URN, type, outputs), and each Wissel block registers its
 * `placement` output. One invoke per program, shared by every block: the backend exports the stack's
 * state once, which on a first deployment is empty. A StackReference to the stack itself would read
 * only the stack's exports, and would be a resource of its own in every stack.
 *
 * How it fails before anything changes: the block's component waits for the check (`dependsOn` on a
 * promise that resolves to the component's own `dependsOn`), and its children wait for the
 * component's URN, so a refused switch registers nothing of the block, and the program fails with
 * the message. Nothing is deleted: the engine deletes what a program no longer declares only after
 * the program has succeeded.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Placement } from "./adapter";
import { isPlainObject } from "./validate";

/** The engine's built-in invoke that reads a stack's resources and their outputs. */
export const READ_STACK_RESOURCE_OUTPUTS = "pulumi:pulumi:readStackResourceOutputs";

/** Where the stack's last deployment put a block. */
export interface DeployedPlacement {
  /** The target that built it: `scaleway`. */
  readonly target: string;
  /** Its vendor, when the deployment names it: `Scaleway`. */
  readonly vendor?: string;
}

/** What a refused switch names. */
export interface VendorSwitchFacts {
  /** `Bucket "files"`. */
  readonly block: string;
  /** The block's class: `Bucket`. */
  readonly noun: string;
  /** The block's resource name. */
  readonly name: string;
  /** The stack config key that placed the block: `wissel:target` or `wissel:targets.<name>`. */
  readonly targetKey: string;
  /** Where the last deployment put it. */
  readonly from: DeployedPlacement;
  /** Where the stack now places it. */
  readonly to: { readonly target: string; readonly vendor: string };
}

/** The message of a refused switch: the same in `wissel plan --against` and under the engine. */
export function vendorSwitchMessage(facts: VendorSwitchFacts): string {
  const { block, noun, from, to } = facts;
  const fromText = from.vendor === undefined ? from.target : `${from.target} (${from.vendor})`;
  // Config places a block itself; a namespace follows its cluster, which config cannot move.
  const keep = !facts.targetKey.startsWith("wissel:")
    ? `it follows ${facts.targetKey}: put that on ${from.target} again`
    : `\`pulumi config set --path '${
        facts.targetKey.startsWith("wissel:targets.")
          ? facts.targetKey
          : `wissel:targets.${facts.name}`
      }' ${from.target}\``;
  return (
    `${block} holds data deployed on ${fromText}, and the stack now places it on ${to.target} (${to.vendor}) ` +
    `with no migration declared for it: the switch would build an empty ${noun} at ${to.vendor} and leave ` +
    `the data on ${fromText}. Keep it on ${from.target} until a migration moves its data ` +
    `(${keep}), or declare the migration.`
  );
}

/** The `placement` output a block registered, as a state or the engine gives it back. */
export function deployedPlacementOf(outputs: unknown): DeployedPlacement | undefined {
  if (!isPlainObject(outputs)) return undefined;
  const placement = outputs["placement"];
  if (!isPlainObject(placement) || typeof placement["target"] !== "string") return undefined;
  const vendor = placement["vendor"];
  return typeof vendor === "string"
    ? { target: placement["target"], vendor }
    : { target: placement["target"] };
}

/** One resource of the last deployment: its URN's qualified type (`parentType$type`) and its outputs. */
interface DeployedEntry {
  readonly qualifiedType: string;
  readonly outputs: unknown;
}

/** The last deployment's resources by name; one read per stack and program. */
const reads = new Map<string, Promise<ReadonlyMap<string, readonly DeployedEntry[]>>>();

/**
 * The running stack's fully qualified name. The engine always knows the organization (a DIY backend's
 * is `organization`); a program under the SDK's mocks may not have one, and gets the DIY default.
 */
function ownStackName(): string {
  let organization = "organization";
  try {
    organization = pulumi.getOrganization();
  } catch {
    // Mocks without an organization: keep the default.
  }
  return `${organization}/${pulumi.getProject()}/${pulumi.getStack()}`;
}

function lastDeployment(): Promise<ReadonlyMap<string, readonly DeployedEntry[]>> {
  const stackName = ownStackName();
  let read = reads.get(stackName);
  if (read === undefined) {
    read = pulumi.runtime.invoke(READ_STACK_RESOURCE_OUTPUTS, { stackName }).then(
      (result: unknown) => {
        const byName = new Map<string, DeployedEntry[]>();
        const outputs =
          isPlainObject(result) && isPlainObject(result["outputs"]) ? result["outputs"] : {};
        for (const [urn, entry] of Object.entries(outputs)) {
          // urn:pulumi:<stack>::<project>::<qualified type>::<name>
          const parts = urn.split("::");
          if (parts.length < 4) continue;
          const name = parts.slice(3).join("::");
          const found = byName.get(name) ?? [];
          found.push({
            qualifiedType: parts[2]!,
            outputs: isPlainObject(entry) ? entry["outputs"] : undefined,
          });
          byName.set(name, found);
        }
        return byName;
      },
      (error: unknown) => {
        // A backend that cannot export the stack leaves the check undone; say so once, never fail.
        void pulumi.log.warn(
          `Wissel could not read the stack's last deployment, so it did not check for undeclared vendor switches: ${error instanceof Error ? error.message : String(error)}`,
        );
        return new Map<string, readonly DeployedEntry[]>();
      },
    );
    reads.set(stackName, read);
  }
  return read;
}

/** What the guard needs of a block about to be registered. */
export interface GuardedBlock extends Omit<VendorSwitchFacts, "from" | "to"> {
  readonly type: string;
  readonly placement: Placement;
}

/**
 * The deployed outputs of the block: the resource of its type and name, at the top of the stack
 * when the block has no parent and under one when it has. Found by name and type rather than by the
 * URN its parent's would give, so that the check never waits on an output the engine leaves unknown.
 */
function deployedOutputs(
  deployed: ReadonlyMap<string, readonly DeployedEntry[]>,
  block: GuardedBlock,
  parented: boolean,
): unknown {
  const found = (deployed.get(block.name) ?? []).filter(({ qualifiedType }) =>
    parented ? qualifiedType.endsWith(`$${block.type}`) : qualifiedType === block.type,
  );
  return found.length === 1 ? found[0]!.outputs : undefined;
}

/**
 * The block's component options, with its registration waiting for the vendor-switch check: the
 * `dependsOn` it was given once the check passes, a rejection with the message when it fails.
 */
export function guardVendorSwitch(
  block: GuardedBlock,
  opts: pulumi.ComponentResourceOptions,
): pulumi.ComponentResourceOptions {
  const checked = lastDeployment().then((deployed): true => {
    const from = deployedPlacementOf(deployedOutputs(deployed, block, opts.parent !== undefined));
    if (from === undefined || from.target === block.placement.target) return true;
    const to = { target: block.placement.target, vendor: block.placement.vendor };
    throw new pulumi.ResourceError(vendorSwitchMessage({ ...block, from, to }), opts.parent);
  });
  return { ...opts, dependsOn: afterCheck(checked, opts.dependsOn) };
}

/** A component's `dependsOn`, in whichever form it was given, waited for once the check passed. */
function afterCheck(
  checked: Promise<true>,
  given: pulumi.ComponentResourceOptions["dependsOn"],
): pulumi.Input<pulumi.Input<pulumi.Resource>[]> {
  const list = (value: pulumi.Resource | pulumi.Input<pulumi.Resource>[]) =>
    Array.isArray(value) ? value : [value];
  if (pulumi.Output.isInstance(given)) {
    // One resource or a list, as an Output: it stays an Output, so an unknown one stays unknown.
    const output: pulumi.OutputInstance<pulumi.Resource | pulumi.Input<pulumi.Resource>[]> = given;
    const deps = output.apply(list);
    return pulumi.output(checked).apply(() => deps);
  }
  return checked.then(async () => (given === undefined ? [] : list(await given)));
}

/** Forgets the reads of this process (tests that run several programs in one process). */
export function resetLastDeployment(): void {
  reads.clear();
}
