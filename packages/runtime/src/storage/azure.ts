/**
 * The object-storage client over the Azure Blob API (`@azure/storage-blob`). Signs in with the
 * binding's credential kind: a managed identity (through `@azure/identity`, loaded only then), a
 * container SAS, or an account key (Azurite, key-based accounts). Presigned URLs are SAS URLs:
 * signed with the account key, or with a user delegation key under a managed identity.
 */
import { Agent } from "node:https";
import type { Readable } from "node:stream";
import type * as Blob from "@azure/storage-blob";
import type * as Identity from "@azure/identity";
import type { AzureBlobBinding } from "../contract/types";
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

const SDK = "@azure/storage-blob";

export class AzureBlobStorage implements ObjectStorage {
  readonly protocol = "azure-blob" as const;
  readonly bucket: string;
  /** The underlying service and container clients, for what this one does not cover. */
  readonly service: Blob.BlobServiceClient;
  readonly container: Blob.ContainerClient;
  private readonly sdk: typeof Blob;
  private readonly sharedKey: Blob.StorageSharedKeyCredential | undefined;

  constructor(
    private readonly binding: AzureBlobBinding,
    subject: string,
    options: StorageOptions = {},
  ) {
    const why = `the binding's protocol is "azure-blob"`;
    this.sdk = loadPeer<typeof Blob>(SDK, subject, why);
    this.bucket = binding.bucket;
    const endpoint = binding.endpoint.replace(/\/+$/, "");
    const c = binding.credentials;
    let credential:
      Blob.StorageSharedKeyCredential | Blob.AnonymousCredential | Identity.TokenCredential;
    let url = endpoint;
    if (c.kind === "shared-key") {
      this.sharedKey = new this.sdk.StorageSharedKeyCredential(binding.account, c.accountKey);
      credential = this.sharedKey;
    } else if (c.kind === "sas") {
      this.sharedKey = undefined;
      credential = new this.sdk.AnonymousCredential();
      url = `${endpoint}?${c.sasToken.replace(/^\?/, "")}`;
    } else {
      this.sharedKey = undefined;
      const identity = loadPeer<typeof Identity>(
        "@azure/identity",
        subject,
        "its binding signs in with a managed identity",
      );
      credential = new identity.ManagedIdentityCredential({ clientId: c.clientId });
    }
    const pipeline = this.sdk.newPipeline(credential);
    if (options.ca !== undefined)
      pipeline.factories.push(trustingPolicy(new Agent({ ca: options.ca, keepAlive: true })));
    this.service = new this.sdk.BlobServiceClient(url, pipeline);
    this.container = this.service.getContainerClient(binding.bucket);
  }

  async put(key: string, body: Body, options: PutOptions = {}): Promise<void> {
    const blob = this.container.getBlockBlobClient(key);
    const headers = {
      blobHTTPHeaders: { blobContentType: options.contentType ?? "application/octet-stream" },
    };
    if (typeof body === "string" || body instanceof Uint8Array) {
      const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
      await blob.uploadData(bytes, headers);
    } else {
      await blob.uploadStream(body, undefined, undefined, headers);
    }
  }

  async get(key: string): Promise<ObjectStream> {
    try {
      const out = await this.container.getBlobClient(key).download();
      return {
        ...info(key, out.contentLength, out.lastModified, out.etag, out.contentType),
        body: out.readableStreamBody as Readable,
      };
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404)
        throw new ObjectNotFoundError(this.bucket, key);
      throw error;
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const out = await this.container.getBlobClient(key).getProperties();
      return info(key, out.contentLength, out.lastModified, out.etag, out.contentType);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  async list(options: ListOptions = {}): Promise<ListPage> {
    const pages = this.container
      .listBlobsFlat(options.prefix !== undefined ? { prefix: options.prefix } : {})
      .byPage({
        maxPageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
        ...(options.continuation !== undefined ? { continuationToken: options.continuation } : {}),
      });
    const page = (await pages.next()).value as Blob.ListBlobsFlatSegmentResponse | undefined;
    const objects = (page?.segment.blobItems ?? []).map((b) =>
      info(
        b.name,
        b.properties.contentLength,
        b.properties.lastModified,
        b.properties.etag,
        b.properties.contentType,
      ),
    );
    const next = page?.continuationToken;
    return next !== undefined && next !== "" ? { objects, next } : { objects };
  }

  async delete(key: string): Promise<void> {
    await this.container.getBlobClient(key).deleteIfExists();
  }

  presignGet(key: string, options?: PresignOptions): Promise<string> {
    return this.presign(key, "r", options);
  }

  presignPut(key: string, options?: PresignOptions): Promise<string> {
    return this.presign(key, "cw", options);
  }

  private async presign(
    key: string,
    permissions: string,
    options: PresignOptions | undefined,
  ): Promise<string> {
    const seconds = expirySeconds(options);
    const startsOn = new Date(Date.now() - 60_000);
    const expiresOn = new Date(Date.now() + seconds * 1000);
    const values: Blob.BlobSASSignatureValues = {
      containerName: this.bucket,
      blobName: key,
      permissions: this.sdk.BlobSASPermissions.parse(permissions),
      startsOn,
      expiresOn,
      protocol: this.sdk.SASProtocol.Https,
      ...(options?.contentType !== undefined ? { contentType: options.contentType } : {}),
    };
    const blobUrl = this.container.getBlobClient(key).url.split("?")[0]!;
    if (this.sharedKey !== undefined) {
      return `${blobUrl}?${this.sdk.generateBlobSASQueryParameters(values, this.sharedKey).toString()}`;
    }
    if (this.binding.credentials.kind === "managed-identity") {
      const delegation = await this.service.getUserDelegationKey(startsOn, expiresOn);
      return `${blobUrl}?${this.sdk.generateBlobSASQueryParameters(values, delegation, this.binding.account).toString()}`;
    }
    throw new Error(
      `Bucket container "${this.bucket}": a presigned URL cannot be made with a SAS credential (a SAS cannot sign another). Use a binding with a managed identity or an account key.`,
    );
  }
}

/** A request policy that sends every request through an HTTPS agent trusting the given CAs. */
function trustingPolicy(agent: Agent): Blob.RequestPolicyFactory {
  return {
    create: (next) => ({
      sendRequest: (request) => {
        request.agent = agent;
        return next.sendRequest(request);
      },
    }),
  };
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
