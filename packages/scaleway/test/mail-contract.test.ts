/**
 * The shared MailDomain and Mailbox contract on Scaleway: the mail server on a Kapsule cluster of
 * the program, relaying through Transactional Email; its volume holds the mail, and the TEM domain
 * holds the DKIM key the owner published.
 */
import { KubernetesCluster, type Adapter } from "@wissel/core";
import { mailContract } from "@wissel/testing";
import { adapter } from "@wissel/scaleway";
import { MAIL_CONFIG, clusterOutputs } from "./fixtures";

mailContract({
  adapter: adapter as Adapter,
  harness: { config: MAIL_CONFIG, outputs: clusterOutputs },
  statefulTypes: ["kubernetes:core/v1:PersistentVolumeClaim", "scaleway:tem/domain:Domain"],
  domainArgs: { tls: { issuer: "letsencrypt" } },
  setup: () => ({ cluster: new KubernetesCluster("apps") }),
});
