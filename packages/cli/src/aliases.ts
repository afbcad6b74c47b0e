/**
 * The URNs a resource may have had before, as the engine derives them: its own aliases (a URN, or a
 * spec of name, type, parent, stack and project, each defaulting to the resource's own), and one per
 * earlier URN of its parent, where a child whose name starts with its parent's name takes the
 * parent's earlier name as the prefix (Pulumi's inherited child alias).
 */
import type { Registration } from "./harness";

/** A URN's parts: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`. */
interface UrnParts {
  readonly stack: string;
  readonly project: string;
  readonly qualifiedType: string;
  readonly name: string;
}

function parseUrn(urn: string): UrnParts | undefined {
  const match = /^urn:pulumi:(.*?)::(.*?)::(.*?)::(.*)$/.exec(urn);
  if (match === null) return undefined;
  return { stack: match[1]!, project: match[2]!, qualifiedType: match[3]!, name: match[4]! };
}

function formatUrn(parts: UrnParts): string {
  return `urn:pulumi:${parts.stack}::${parts.project}::${parts.qualifiedType}::${parts.name}`;
}

/** The type chain a child of this parent carries: none below the stack itself. */
function parentChain(parentUrn: string | undefined): string {
  const parent = parentUrn === undefined ? undefined : parseUrn(parentUrn);
  if (parent === undefined || parent.qualifiedType === "pulumi:pulumi:Stack") return "";
  return `${parent.qualifiedType}$`;
}

interface AliasSpec {
  readonly name?: string | undefined;
  readonly type?: string | undefined;
  readonly stack?: string | undefined;
  readonly project?: string | undefined;
  readonly parenturn?: string | undefined;
  readonly noparent?: boolean;
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && key in value
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** An alias as the SDK sends it (protobuf `Alias.toObject()`): `{ urn }` or `{ spec }`. */
function readAlias(alias: unknown): string | AliasSpec | undefined {
  const urn = text(field(alias, "urn"));
  if (urn !== undefined) return urn;
  const spec = field(alias, "spec");
  if (spec === undefined || spec === null) return undefined;
  return {
    name: text(field(spec, "name")),
    type: text(field(spec, "type")),
    stack: text(field(spec, "stack")),
    project: text(field(spec, "project")),
    parenturn: text(field(spec, "parenturn")),
    noparent: field(spec, "noparent") === true,
  };
}

/**
 * The earlier URNs of a registration. `previous` holds, for each resource registered before it, the
 * URNs it answers to (its own first): parents register before their children.
 */
export function aliasUrns(
  registration: Registration,
  previous: ReadonlyMap<string, readonly string[]>,
): string[] {
  const own = parseUrn(registration.urn);
  if (own === undefined) return [];
  const found: string[] = [];
  for (const alias of registration.aliases.map(readAlias)) {
    if (alias === undefined) continue;
    if (typeof alias === "string") {
      found.push(alias);
      continue;
    }
    const parent = alias.noparent ? undefined : (alias.parenturn ?? registration.parent);
    found.push(
      formatUrn({
        stack: alias.stack ?? own.stack,
        project: alias.project ?? own.project,
        qualifiedType: `${parentChain(parent)}${alias.type ?? registration.type}`,
        name: alias.name ?? own.name,
      }),
    );
  }
  const parentUrns =
    registration.parent === undefined ? [] : (previous.get(registration.parent) ?? []);
  const parentName =
    registration.parent === undefined ? undefined : parseUrn(registration.parent)?.name;
  for (const earlier of parentUrns.slice(1)) {
    const old = parseUrn(earlier);
    if (old === undefined) continue;
    const name =
      parentName !== undefined && own.name.startsWith(parentName)
        ? `${old.name}${own.name.slice(parentName.length)}`
        : own.name;
    found.push(
      formatUrn({ ...own, qualifiedType: `${parentChain(earlier)}${registration.type}`, name }),
    );
  }
  return [...new Set(found)].filter((urn) => urn !== registration.urn);
}
