/**
 * Reading inputs that may be unknown. The CrossGuard runtime wraps a resource's inputs in
 * `unknownCheckingProxy`, which throws `UnknownValueError` when a rule reads a value only known after
 * deployment; `read` answers `UNKNOWN` instead, so a rule decides what an unknown means (as a rule,
 * "cannot judge yet": `pulumi up` runs the pack again with the values known).
 */

/** The parts of `@pulumi/policy/proxy` used here; the package's types leave them out (marked internal). */
interface ProxyModule {
  unknownCheckingProxy<T>(value: T): T;
  UnknownValueError: new (...args: never[]) => Error;
  unknownStringValue: unknown;
}

/** The module that holds the proxy: small, and loads nothing else of `@pulumi/policy`. */
export const proxyModule = require("@pulumi/policy/proxy") as ProxyModule;

/** A value unknown at preview. */
export const UNKNOWN: unique symbol = Symbol("unknown at preview");
export type Unknown = typeof UNKNOWN;

/** Runs a read; a value unknown at preview comes back as `UNKNOWN`. */
export function read<T>(get: () => T): T | Unknown {
  try {
    return get();
  } catch (error) {
    if (error instanceof proxyModule.UnknownValueError) return UNKNOWN;
    throw error;
  }
}

/** The value at a path of plain objects, or undefined where a step is missing or not an object. */
export function at(props: unknown, ...path: readonly string[]): unknown {
  return read(() => {
    let value: unknown = props;
    for (const key of path) {
      if (typeof value !== "object" || value === null) return undefined;
      value = (value as Record<string, unknown>)[key];
    }
    return value;
  });
}

/** The elements of an array value (each may itself be unknown); `UNKNOWN` or [] as the value is. */
export function items(value: unknown): readonly unknown[] | Unknown {
  if (value === UNKNOWN) return UNKNOWN;
  if (!Array.isArray(value)) return [];
  return read(() =>
    Array.from({ length: value.length }, (_, i) => read(() => value[i] as unknown)),
  );
}

/** The own entries of an object value; `UNKNOWN` or [] as the value is. */
export function entries(value: unknown): readonly (readonly [string, unknown])[] | Unknown {
  if (value === UNKNOWN) return UNKNOWN;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [];
  return read(() =>
    Object.keys(value).map(
      (key) => [key, read(() => (value as Record<string, unknown>)[key])] as const,
    ),
  );
}

/** A string value, `UNKNOWN`, or undefined for anything else. */
export function text(value: unknown): string | Unknown | undefined {
  return typeof value === "string" || value === UNKNOWN ? value : undefined;
}

/** How a resource is named in messages: `azure-native:storage:StorageAccount "files"`. */
export function subject(resource: { readonly type: string; readonly name: string }): string {
  return `${resource.type} ${JSON.stringify(resource.name)}`;
}

/**
 * Inputs recorded outside CrossGuard (by `wissel plan`'s harness) as CrossGuard hands them to a rule:
 * each value `isUnknown` recognises (the SDK's `pulumi.isUnknown`) becomes CrossGuard's unknown
 * marker, and the whole is wrapped in `unknownCheckingProxy`, so a rule reads both alike.
 */
export function previewProps(
  props: Readonly<Record<string, unknown>>,
  isUnknown: (value: unknown) => boolean,
): Readonly<Record<string, unknown>> {
  const convert = (value: unknown): unknown => {
    if (isUnknown(value)) return proxyModule.unknownStringValue;
    if (Array.isArray(value)) return value.map(convert);
    if (typeof value === "object" && value !== null)
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, convert(item)]));
    return value;
  };
  return proxyModule.unknownCheckingProxy(convert(props) as Record<string, unknown>);
}
