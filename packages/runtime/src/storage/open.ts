/**
 * Opens the object-storage client a bucket binding calls for, loading only that protocol's module
 * (and with it only that SDK): an S3 application never loads the Azure SDK.
 */
import { readBinding, type Env } from "../contract/decode";
import type { BucketBinding } from "../contract/types";
import type { AzureBlobStorage } from "./azure";
import type { S3Storage } from "./s3";
import type { ObjectStorage, StorageOptions } from "./types";

/** Where a binding comes from: a block name read from the environment, or the binding itself. */
export type BucketSource = string | { readonly name: string; readonly binding: BucketBinding };

/** Opens the bucket; `source` is a block name (read from `env`, `process.env` by default) or a binding. */
export function openStorage(
  source: BucketSource,
  options: StorageOptions & { readonly env?: Env } = {},
): S3Storage | AzureBlobStorage {
  const name = typeof source === "string" ? source : source.name;
  const binding =
    typeof source === "string"
      ? readBinding("bucket", source, options.env ?? process.env)
      : source.binding;
  const subject = `Bucket "${name}"`;
  if (binding.protocol === "s3") {
    const { S3Storage: Client } = require("./s3") as typeof import("./s3");
    return new Client(binding, subject, options);
  }
  const { AzureBlobStorage: Client } = require("./azure") as typeof import("./azure");
  return new Client(binding, subject, options);
}

export type { ObjectStorage };
