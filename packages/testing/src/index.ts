export * from "./harness";
export { bucketContract, type BucketContractOptions } from "./bucket-contract";
