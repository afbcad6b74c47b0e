/** Reading back what a Secret Wissel wrote holds, as the provider reports it (base64 `data`). */
import * as pulumi from "@pulumi/pulumi";

/**
 * A value of a Secret's base64 `data`. Missing in a preview (an offline plan, or a Secret not yet
 * written): unknown. Missing in an update: fails the deployment naming the Secret and key.
 */
export function secretValue(
  data: Readonly<Record<string, string>> | undefined,
  key: string,
  secretId: string,
  why: string,
): pulumi.Output<string> {
  const encoded = data?.[key];
  if (encoded !== undefined && encoded !== "")
    return pulumi.output(Buffer.from(encoded, "base64").toString("utf8"));
  if (pulumi.runtime.isDryRun()) return pulumi.output(pulumi.unknown) as pulumi.Output<string>;
  throw new Error(`Secret ${secretId} has no ${key}: ${why}`);
}
