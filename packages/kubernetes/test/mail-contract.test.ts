/**
 * The shared MailDomain and Mailbox contract on a cluster with the mail server's image configured:
 * the mail volume and the DKIM key hold data.
 */
import type { Adapter } from "@wissel/core";
import { adapter } from "@wissel/kubernetes";
import { mailContract } from "@wissel/testing";
import { MAIL_SETTINGS, outputs, stackConfig } from "./fixtures";

mailContract({
  adapter: adapter as Adapter,
  harness: { config: stackConfig(MAIL_SETTINGS), outputs },
  statefulTypes: ["kubernetes:core/v1:PersistentVolumeClaim"],
  domainArgs: { tls: { issuer: "letsencrypt" } },
});
