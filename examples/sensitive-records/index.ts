/**
 * Sensitive records next to public documents. The program only classifies its data; each stack
 * file's `wissel:policy` decides where each classification may live, and a placement against it
 * fails at preview, before anything is created.
 */
import { Bucket, summarizeSovereignty } from "@wissel/core";

/** Citizens' case records: personal data under the GDPR, every version kept. */
const records = new Bucket("records", { classification: "sensitive", versioning: true });

/** Documents the municipality publishes anyway. */
const publications = new Bucket("publications", { classification: "public" });

export const recordsBinding = records.binding;
export const publicationsBinding = publications.binding;
export const sovereignty = summarizeSovereignty();
