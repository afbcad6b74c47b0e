/**
 * Validates custom resources against the upstream CRDs in `crds/` (CloudNativePG, OBC), so a
 * test fails when an adapter emits an object the API server would reject.
 *
 * The CRD's `openAPIV3Schema` is turned into a JSON Schema for ajv: the `x-kubernetes-*` extensions
 * are read and removed (`x-kubernetes-list-type: set` becomes `uniqueItems`), objects with declared
 * properties reject unknown fields (the API server prunes them silently, which hides typos), and the
 * OpenAPI formats the CRDs use are defined. CEL rules (`x-kubernetes-validations`) are not JSON
 * Schema: the ones that matter are translated by hand in `CEL_RULES`, matched by their exact text so
 * an upstream change to a rule shows up as an untranslated rule instead of a silent pass.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { parse } from "yaml";

/** Where the CRDs live: `crds/` in this package, next to `src/` and `dist/` (and shipped with it). */
export const CRD_DIRECTORY = path.join(__dirname, "../crds");

/** One reason an object does not meet its CRD. */
export interface SchemaError {
  /** JSON pointer into the object: `/spec/storageClassName`. */
  readonly path: string;
  readonly message: string;
}

/** A CEL rule from a CRD, where it applies, and whether a translation checks it. */
export interface CelRule {
  /** JSON pointer of the object the rule's `self` refers to: `/spec`. */
  readonly path: string;
  readonly rule: string;
  readonly message: string;
  readonly checked: boolean;
}

/** One served version of a CRD, ready to validate. */
export interface CrdVersion {
  readonly apiVersion: string;
  readonly kind: string;
  /** The CRD file it came from. */
  readonly file: string;
  readonly celRules: readonly CelRule[];
  validate(object: unknown): SchemaError[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nonEmptyString(self: JsonObject, key: string): boolean {
  const value = self[key];
  return typeof value === "string" && value !== "";
}

/**
 * Hand translations of CEL rules, keyed by the rule's exact text. `self` is the value at the rule's
 * path. Add a rule here when an adapter starts relying on it.
 */
export const CEL_RULES: Readonly<Record<string, (self: Json) => boolean>> = {
  // objectbucket.io ObjectBucketClaim spec
  "!(has(self.bucketName) && self.bucketName != '' && has(self.generateBucketName) && self.generateBucketName != '')":
    (self) =>
      isObject(self) &&
      !(nonEmptyString(self, "bucketName") && nonEmptyString(self, "generateBucketName")),
  "(has(self.bucketName) && self.bucketName != '') || (has(self.generateBucketName) && self.generateBucketName != '')":
    (self) =>
      isObject(self) &&
      (nonEmptyString(self, "bucketName") || nonEmptyString(self, "generateBucketName")),
};

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
// RFC 3339 date-time, as Kubernetes parses it.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function newAjv(): Ajv {
  // strict: false because CRD schemas carry OpenAPI keywords ajv does not define (we strip the
  // x-kubernetes-* ones, but `description`-like annotations and `nullable` must pass through).
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat("int32", {
    type: "number",
    validate: (n: number) => Number.isInteger(n) && n >= INT32.min && n <= INT32.max,
  });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat("date-time", DATE_TIME);
  ajv.addFormat("byte", /^[A-Za-z0-9+/]*={0,2}$/);
  return ajv;
}

/**
 * Converts an OpenAPI v3 structural schema to JSON Schema for ajv, collecting CEL rules with the
 * JSON pointer they apply to (only along plain property chains, where the pointer is fixed).
 */
function convert(schema: Json, pointer: string | undefined, rules: CelRule[]): Json {
  if (!isObject(schema)) return schema;
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "x-kubernetes-validations") {
      if (pointer !== undefined && Array.isArray(value)) {
        for (const entry of value) {
          if (!isObject(entry) || typeof entry["rule"] !== "string") continue;
          const rule = entry["rule"];
          const message = typeof entry["message"] === "string" ? entry["message"] : rule;
          rules.push({ path: pointer, rule, message, checked: rule in CEL_RULES });
        }
      }
      continue;
    }
    if (key === "x-kubernetes-list-type") {
      if (value === "set") result["uniqueItems"] = true;
      continue;
    }
    if (key.startsWith("x-kubernetes-")) continue;
    if (key === "properties" && isObject(value)) {
      const properties: JsonObject = {};
      for (const [name, child] of Object.entries(value)) {
        properties[name] = convert(
          child,
          pointer === undefined ? undefined : `${pointer}/${name}`,
          rules,
        );
      }
      result[key] = properties;
      continue;
    }
    if (key === "items" || key === "additionalProperties" || key === "not") {
      result[key] = convert(value, undefined, rules);
      continue;
    }
    if ((key === "allOf" || key === "anyOf" || key === "oneOf") && Array.isArray(value)) {
      result[key] = value.map((child) => convert(child, undefined, rules));
      continue;
    }
    result[key] = value;
  }
  const preservesUnknown = schema["x-kubernetes-preserve-unknown-fields"] === true;
  if (
    isObject(result["properties"]) &&
    result["additionalProperties"] === undefined &&
    !preservesUnknown
  ) {
    result["additionalProperties"] = false;
  }
  return result;
}

