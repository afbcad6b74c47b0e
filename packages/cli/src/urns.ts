/**
 * Duplicate URNs, refused as the Pulumi engine refuses them: two resources with the same type, name
 * and parent. The mock monitor accepts both, so the plan watches every registration and names the
 * resource and where the program declared each copy (the source position the SDK sends with it).
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import * as pulumi from "@pulumi/pulumi";

/** Where the program declared a resource: `file:line:column`, relative to the project when inside it. */
type Site = string | undefined;

interface SourcePosition {
  getUri(): string;
  getLine(): number;
  getColumn(): number;
}
interface Request {
  getType(): string;
  getName(): string;
  getSourceposition?(): SourcePosition | undefined;
}
type Callback = (error: Error | null, response: { getUrn(): string } | undefined) => void;
interface Monitor {
  registerResource(req: Request, callback: Callback): void;
  readResource(req: Request, callback: Callback): void;
}

/** A resource registered more than once. */
export interface DuplicateUrn {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** Where each registration was declared, in the order they reached the engine. */
  readonly sites: readonly Site[];
}

/** `file:line:column` of a source position, relative to `baseDir` when inside it. */
export function siteOf(position: SourcePosition | undefined, baseDir: string): Site {
  const uri = position?.getUri();
  if (position === undefined || uri === undefined || uri === "") return undefined;
  const file = uri.startsWith("file:") ? fileURLToPath(uri) : uri;
  const shown = file.startsWith(baseDir + path.sep) ? path.relative(baseDir, file) : file;
  return `${shown}:${position.getLine()}:${position.getColumn()}`;
}

/** The message for a duplicate, as the engine's "Duplicate resource URN" with type, name and places. */
export function duplicateUrnMessage(duplicate: DuplicateUrn): string {
  const places = duplicate.sites.map((site) => site ?? "an unknown place");
  const same = places.every((p) => p === places[0]);
  const where = same
    ? `, ${places.length === 2 ? "both" : "all"} at ${places[0]} (a loop?)`
    : ` (at ${places.join(" and at ")})`;
  return (
    `${duplicate.type} "${duplicate.name}" is declared ${duplicate.sites.length === 2 ? "twice" : `${duplicate.sites.length} times`}${where}; ` +
    `Pulumi refuses the duplicate resource URN ${duplicate.urn}. Give each resource a unique name.`
  );
}

/**
 * Watches the mock monitor's registrations from now on. `duplicates()` lists the URNs registered
 * more than once, leaving out those whose parent is itself a duplicate (the engine stops at the first).
 * @param onRegistered told the number of resources registered so far, after each one
 */
export function watchUrns(
  baseDir: string,
  onRegistered?: (count: number) => void,
): { duplicates(): DuplicateUrn[] } {
  let count = 0;
  const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;
  const seen = new Map<string, { type: string; name: string; sites: Site[] }>();
  const parents = new Map<string, string | undefined>();
  const wrap =
    (call: (req: Request, callback: Callback) => void) => (req: Request, callback: Callback) => {
      const site = siteOf(req.getSourceposition?.(), baseDir);
      const parent = (req as unknown as { getParent?(): string }).getParent?.() || undefined;
      call(req, (error, response) => {
        const urn = response?.getUrn();
        if (urn !== undefined && urn !== "") {
          const entry = seen.get(urn) ?? { type: req.getType(), name: req.getName(), sites: [] };
          entry.sites.push(site);
          seen.set(urn, entry);
          parents.set(urn, parent);
          onRegistered?.(++count);
        }
        callback(error, response);
      });
    };
  monitor.registerResource = wrap(monitor.registerResource.bind(monitor));
  monitor.readResource = wrap(monitor.readResource.bind(monitor));
  return {
    duplicates: () =>
      [...seen.entries()]
        .filter(
          ([urn, entry]) =>
            entry.sites.length > 1 && !((seen.get(parents.get(urn) ?? "")?.sites.length ?? 0) > 1),
        )
        .map(([urn, entry]) => ({ urn, ...entry })),
  };
}
