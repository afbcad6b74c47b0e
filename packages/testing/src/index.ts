export * from "./harness";
export { bucketContract, type BucketContractOptions } from "./bucket-contract";
export { CEL_RULES, CRD_DIRECTORY, crdCatalogue, loadCrd, validateCustomResource, type CelRule, type CrdVersion, type SchemaError } from "./schemas";
