/**
 * Validates core Kubernetes objects an adapter emits against the `kubernetes-models` schemas, plus
 * the metadata rules the API server applies that the OpenAPI schemas leave out (DNS-1123 names,
 * label and annotation syntax); custom resources go to the CRDs (`crd-schemas.ts`).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { kubernetesIdentity, validateCustomResource, type SchemaError } from "./crd-schemas";

/** A Kubernetes object as an adapter emits it (a registration's inputs). */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly [key: string]: unknown;
}

/** The directory of the `kubernetes-models` package, whose compiled schemas validate core kinds. */
function kubernetesModelsDirectory(): string {
  // The package exports ESM under the "import" condition only, so its files are loaded by path.
  const entry = require.resolve("kubernetes-models/package.json", { paths: [__dirname] });
  return path.dirname(entry);
}

/**
 * Runs the compiled `kubernetes-models` validators for a batch of objects in a child Node process:
 * the package is ESM only, which Jest's module registry cannot load (and Jest turns off Node's
 * require of ESM). One process per batch, so callers validate everything a test emitted at once.
 */
const VALIDATE_SCRIPT = `
import { pathToFileURL } from "node:url";
import * as fs from "node:fs";
import * as path from "node:path";
let input = "";
for await (const chunk of process.stdin) input += chunk;
const { dir, items } = JSON.parse(input);
const results = [];
for (const { schema, object } of items) {
  if (schema === null) { results.push(null); continue; }
  const { validate } = await import(pathToFileURL(path.join(dir, "_schemas", schema + ".js")).href);
  results.push(validate(object) ? [] : (validate.errors ?? []).map((e) => ({ path: e.instancePath || "/", message: (e.message ?? e.keyword) + " " + JSON.stringify(e.params) })));
}
process.stdout.write(JSON.stringify(results));
`;

/**
 * The schema name `kubernetes-models` gives a kind: `IoK8sApi<Group><Version><Kind>`, the group being
 * the first label of the API group (`rbac.authorization.k8s.io` gives `Rbac`), `Core` for the core group.
 * Undefined for an apiVersion outside the Kubernetes API groups (a custom resource's).
 */
export function modelSchemaName(apiVersion: string, kind: string): string | undefined {
  const parts = apiVersion.split("/");
  const [group, version] = parts.length === 1 ? ["core", parts[0]] : [parts[0], parts[1]];
  if (group === undefined || version === undefined || parts.length > 2) return undefined;
  // Built-in groups are single words (apps, batch, policy) or end in .k8s.io; custom ones do neither.
  if (parts.length === 2 && !group.endsWith(".k8s.io") && !/^[a-z]+$/.test(group)) return undefined;
  const label = group.split(".")[0] ?? "";
  const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
  return `IoK8sApi${cap(label)}${cap(version)}${kind}`;
}

/** Which objects `kubernetes-models` has a schema for: the schema name, or null. */
function modelSchemaOf(object: KubernetesObject): string | null {
  const name = modelSchemaName(object.apiVersion, object.kind);
  return name !== undefined &&
    fs.existsSync(path.join(kubernetesModelsDirectory(), "_schemas", `${name}.js`))
    ? name
    : null;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** A label or annotation key: an optional DNS subdomain prefix, then a name of at most 63 characters. */
function isQualifiedName(key: string): boolean {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)))
    return false;
  return name.length <= 63 && LABEL_NAME.test(name);
}

/** The checks the API server makes on metadata that the OpenAPI schemas leave out. */
function metadataErrors(object: KubernetesObject): SchemaError[] {
  const errors: SchemaError[] = [];
  const meta = object.metadata;
  const name = meta?.name;
  if (typeof name === "string") {
    const isLabelKind = object.kind === "Namespace";
    if (
      isLabelKind
        ? name.length > 63 || !DNS1123_LABEL.test(name)
        : name.length > 253 || !DNS1123_SUBDOMAIN.test(name)
    ) {
      errors.push({
        path: "/metadata/name",
        message: `must be a DNS-1123 ${isLabelKind ? "label" : "subdomain"}: ${JSON.stringify(name)}`,
      });
    }
  }
  if (
    typeof meta?.namespace === "string" &&
    (meta.namespace.length > 63 || !DNS1123_LABEL.test(meta.namespace))
  ) {
    errors.push({
      path: "/metadata/namespace",
      message: `must be a DNS-1123 label: ${JSON.stringify(meta.namespace)}`,
    });
  }
  for (const [key, value] of Object.entries(meta?.labels ?? {})) {
    if (!isQualifiedName(key))
      errors.push({
        path: `/metadata/labels/${key}`,
        message: "label key must be a qualified name",
      });
    if (typeof value !== "string" || value.length > 63 || !LABEL_VALUE.test(value)) {
      errors.push({
        path: `/metadata/labels/${key}`,
        message: `label value must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit: ${JSON.stringify(value)}`,
      });
    }
  }
  for (const key of Object.keys(meta?.annotations ?? {})) {
    if (!isQualifiedName(key))
      errors.push({
        path: `/metadata/annotations/${key}`,
        message: "annotation key must be a qualified name",
      });
  }
  return errors;
}

/**
 * Validates any Kubernetes object an adapter emits: core kinds against the `kubernetes-models`
 * schemas (plus the metadata rules the API server applies: DNS-1123 names, label syntax), custom
 * resources against the CRDs in `crds/`. Returns the errors; empty means valid. Throws when
 * neither knows the kind.
 *
 * Core kinds are checked in a child process (see `validateKubernetesObjects`); validate a test's
 * objects in one batch where there are many.
 *
 * The `kubernetes-models` schemas do not reject unknown fields (the API server prunes or, with
 * strict field validation, rejects them); typos in field names are caught by the unit tests'
 * exact-input assertions instead.
 */
export function validateKubernetesObject(object: unknown): SchemaError[] {
  return validateKubernetesObjects([object])[0] ?? [];
}

/** `validateKubernetesObject` for many objects at once (one child process for all core kinds). */
export function validateKubernetesObjects(objects: readonly unknown[]): SchemaError[][] {
  const typed = objects.map((object): KubernetesObject => {
    kubernetesIdentity(object);
    return object as KubernetesObject;
  });
  const schemas = typed.map(modelSchemaOf);
  let modelResults: (SchemaError[] | null)[] = schemas.map(() => null);
  if (schemas.some((s) => s !== null)) {
    const input = JSON.stringify({
      dir: kubernetesModelsDirectory(),
      items: typed.map((object, i) => ({ schema: schemas[i], object })),
    });
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", VALIDATE_SCRIPT], {
      input,
      encoding: "utf8",
      timeout: 60_000,
    });
    modelResults = JSON.parse(out) as (SchemaError[] | null)[];
  }
  return typed.map((object, i) => {
    const fromModel = modelResults[i];
    if (fromModel === null || fromModel === undefined) return validateCustomResource(object);
    return [...fromModel, ...metadataErrors(object)];
  });
}

/** The Kubernetes objects among registrations: every `kubernetes:*` resource with an apiVersion and kind (not reads). */
export function kubernetesObjects(
  registrations: readonly { type: string; read: boolean; inputs: Record<string, unknown> }[],
): KubernetesObject[] {
  return registrations
    .filter(
      (r) =>
        r.type.startsWith("kubernetes:") &&
        !r.read &&
        typeof r.inputs["apiVersion"] === "string" &&
        typeof r.inputs["kind"] === "string",
    )
    .map((r) => r.inputs as unknown as KubernetesObject);
}
