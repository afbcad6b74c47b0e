/**
 * The scale program, Wissel side: `count` buckets with the defaults (internal data, no versioning,
 * kept until deleted), on whatever target the stack config names.
 */
import { Bucket } from "@wissel/core";

export function scale(count: number): Bucket[] {
  const buckets: Bucket[] = [];
  for (let i = 0; i < count; i++)
    buckets.push(new Bucket(`bucket-${i}`, { classification: "internal" }));
  return buckets;
}
