/** PEM certificates, checked by parsing them (node:crypto's X509Certificate), not by their shape. */
import { X509Certificate } from "node:crypto";

const BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** One or more parsed certificates and their normalised PEM (blocks joined by newlines, trailing newline). */
export interface PemCertificates {
  readonly pem: string;
  readonly certificates: readonly X509Certificate[];
}

/** Why a value is not the certificates asked for: the rule it breaks, in words a message can use. */
export interface PemProblem {
  readonly problem: string;
}

export interface PemRules {
  /** Exactly one certificate, not a bundle. */
  readonly single?: boolean;
  /** Every certificate must be a CA (basicConstraints CA:TRUE). */
  readonly ca?: boolean;
  /** The time to check validity against; defaults to now. */
  readonly now?: Date;
}

/**
 * Parses PEM text holding certificates and nothing else. Refuses base64 without the PEM armour, a
 * path, a private key, text around the blocks, a block that does not parse, and an expired certificate.
 * The problem never quotes the value: a pasted key must not reach a message.
 */
export function parsePemCertificates(
  value: string,
  rules: PemRules = {},
): PemCertificates | PemProblem {
  const blocks = value.match(BLOCK) ?? [];
  if (blocks.length === 0) {
    return {
      problem: /PRIVATE KEY-----/.test(value)
        ? "must be a certificate, not a private key"
        : "must be PEM: one or more blocks from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE----- (not base64 of it, not a path)",
    };
  }
  if (value.replace(BLOCK, "").trim() !== "") {
    return {
      problem: /PRIVATE KEY-----/.test(value)
        ? "must hold certificates only: it also holds a private key"
        : "must hold PEM certificate blocks only, with nothing before, between or after them",
    };
  }
  if (rules.single && blocks.length > 1) {
    return { problem: `must be one certificate, not a bundle of ${blocks.length}` };
  }
  const now = rules.now ?? new Date();
  const certificates: X509Certificate[] = [];
  for (const [i, block] of blocks.entries()) {
    const which =
      blocks.length > 1 ? `certificate ${i + 1} of ${blocks.length}` : "the certificate";
    const pem = block
      .split(/\r?\n/)
      .map((line) => line.trim())
      .join("\n");
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(pem);
    } catch {
      return {
        problem: `must be a certificate that parses: ${which} does not (a truncated or altered block)`,
      };
    }
    const subject = certificate.subject.replace(/\n/g, ", ");
    if (new Date(certificate.validTo).getTime() < now.getTime()) {
      return {
        problem: `must not be expired: ${which} (${subject}) expired on ${certificate.validTo}`,
      };
    }
    if (rules.ca && !certificate.ca) {
      return {
        problem: `must be a CA certificate (basicConstraints CA:TRUE): ${which} (${subject}) is a leaf certificate`,
      };
    }
    certificates.push(certificate);
  }
  return { pem: `${certificates.map((c) => c.toString().trim()).join("\n")}\n`, certificates };
}

/** Whether a parse result is a problem. */
export function isPemProblem(result: PemCertificates | PemProblem): result is PemProblem {
  return "problem" in result;
}

/**
 * What a message shows of a value that should have been PEM: its first line, cut at 40 characters.
 * The first line of a PEM block is its armour, so a pasted private key shows no key material.
 */
export function pemPreview(value: string): string {
  const first = value.trim().split(/\r?\n/, 1)[0] ?? "";
  return first.length > 40 || value.trim().includes("\n") ? `${first.slice(0, 40)}…` : first;
}
