/** The uniform object-storage client: the operations every protocol offers, in the same terms. */
import type { Readable } from "node:stream";

/** What a body may be: bytes, text, or a stream (give `contentLength` with a stream where you know it). */
export type Body = Buffer | Uint8Array | string | Readable;

export interface PutOptions {
  /** @default "application/octet-stream" */
  readonly contentType?: string;
  /** Required by S3 for a stream whose length the SDK cannot see. */
  readonly contentLength?: number;
}

/** An object's metadata. */
export interface ObjectInfo {
  readonly key: string;
  readonly size: number;
  readonly lastModified?: Date;
  readonly etag?: string;
  readonly contentType?: string;
}

/** An object being read: its metadata and a stream of its bytes. */
export interface ObjectStream extends ObjectInfo {
  readonly body: Readable;
}

export interface ListOptions {
  readonly prefix?: string;
  /** At most this many objects per page. @default 1000 */
  readonly pageSize?: number;
  /** The `next` of the previous page. */
  readonly continuation?: string;
}

export interface ListPage {
  readonly objects: readonly ObjectInfo[];
  /** Pass as `continuation` for the next page; undefined on the last page. */
  readonly next?: string;
}

export interface PresignOptions {
  /** How long the URL works. @default 900 */
  readonly expiresInSeconds?: number;
  /** For PUT: the content type the uploader must send. */
  readonly contentType?: string;
}

export interface ObjectStorage {
  readonly protocol: "s3" | "azure-blob";
  /** The bucket or container. */
  readonly bucket: string;
  put(key: string, body: Body, options?: PutOptions): Promise<void>;
  /** Streams an object; throws ObjectNotFoundError when there is none. */
  get(key: string): Promise<ObjectStream>;
  /** The object's metadata, or undefined when there is none. */
  head(key: string): Promise<ObjectInfo | undefined>;
  list(options?: ListOptions): Promise<ListPage>;
  /** Deletes an object; deleting one that does not exist is not an error. */
  delete(key: string): Promise<void>;
  /** A URL anyone holding it can GET the object with, until it expires. */
  presignGet(key: string, options?: PresignOptions): Promise<string>;
  /** A URL anyone holding it can PUT the object with, until it expires. */
  presignPut(key: string, options?: PresignOptions): Promise<string>;
}

export class ObjectNotFoundError extends Error {
  constructor(
    readonly bucket: string,
    readonly key: string,
  ) {
    super(`Object "${key}" does not exist in bucket "${bucket}".`);
    this.name = "ObjectNotFoundError";
  }
}

/** Options of `openStorage`. */
export interface StorageOptions {
  /**
   * PEM of CAs to trust instead of the system's, for endpoints with a private CA (an on-premises
   * RGW, Azurite in tests). @default - the system's trusted CAs (and NODE_EXTRA_CA_CERTS)
   */
  readonly ca?: string;
}

export const DEFAULT_PAGE_SIZE = 1000;
export const DEFAULT_EXPIRY_SECONDS = 900;
/** Presigned URLs last at most 7 days: S3's SigV4 limit, kept the same on Azure. */
export const MAX_EXPIRY_SECONDS = 7 * 24 * 3600;

export function expirySeconds(options: PresignOptions | undefined): number {
  const seconds = options?.expiresInSeconds ?? DEFAULT_EXPIRY_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_EXPIRY_SECONDS) {
    throw new RangeError(
      `expiresInSeconds must be a whole number of seconds from 1 to ${MAX_EXPIRY_SECONDS} (7 days); got ${String(seconds)}. Pass an expiry in that range.`,
    );
  }
  return seconds;
}
