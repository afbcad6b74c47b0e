/**
 * The shared MailDomain and Mailbox contract on OpenStack: the mail server on a Magnum cluster of
 * the program; its volume holds the mail.
 */
import { KubernetesCluster, type Adapter } from "@wissel/core";
import { mailContract } from "@wissel/testing";
import { adapter } from "@wissel/openstack";
import { mailStackConfig, outputs } from "./fixtures";

mailContract({
  adapter: adapter as Adapter,
  harness: { project: "team-workspace", stack: "openstack", config: mailStackConfig(), outputs },
  statefulTypes: ["kubernetes:core/v1:PersistentVolumeClaim"],
  domainArgs: { tls: { issuer: "letsencrypt" } },
  setup: () => ({ cluster: new KubernetesCluster("apps") }),
});
