/**
 * The shared MailDomain and Mailbox contract on Azure: the mail server on an AKS cluster of the
 * program, relaying through Communication Services Email; its volume holds the mail.
 */
import { KubernetesCluster, type Adapter } from "@wissel/core";
import { mailContract } from "@wissel/testing";
import { adapter } from "@wissel/azure";
import { CONFIG, MAIL, SETTINGS, outputs } from "./fixtures";

mailContract({
  adapter: adapter as Adapter,
  harness: { config: { ...CONFIG, "wissel:azure": { ...SETTINGS, mail: MAIL } }, outputs },
  statefulTypes: ["kubernetes:core/v1:PersistentVolumeClaim"],
  domainArgs: { tls: { issuer: "letsencrypt" } },
  setup: () => ({ cluster: new KubernetesCluster("apps") }),
});
