/**
 * The classification of a raw vendor resource, from the tag or label the docs define. Wissel blocks
 * take `classification` as an argument; a hand-written resource says it with a tag (Azure, Scaleway,
 * OpenStack) or a Kubernetes label. Azure tag names may not hold `/`, so the tag and the label differ:
 * both are defined here, once, and docs/policy.md states them.
 */
import { CLASSIFICATIONS, type Classification } from "@wissel/core";
import { UNKNOWN, at, entries, items, type Unknown } from "./read";
import type { ResourceView } from "./types";

/** The tag on Azure, Scaleway and OpenStack resources: `wissel-classification: sensitive`. */
export const CLASSIFICATION_TAG = "wissel-classification";

/** The label on Kubernetes objects: `wissel.dev/classification: sensitive`. */
export const CLASSIFICATION_LABEL = "wissel.dev/classification";

/** The classification of a resource that states none: core's default for blocks. */
export const DEFAULT_CLASSIFICATION: Classification = "internal";

/** What a resource's tag or label says. */
export type ClassificationReading =
  | { readonly state: "tagged"; readonly classification: Classification; readonly source: string }
  | { readonly state: "untagged" }
  | { readonly state: "invalid"; readonly value: string; readonly source: string }
  | { readonly state: "unknown" };

function fromValue(value: unknown, source: string): ClassificationReading {
  if (value === UNKNOWN) return { state: "unknown" };
  if (value === undefined) return { state: "untagged" };
  const given = String(value);
  return (CLASSIFICATIONS as readonly string[]).includes(given)
    ? { state: "tagged", classification: given as Classification, source }
    : { state: "invalid", value: given, source };
}

/** A tag list of `key=value` (or `key:value`) strings, as Scaleway databases and clusters take. */
function fromTagList(list: readonly unknown[] | Unknown, source: string): ClassificationReading {
  if (list === UNKNOWN) return { state: "unknown" };
  for (const item of list) {
    if (item === UNKNOWN) return { state: "unknown" };
    const match = typeof item === "string" ? /^([^=:]+)[=:](.*)$/.exec(item) : null;
    if (match?.[1]?.trim() === CLASSIFICATION_TAG) return fromValue(match[2]?.trim(), source);
  }
  return { state: "untagged" };
}

function fromMap(map: unknown, source: string): ClassificationReading {
  const pairs = entries(map);
  if (pairs === UNKNOWN) return { state: "unknown" };
  const found = pairs.find(([key]) => key === CLASSIFICATION_TAG || key === CLASSIFICATION_LABEL);
  return found === undefined ? { state: "untagged" } : fromValue(found[1], `${source}.${found[0]}`);
}

/** Reads the classification a resource's inputs state. */
export function readClassification(resource: ResourceView): ClassificationReading {
  const { type, props } = resource;
  if (type.startsWith("kubernetes:")) return fromMap(at(props, "metadata", "labels"), "labels");
  if (type.startsWith("openstack:")) {
    const metadata = fromMap(at(props, "metadata"), "metadata");
    if (metadata.state !== "untagged") return metadata;
    return fromTagList(items(at(props, "tags")), "tags");
  }
  const tags = at(props, "tags");
  if (Array.isArray(tags) || tags === UNKNOWN) return fromTagList(items(tags), "tags");
  return fromMap(tags, "tags");
}

/** The value a message quotes for a classification reading's source: `tags["wissel-classification"]`. */
export function describeSource(resource: ResourceView): string {
  return resource.type.startsWith("kubernetes:")
    ? `metadata.labels["${CLASSIFICATION_LABEL}"]`
    : `tags["${CLASSIFICATION_TAG}"]`;
}

/** What a message says about where the classification came from. */
export function classificationOrigin(reading: ClassificationReading): string {
  return reading.state === "tagged" ? `tagged ${reading.classification}` : "untagged (internal)";
}
