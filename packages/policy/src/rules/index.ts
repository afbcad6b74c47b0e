/** Every rule of the pack, in the order reports list them. */
import type { Rule } from "../types";
import { bindingSecrets } from "./bindings";
import { databaseDefaultAcl, databasePublicNetwork, databaseTls } from "./database";
import { namespaceNetworkPolicy, namespacePodSecurity } from "./namespace";
import { dataProtection } from "./protection";
import { residency } from "./residency";
import { storagePrivate } from "./storage";

export const RULES: readonly Rule[] = [
  residency,
  storagePrivate,
  databaseTls,
  databasePublicNetwork,
  databaseDefaultAcl,
  dataProtection,
  namespacePodSecurity,
  namespaceNetworkPolicy,
  bindingSecrets,
];

export {
  bindingSecrets,
  databaseDefaultAcl,
  databasePublicNetwork,
  databaseTls,
  dataProtection,
  namespaceNetworkPolicy,
  namespacePodSecurity,
  residency,
  storagePrivate,
};