function errorsOf(validate: ValidateFunction): SchemaError[] {
  return (validate.errors ?? []).map((error: ErrorObject) => {
    const extra =
      error.keyword === "additionalProperties"
        ? `: ${String((error.params as { additionalProperty?: unknown }).additionalProperty)}`
        : "";
    return {
      path: error.instancePath === "" ? "/" : error.instancePath,
      message: `${error.message ?? error.keyword}${extra}`,
    };
  });
}

function valueAt(object: unknown, pointer: string): Json | undefined {
  let current: unknown = object;
  for (const part of pointer.split("/").slice(1)) {
    if (!isObject(current)) return undefined;
    current = current[part];
  }
  return current as Json | undefined;
}

/** Reads a CRD file (a name in `crds/`, or a path) and returns each version it serves. */
export function loadCrd(file: string): CrdVersion[] {
  const resolved = path.isAbsolute(file) ? file : path.join(CRD_DIRECTORY, file);
  const crd: unknown = parse(fs.readFileSync(resolved, "utf8"));
  if (!isObject(crd) || crd["kind"] !== "CustomResourceDefinition" || !isObject(crd["spec"])) {
    throw new Error(`${resolved} is not a CustomResourceDefinition`);
  }
  const spec = crd["spec"];
  const group = spec["group"];
  const names = spec["names"];
  const versions = spec["versions"];
  if (
    typeof group !== "string" ||
    !isObject(names) ||
    typeof names["kind"] !== "string" ||
    !Array.isArray(versions)
  ) {
    throw new Error(`${resolved} lacks spec.group, spec.names.kind or spec.versions`);
  }
  const kind = names["kind"];
  const ajv = newAjv();
  return versions.filter(isObject).map((version) => {
    const schema = isObject(version["schema"]) ? version["schema"]["openAPIV3Schema"] : undefined;
    if (typeof version["name"] !== "string" || !isObject(schema)) {
      throw new Error(`${resolved}: a version lacks its name or schema.openAPIV3Schema`);
    }
    const celRules: CelRule[] = [];
    const converted = convert(schema, "", celRules);
    let compiled: ValidateFunction | undefined;
    return {
      apiVersion: `${group}/${version["name"]}`,
      kind,
      file: resolved,
      celRules,
      validate(object: unknown): SchemaError[] {
        compiled ??= ajv.compile(converted as object);
        const errors = compiled(object) ? [] : errorsOf(compiled);
        for (const rule of celRules) {
          const check = CEL_RULES[rule.rule];
          const self = valueAt(object, rule.path);
          if (check === undefined || self === undefined) continue;
          if (!check(self))
            errors.push({ path: rule.path === "" ? "/" : rule.path, message: rule.message });
        }
        return errors;
      },
    };
  });
}

let catalogue: Map<string, CrdVersion> | undefined;

/** Every CRD version in `crds/`, by `apiVersion` and `kind`. */
export function crdCatalogue(): ReadonlyMap<string, CrdVersion> {
  if (catalogue === undefined) {
    catalogue = new Map();
    for (const file of fs
      .readdirSync(CRD_DIRECTORY)
      .filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))
      .sort()) {
      for (const version of loadCrd(file))
        catalogue.set(`${version.apiVersion}/${version.kind}`, version);
    }
  }
  return catalogue;
}

/** An object's `apiVersion` and `kind`; throws, showing it, when it is no Kubernetes object. */
export function kubernetesIdentity(object: unknown): { apiVersion: string; kind: string } {
  if (
    !isObject(object) ||
    typeof object["apiVersion"] !== "string" ||
    typeof object["kind"] !== "string"
  ) {
    throw new Error(
      `not a Kubernetes object (needs apiVersion and kind): ${JSON.stringify(object)}`,
    );
  }
  return { apiVersion: object["apiVersion"], kind: object["kind"] };
}

/**
 * Validates a custom resource (`{ apiVersion, kind, metadata, spec }`) against the CRD that defines
 * its kind, including the translated CEL rules. Returns the errors; an empty list means valid.
 * Throws when no CRD in `crds/` defines the kind.
 */
export function validateCustomResource(object: unknown): SchemaError[] {
  const { apiVersion, kind } = kubernetesIdentity(object);
  const key = `${apiVersion}/${kind}`;
  const version = crdCatalogue().get(key);
  if (version === undefined) {
    throw new Error(
      `no CRD in ${CRD_DIRECTORY} defines ${key}; known: ${[...crdCatalogue().keys()].join(", ")}`,
    );
  }
  return version.validate(object);
}
