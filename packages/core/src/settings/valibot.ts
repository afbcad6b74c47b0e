/**
 * The part of valibot that settings schemas use, re-exported by name: core's `v`.
 *
 * Valibot is built to be tree-shaken, and the build inlines it into core's bundle, so a program loads
 * only these functions. A namespace import of the whole library would keep all of it: about 200 kB
 * that a program compiled on every run, for the thirty functions used here. A schema that needs
 * another valibot function adds it to this list; the types are all there, and cost nothing at run time.
 */
export {
  array,
  boolean,
  check,
  custom,
  finite,
  forward,
  gtValue,
  integer,
  maxValue,
  message,
  metadata,
  minLength,
  minValue,
  nonEmpty,
  nullable,
  number,
  object,
  optional,
  partialCheck,
  picklist,
  pipe,
  rawCheck,
  rawTransform,
  record,
  regex,
  safeParse,
  startsWith,
  strictObject,
  string,
  toLowerCase,
  transform,
  trim,
  unknown,
} from "valibot";
// Every type, so declarations that infer a schema's type name it as `v.…` through core, as before.
export type * from "valibot";
