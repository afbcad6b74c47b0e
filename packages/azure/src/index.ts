/**
 * `@wissel/azure`: the Wissel adapter for Microsoft Azure. It imports only the azure-native
 * submodules it uses (storage, managedidentity, authorization, containerservice, dbforpostgresql,
 * communication), never the SDK's
 * root barrel.
 *
 * Each block's module (and its SDK submodules) loads when a program first uses the block: the
 * blocks below are loaders. This entry re-exports the settings, vendor facts and capability table;
 * the builders' helpers stay inside their modules.
 */
import { defineAdapter, type Adapter } from "@wissel/core";
import type * as BucketModule from "./bucket";
import { CAPABILITIES } from "./capabilities";
import type * as ClusterModule from "./cluster";
import type * as MailModule from "./mail";
import type * as NamespaceModule from "./namespace";
import type * as PostgresModule from "./postgres";
import { programWarnings } from "./program-checks";
import { parseSettings, type AzureSettings } from "./settings";
import { ADMIN_CREDENTIALS_INVOKE, REGIONS, VENDOR } from "./vendor";

export {
  ADMIN_PASSWORD_COMMAND,
  DEFAULT_REDUNDANCY,
  PLAN_SECRET_PLACEHOLDER,
  POSTGRES_ADMIN_LOGIN,
  REDUNDANCIES,
  adminPasswordProblem,
  appPasswordCommand,
  appPasswordProblem,
  parseSettings,
  type AzureSettings,
  type PostgresNetworkSettings,
  type Redundancy,
} from "./settings";
export { ADMIN_CREDENTIALS_INVOKE, REGIONS, VENDOR, type AzureRegion } from "./vendor";
export { CAPABILITIES } from "./capabilities";
export {
  DIGICERT_GLOBAL_ROOT_G2,
  MICROSOFT_RSA_ROOT_CA_2017,
  POSTGRES_CA_BUNDLE,
} from "./postgres-ca";
export { isIpv4Cidr } from "./settings";

/** The cluster module, loaded on first use (Node caches a module after its first require). */
const cluster = (): typeof ClusterModule => require("./cluster") as typeof ClusterModule;

/** The Azure adapter, selected with `wissel:target: azure` and configured under `wissel:azure`. */
export const adapter: Adapter<AzureSettings> = defineAdapter<AzureSettings>({
  name: "azure",
  packageName: "@wissel/azure",
  regions: REGIONS,
  parseSettings,
  placement: (settings) => ({
    ...VENDOR,
    region: settings.location,
    country: settings.region.country,
  }),
  capabilities: () => CAPABILITIES,
  // Each block's module, and its SDK submodules, loads when a program first declares the block.
  blocks: {
    bucket: () => (require("./bucket") as typeof BucketModule).bucket,
    kubernetesCluster: () => cluster().kubernetesCluster,
    namespace: () => (require("./namespace") as typeof NamespaceModule).namespace,
    postgres: () => (require("./postgres") as typeof PostgresModule).postgres,
    mailDomain: () => (require("./mail") as typeof MailModule).mailDomain,
    mailbox: () => (require("./mail") as typeof MailModule).mailbox(),
  },
  programWarnings,
  // The AKS admin kubeconfig comes from an invoke; offline plans get a placeholder built from its inputs.
  offlineInvokes: {
    [ADMIN_CREDENTIALS_INVOKE]: (inputs) => cluster().offlineAdminCredentials(inputs),
  },
});
