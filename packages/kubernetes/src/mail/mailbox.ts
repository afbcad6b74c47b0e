/** A mailbox's account on its domain's mail server: generated credentials, and the binding. */
import * as pulumi from "@pulumi/pulumi";
import { Secret } from "@pulumi/kubernetes/core/v1";
import type { BuildContext, BuildResult, MailboxBinding, MailboxSpec } from "@wissel/core";
import { MANAGED_BY_LABEL } from "../namespace-objects";
import { secretValue } from "../secret-data";
import { generatePassword, randomSalt } from "./passwords";
import { mailEndpoints, mailServerOf, mailboxSecretName } from "./state";

/** The keys of a mailbox's credentials Secret. */
const CREDENTIAL_KEYS = { username: "username", password: "password", salt: "salt" } as const;

/**
 * Adds a mailbox's account to its domain's server: a credentials Secret with a generated password
 * and salt (kept by ignoreChanges), whose hash goes into the server's accounts file.
 */
export function addMailbox(
  domain: pulumi.Resource,
  spec: MailboxSpec,
  ctx: BuildContext<unknown>,
): BuildResult<MailboxBinding> {
  const state = mailServerOf(domain);
  if (state === undefined || state.sealed)
    throw new Error(`${ctx.subject}: its MailDomain's mail server no longer takes mailboxes`);
  const secretName = mailboxSecretName(ctx.name);
  const credentials = new Secret(
    `${ctx.name}-credentials`,
    {
      metadata: {
        name: secretName,
        namespace: state.plan.namespace,
        labels: { ...MANAGED_BY_LABEL },
      },
      type: "Opaque",
      stringData: pulumi.secret({
        [CREDENTIAL_KEYS.username]: spec.address,
        [CREDENTIAL_KEYS.password]: generatePassword(),
        [CREDENTIAL_KEYS.salt]: randomSalt(),
      }),
    },
    {
      ...state.opts,
      parent: ctx.parent,
      ...ctx.statefulOptions,
      ignoreChanges: ["stringData", "data"],
    },
  );
  const id = `${state.plan.namespace}/${secretName}`;
  const read = (key: string) =>
    credentials.data.apply((data) =>
      secretValue(
        data,
        key,
        id,
        "the Secret Wissel wrote has lost it; replace it to set a new one",
      ),
    );
  const password = read(CREDENTIAL_KEYS.password);
  state.accounts.push({ spec, password, salt: read(CREDENTIAL_KEYS.salt) });
  return {
    binding: password.apply((secret): MailboxBinding => ({
      address: spec.address,
      ...mailEndpoints(state.plan, spec.imap),
      username: spec.address,
      password: secret,
    })),
    vendorResources: { credentials },
  };
}
