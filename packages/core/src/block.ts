/**
 * The steps every block shares, before and after `super()`: read the stack config, resolve and load
 * the target, validate args, check capabilities and policy, then build and record. Each component
 * stays a short recipe on top of these.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  BLOCK_CLASSES,
  type Adapter,
  type BlockCapabilities,
  type BlockKind,
  type Decision,
  type Placement,
} from "./adapter";
import {
  isRefusal,
  type AdapterBlock,
  type BuildableKind,
  type BuildContext,
  type Host,
  type MailboxBuildSpec,
  type NamespaceBuildSpec,
  type PlanContext,
  type SpecOf,
} from "./adapter-block";
import {
  resolveTarget,
  type InterimPlacement,
  type ResolvedTarget,
  type StackConfig,
} from "./config";
import { parsedSettings, stackConfig } from "./parsed";
import { WisselError, type Issue } from "./errors";
import { claimPhysicalNames, physicalNameIssues, type PhysicalName } from "./collisions";
import { recordComponent } from "./plan";
import { checkPolicy, judgeInterim, needlessInterim, todayUtc } from "./sovereignty/policy";
import { armTargetKeyCheck, declareName } from "./declared";
import { loadAdapter } from "./targets";
import { isPlainObject } from "./validate";

/** A block's kind and type token (its class name is BLOCK_CLASSES[kind]). */
export interface BlockInfo {
  readonly kind: BlockKind;
  /** `wissel:storage:Bucket`; never changes with the vendor. */
  readonly type: string;
  /** `bucket`, in messages such as "place this bucket elsewhere". */
  readonly noun: string;
}

/** A block's info, for one kind. */
export interface KindInfo<K extends BuildableKind> extends BlockInfo {
  readonly kind: K;
}

/** Everything decided before `super()`: the target, its block, and the plan that block made. */
export interface PreparedBlock<K extends BuildableKind> {
  readonly info: KindInfo<K>;
  readonly name: string;
  readonly subject: string;
  readonly adapter: Adapter;
  readonly block: AdapterBlock<K, unknown>;
  readonly plan: unknown;
  readonly settings: unknown;
  readonly placement: Placement;
  readonly targetKey: string;
  readonly capabilities: BlockCapabilities;
  readonly spec: SpecOf<K>;
  readonly policyConfig: StackConfig["policy"];
  /** Set when the policy refuses the placement and `wissel:policy.interim` allows it for now. */
  readonly interim?: InterimPlacement;
}

/** A feature the spec asks for, with the value that asked for it. */
export interface RequestedFeature<Spec = unknown> {
  readonly feature: string;
  readonly field: string;
  readonly value: unknown;
  /**
   * The spec as if the feature had not been asked for: the field at its default. Where the target
   * refuses the feature, its plan receives this spec, so that it checks the rest of the spec in the
   * same run and never reports the refused feature a second time.
   */
  readonly without: (spec: Spec) => Spec;
}

/**
 * Validates everything before any resource is registered. Throws a `pulumi.ResourceError` whose
 * message lists every issue.
 *
 * @param pin the target a reference in the args decides (a Namespace follows its cluster), with
 *   what decided it; config that names another target for this resource is an error, not ignored
 */
