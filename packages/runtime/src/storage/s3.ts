/**
 * The object-storage client over the S3 API (`@aws-sdk/client-s3`, presigning with
 * `@aws-sdk/s3-request-presigner`), for Scaleway, Swift's S3 API, Ceph RGW and NooBaa.
 */
import { Agent } from "node:https";
import type { Readable } from "node:stream";
import type * as S3 from "@aws-sdk/client-s3";
import type * as Presigner from "@aws-sdk/s3-request-presigner";
import type { S3Binding } from "../contract/types";
import { loadPeer } from "../load";
import {
  DEFAULT_PAGE_SIZE,
  ObjectNotFoundError,
  expirySeconds,
  type Body,
  type ListOptions,
  type ListPage,
  type ObjectInfo,
  type ObjectStorage,
  type ObjectStream,
  type PresignOptions,
  type PutOptions,
  type StorageOptions,
} from "./types";

const SDK = "@aws-sdk/client-s3";
const PRESIGNER = "@aws-sdk/s3-request-presigner";

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === "NoSuchKey" || e.name === "NotFound" || e.$metadata?.httpStatusCode === 404;
}

export class S3Storage implements ObjectStorage {
  readonly protocol = "s3" as const;
  readonly bucket: string;
  /** The underlying client, for what this one does not cover. */
  readonly client: S3.S3Client;
  private readonly sdk: typeof S3;
  private readonly presigner: typeof Presigner;

  constructor(binding: S3Binding, subject: string, options: StorageOptions = {}) {
    const why = `the binding's protocol is "s3"`;
    this.sdk = loadPeer<typeof S3>(SDK, subject, why, [PRESIGNER]);
    this.presigner = loadPeer<typeof Presigner>(PRESIGNER, subject, why, [SDK]);
    this.bucket = binding.bucket;
    this.client = new this.sdk.S3Client({
      endpoint: binding.endpoint,
      region: binding.region,
      forcePathStyle: binding.pathStyle,
      credentials: { accessKeyId: binding.accessKeyId, secretAccessKey: binding.secretAccessKey },
      // S3-compatible stores (RGW, Swift, Scaleway) do not all accept the flexible checksums the
      // SDK sends by default since 2025; send and check them only where the operation needs them.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      ...(options.ca !== undefined
        ? { requestHandler: { httpsAgent: new Agent({ ca: options.ca, keepAlive: true }) } }
        : {}),
    });
  }

  async put(key: string, body: Body, options: PutOptions = {}): Promise<void> {
    await this.client.send(
      new this.sdk.PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: options.contentType ?? "application/octet-stream",
        ...(options.contentLength !== undefined ? { ContentLength: options.contentLength } : {}),
      }),
    );
  }

  async get(key: string): Promise<ObjectStream> {
    try {
      const out = await this.client.send(
        new this.sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }),
      );
      return {
        ...info(key, out.ContentLength, out.LastModified, out.ETag, out.ContentType),
        body: out.Body as Readable,
      };
    } catch (error) {
      if (isNotFound(error)) throw new ObjectNotFoundError(this.bucket, key);
      throw error;
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const out = await this.client.send(
        new this.sdk.HeadObjectCommand({ Bucket: this.bucket, Key: key }),
      );
      return info(key, out.ContentLength, out.LastModified, out.ETag, out.ContentType);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async list(options: ListOptions = {}): Promise<ListPage> {
    const out = await this.client.send(
      new this.sdk.ListObjectsV2Command({
        Bucket: this.bucket,
        MaxKeys: options.pageSize ?? DEFAULT_PAGE_SIZE,
        ...(options.prefix !== undefined ? { Prefix: options.prefix } : {}),
        ...(options.continuation !== undefined ? { ContinuationToken: options.continuation } : {}),
      }),
    );
    const objects = (out.Contents ?? []).map((o) =>
      info(o.Key ?? "", o.Size, o.LastModified, o.ETag, undefined),
    );
    return out.IsTruncated === true && out.NextContinuationToken !== undefined
      ? { objects, next: out.NextContinuationToken }
      : { objects };
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new this.sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async presignGet(key: string, options?: PresignOptions): Promise<string> {
    const command = new this.sdk.GetObjectCommand({ Bucket: this.bucket, Key: key });
    return this.presigner.getSignedUrl(this.client, command, { expiresIn: expirySeconds(options) });
  }

  async presignPut(key: string, options?: PresignOptions): Promise<string> {
    const command = new this.sdk.PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ...(options?.contentType !== undefined ? { ContentType: options.contentType } : {}),
    });
    return this.presigner.getSignedUrl(this.client, command, { expiresIn: expirySeconds(options) });
  }
}

function info(
  key: string,
  size: number | undefined,
  lastModified: Date | undefined,
  etag: string | undefined,
  contentType: string | undefined,
): ObjectInfo {
  return {
    key,
    size: size ?? 0,
    ...(lastModified !== undefined ? { lastModified } : {}),
    ...(etag !== undefined ? { etag } : {}),
    ...(contentType !== undefined ? { contentType } : {}),
  };
}
