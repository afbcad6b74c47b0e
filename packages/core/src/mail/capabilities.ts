/**
 * The capability rows of the mail blocks wherever Wissel's own mail server (Postfix, Dovecot and
 * OpenDKIM, from `@wissel/kubernetes`) runs them on a cluster: here, so that a vendor's table needs
 * no Kubernetes package to say so.
 */
import type { BlockCapabilities, BlockFeatures, Support } from "../adapter";

/**
 * What a target that runs the mail server on a cluster offers, and how. `sendsThrough` names the
 * vendor's sending service when the server relays its outgoing mail through one.
 */
export function mailServerCapabilities(
  support: Extract<Support, "native" | "emulated">,
  runsOn: string,
  sendsThrough?: string,
): {
  mailDomain: BlockCapabilities<BlockFeatures["mailDomain"]>;
  mailbox: BlockCapabilities<BlockFeatures["mailbox"]>;
} {
  return {
    mailDomain: {
      block: {
        support,
        reason: `Postfix, Dovecot and OpenDKIM in a StatefulSet ${runsOn}, DKIM key generated and kept in a Secret`,
      },
      features: {
        tls: {
          support: "native",
          reason:
            "a cert-manager Certificate for mail.<domain>, or a given kubernetes.io/tls Secret",
        },
      },
    },
    mailbox: {
      block: {
        support,
        reason:
          "an account of the domain's mail server: SHA512-CRYPT hash of a generated password, quota enforced by Dovecot" +
          (sendsThrough === undefined ? "" : `, sending through ${sendsThrough}`),
      },
      features: {
        imap: {
          support,
          reason: "IMAPS on 993 from Dovecot, mail kept on the domain's protected, retained volume",
        },
        aliases: { support, reason: "Postfix virtual aliases, delivered to the mailbox" },
      },
    },
  };
}