export function prepareBlock<K extends BuildableKind>(
  info: KindInfo<K>,
  name: string,
  args: unknown,
  validate: (args: unknown, subject: string, target: string) => SpecOf<K>,
  requested: (spec: SpecOf<K>) => readonly RequestedFeature<SpecOf<K>>[],
  pin?: (args: Readonly<Record<string, unknown>>, subject: string) => ResolvedTarget | undefined,
): PreparedBlock<K> {
  const subject = `${BLOCK_CLASSES[info.kind]} ${typeof name === "string" ? JSON.stringify(name) : "(unnamed)"}`;
  try {
    checkResourceName(info, name, subject);
    declareName(name);
    checkArgsObject(args, subject);
    const config = stackConfig();
    armTargetKeyCheck(config);
    const configured = resolveTarget(config, info.kind, name);
    const pinned = pin?.(args ?? {}, subject);
    const { target, key } = pinned ?? configured;
    const issues: Issue[] = [];
    if (
      pinned !== undefined &&
      configured.key === `wissel:targets.${name}` &&
      configured.target !== pinned.target
    ) {
      issues.push({
        subject,
        field: configured.key,
        value: configured.target,
        rule: `names target "${configured.target}", but the code places this ${info.noun} with ${pinned.key} on target "${pinned.target}"; config cannot move it off that target`,
        fix: `Remove ${configured.key}, or pass a ${info.noun === "namespace" ? "cluster" : "reference"} on target "${configured.target}" in the code.`,
      });
    }
    const adapter = loadAdapter(target, key);
    const settings = parsedSettings(adapter, config.adapterSettings[target]);
    const spec = validate(args, subject, target);

    const capabilities = adapter.capabilities(settings)[info.kind];
    const block = adapter.blocks[info.kind]?.();
    let plan: unknown;
    let names: readonly PhysicalName[] = [];
    if (
      capabilities === undefined ||
      capabilities.block.support === "unsupported" ||
      block === undefined
    ) {
      issues.push({
        subject,
        field: key,
        value: target,
        rule: `must name a target that offers ${info.noun}s; ${target} does not${capabilities ? ` (${capabilities.block.reason})` : ""}`,
        fix: `Place this ${info.noun} elsewhere with wissel:targets.${name}.`,
      });
    } else {
      // What the plan reads: the spec without the features the target refuses, reported here once.
      let planSpec = spec;
      for (const request of requested(spec)) {
        const capability = (
          capabilities.features as Record<string, { support: string; reason: string } | undefined>
        )[request.feature];
        if (capability === undefined || capability.support === "unsupported") {
          issues.push({
            subject,
            field: request.field,
            value: request.value,
            rule: `is not supported on target "${target}"${capability ? `: ${capability.reason}` : ""}`,
            fix: `Remove ${request.field}, or place this ${info.noun} elsewhere with wissel:targets.${name}.`,
          });
          planSpec = request.without(planSpec);
        }
      }
      // The target's own limits (e.g. Azure's 5 CORS rules), and every decision the build needs.
      const ctx: PlanContext<unknown> = {
        name,
        subject,
        settings,
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
      };
      const planned = block.plan(planSpec, ctx);
      if (isRefusal(planned)) issues.push(...planned);
      // Vendor names another component already took (`files.v2` and `files-v2`), once the spec is valid.
      else if (issues.length === 0) {
        plan = planned;
        names = block.names?.(planned, ctx) ?? [];
        issues.push(...physicalNameIssues(subject, name, names));
      }
    }
    const placement = placementOf(adapter, info.kind, block, spec, settings);
    const policyIssue = checkPolicy(subject, name, spec.classification, placement, config.policy);
    const interim = config.interim[name];
    if (policyIssue !== undefined && interim !== undefined) {
      const verdict = judgeInterim(policyIssue, name, interim, todayUtc());
      if ("issue" in verdict) issues.push(verdict.issue);
      else if (issues.length === 0) void pulumi.log.warn(verdict.warning);
    } else if (policyIssue !== undefined) issues.push(policyIssue);
    else if (interim !== undefined && issues.length === 0)
      void pulumi.log.warn(needlessInterim(subject, name));
    if (issues.length > 0) throw new WisselError(issues);
    claimPhysicalNames(subject, name, names);

    return {
      info,
      name,
      subject,
      adapter,
      // No issue means the target offers the block and its plan accepted the spec.
      block: block!,
      plan,
      settings,
      placement,
      targetKey: key,
      capabilities: capabilities!,
      spec,
      policyConfig: config.policy,
      ...(policyIssue !== undefined && interim !== undefined ? { interim } : {}),
    };
  } catch (error) {
    if (WisselError.isInstance(error))
      throw new pulumi.ResourceError(error.message, undefined, true);
    throw error;
  }
}

/**
 * Where a block's data goes: on the namespace or cluster it runs its workload on when the adapter
 * says it runs on one, else the target's own placement. The target stays the one that built it.
 */
