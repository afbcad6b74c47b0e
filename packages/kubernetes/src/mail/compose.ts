/**
 * What a vendor adapter needs to run the mail server on a cluster of its program: the plans, the
 * builders and the names, loaded through `mailServerParts()` of `@wissel/kubernetes/compose`.
 */
export {
  mailServerPhysicalNames,
  mailboxOnServerIssues,
  mailboxPhysicalNames,
  planMailServer,
  type MailServerTarget,
} from "./plan";
export { buildMailServer } from "./server";
export { addMailbox } from "./mailbox";
export { mailboxOnServer, type MailboxPlan, type MailboxVendorPart } from "./mailbox-block";
export {
  mailServerOf,
  type MailServerOn,
  type MailServerPlan,
  type MailServerSettings,
  type RelayCredentials,
  type SendingDns,
} from "./state";
