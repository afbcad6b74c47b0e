/**
 * `@wissel/policy`: the rules that hold every resource of a program, Wissel's or hand-written, to
 * the city's residency and secure defaults. The rule functions are pure; `@wissel/policy/pack` serves
 * them as a CrossGuard policy pack, and `wissel plan` runs the same functions offline (`evaluate`).
 */
export * from "./types";
export { RULES } from "./rules";
export * as rules from "./rules";
export { evaluate, type Violation } from "./evaluate";
export {
  CONFIG_LEVELS,
  POLICY_SCHEMA,
  RESIDENCY_SCHEMA,
  enforcementLevels,
  residencyContext,
  withDefaults,
  type ConfigLevel,
} from "./config";
export {
  CLASSIFICATION_LABEL,
  CLASSIFICATION_TAG,
  DEFAULT_CLASSIFICATION,
  readClassification,
  type ClassificationReading,
} from "./classification";
export {
  KNOWN_TYPES,
  insideWisselComponent,
  vendorOf,
  type KnownType,
  type ResourceKind,
  type Vendor,
} from "./kinds";
export { placeResource, type PlacementResult } from "./placement";
export { UNKNOWN, previewProps, read, type Unknown } from "./read";
export { BIO2, BIO2_VERSION } from "./framework";
export { isBindingSecretVariable } from "./rules/bindings";