export function placementOf<K extends BuildableKind>(
  adapter: Adapter,
  kind: K,
  block: AdapterBlock<K, unknown> | undefined,
  spec: SpecOf<K>,
  settings: unknown,
): Placement {
  // A mailbox's mail is where its domain stores it, or, when it only sends, where the domain sends.
  if (kind === "mailbox") {
    const { imap, mailDomain } = spec as MailboxBuildSpec;
    return (imap ? mailDomain.mailStore : undefined) ?? mailDomain.placement;
  }
  const declared = block?.host?.(spec, settings);
  // A namespace runs on its cluster on every target: no adapter needs to say so.
  const host =
    declared ?? (kind === "namespace" ? (spec as NamespaceBuildSpec).cluster : undefined);
  if (host !== undefined) return hostPlacement(host, adapter.name);
  const fixed = block?.placement?.(spec, settings) ?? adapter.placement(settings);
  return { target: adapter.name, ...fixed };
}

/**
 * Where a block's data goes when it runs on another block's namespace or cluster: that host's
 * vendor, region and country, built by `target`, with `runsOn` naming the host. Adapters report a
 * mail server's `mailStore` with it.
 */
export function hostPlacement(host: Host, target: string): Placement {
  return { ...host.placement, target, runsOn: describeHost(host) };
}

/** `Namespace "team" on KubernetesCluster "apps" (target azure)`, for plans and messages. */
export function describeHost(host: Host): string {
  if ("namespace" in host) {
    const cluster =
      host.cluster !== undefined ? ` on KubernetesCluster "${host.cluster.name}"` : "";
    return `Namespace "${host.name}"${cluster} (target ${host.target})`;
  }
  return `KubernetesCluster "${host.name}" (target ${host.target})`;
}

/** A Pulumi resource name: a non-empty string. Checked here so the user never sees the SDK's own error. */
function checkResourceName(
  info: BlockInfo,
  name: unknown,
  subject: string,
): asserts name is string {
  if (typeof name === "string" && name.trim() !== "") return;
  throw new WisselError([
    {
      subject,
      field: "name",
      value: name,
      rule: "must be a non-empty string: it is the resource's name in Pulumi and the stem of every child's name",
      fix: `Name it, e.g. new ${BLOCK_CLASSES[info.kind]}("files", { ... }).`,
    },
  ]);
}

/**
 * The args of a block: nothing, or a plain object. A Map, a Date, an Output or a class instance is
 * refused instead of being read as `{}`.
 */
function checkArgsObject(
  args: unknown,
  subject: string,
): asserts args is Readonly<Record<string, unknown>> | undefined {
  if (args === undefined || isPlainObject(args)) return;
  throw new WisselError([
    {
      subject,
      field: "args",
      value: args,
      rule: "must be a plain object of arguments (or nothing)",
      fix: 'Pass the arguments as an object literal, e.g. { classification: "internal" }; an Output cannot be the whole args, only a field\'s value where the field takes an Input.',
    },
  ]);
}

/** The build context handed to an adapter's builder. */
export function buildContext(
  prepared: PreparedBlock<BuildableKind>,
  parent: pulumi.ComponentResource,
): BuildContext<unknown> {
  const keep = !prepared.spec.allowDataLoss;
  return {
    name: prepared.name,
    subject: prepared.subject,
    parent,
    settings: prepared.settings,
    placement: prepared.placement,
    project: pulumi.getProject(),
    stack: pulumi.getStack(),
    statefulOptions: { protect: keep, retainOnDelete: keep },
  };
}

/** Records the built component for `wissel plan`. */
export function recordBlock(
  prepared: PreparedBlock<BuildableKind>,
  decisions: readonly Decision[],
): void {
  recordComponent({
    kind: prepared.info.kind,
    type: prepared.info.type,
    name: prepared.name,
    targetKey: prepared.targetKey,
    placement: prepared.placement,
    support: prepared.capabilities.block.support,
    classification: prepared.spec.classification,
    decisions,
    ...(prepared.interim !== undefined ? { interim: prepared.interim } : {}),
  });
}
