/**
 * All of the mail server's files from one `MailServerConfig`: what goes into the configuration
 * directory (a ConfigMap: nothing secret) and what goes into the secrets directory (a Secret: the
 * password hashes and the DKIM private keys). The keys are plain file names, valid ConfigMap and
 * Secret keys, so the same map is what a pod mounts and what the real-server test writes.
 */
import {
  resolveMailServerConfig,
  type MailServerConfig,
  type ResolvedMailServerConfig,
} from "./config";
import { dkimKeyFileName, opendkimConf, opendkimKeyTable, opendkimSigningTable } from "./dkim";
import { DOVECOT_ACCOUNTS_FILE, dovecotAccounts, dovecotConf } from "./dovecot";
import {
  POSTFIX_TABLES,
  RELAY_PASSWORD_FILE,
  hostedSenderMap,
  postfixMainCf,
  postfixMasterCf,
  relayPasswordMap,
  senderLoginMap,
  virtualAliasMap,
  virtualMailboxMap,
} from "./postfix";

/** The files, by name, of the two directories. */
export interface MailServerFiles {
  /** The resolved input, with every default decided. */
  readonly config: ResolvedMailServerConfig;
  /** For `paths.configDirectory`: Postfix's, Dovecot's and OpenDKIM's configuration and tables. */
  readonly configFiles: Readonly<Record<string, string>>;
  /**
   * For `paths.secretsDirectory`: the accounts file, one private key per domain, and the smarthost's
   * login when it has one.
   */
  readonly secretFiles: Readonly<Record<string, string>>;
}

/** The names the programs are started with, relative to the configuration directory. */
export const MAIL_CONFIG_FILES = {
  postfixMain: "main.cf",
  postfixMaster: "master.cf",
  dovecot: "dovecot.conf",
  opendkim: "opendkim.conf",
  keyTable: "KeyTable",
  signingTable: "SigningTable",
} as const;

/** Builds every file of the mail server; throws a WisselError when the input is unsafe. */
export function mailServerFiles(input: MailServerConfig): MailServerFiles {
  const config = resolveMailServerConfig(input);
  const secretFiles: Record<string, string> = {
    [DOVECOT_ACCOUNTS_FILE]: dovecotAccounts(config),
  };
  for (const domain of config.domains) {
    const pem = domain.dkimPrivateKeyPem;
    secretFiles[dkimKeyFileName(domain)] = pem.endsWith("\n") ? pem : `${pem}\n`;
  }
  const relayPasswords = relayPasswordMap(config);
  if (relayPasswords !== undefined) secretFiles[RELAY_PASSWORD_FILE] = relayPasswords;
  return {
    config,
    configFiles: {
      [MAIL_CONFIG_FILES.postfixMain]: postfixMainCf(config),
      [MAIL_CONFIG_FILES.postfixMaster]: postfixMasterCf(config),
      [POSTFIX_TABLES.virtualMailboxes]: virtualMailboxMap(config),
      [POSTFIX_TABLES.virtualAliases]: virtualAliasMap(config),
      [POSTFIX_TABLES.senderLogins]: senderLoginMap(config),
      [POSTFIX_TABLES.hostedSenders]: hostedSenderMap(config),
      [MAIL_CONFIG_FILES.dovecot]: dovecotConf(config),
      [MAIL_CONFIG_FILES.opendkim]: opendkimConf(config),
      [MAIL_CONFIG_FILES.keyTable]: opendkimKeyTable(config),
      [MAIL_CONFIG_FILES.signingTable]: opendkimSigningTable(config),
    },
    secretFiles,
  };
}
