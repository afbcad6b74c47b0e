/**
 * The secrets of Wissel bindings stay secret once they leave Pulumi: a binding's credential variable
 * (`WISSEL_<NAME>_PASSWORD`, `_SECRET_ACCESS_KEY`, `_KUBECONFIG`, …, the keys @wissel/runtime's
 * contract marks secret) is never written in clear into a ConfigMap or a container's literal `env`.
 * `bindTo` publishes them in a Secret; a workload reads them with `valueFrom.secretKeyRef`.
 */
import {
  AZURE_CREDENTIAL_KEYS,
  AZURE_KEYS,
  NAMESPACE_KEYS,
  POSTGRES_KEYS,
  S3_KEYS,
} from "@wissel/runtime";
import { bio2 } from "../framework";
import { UNKNOWN, at, entries, items, subject, text } from "../read";
import type { ResourceRule, ResourceView } from "../types";

/** The contract's secret keys, from @wissel/runtime, the one place that defines them. */
const SECRET_KEYS = [
  ...S3_KEYS,
  ...AZURE_KEYS,
  ...Object.values(AZURE_CREDENTIAL_KEYS).flat(),
  ...POSTGRES_KEYS,
  ...NAMESPACE_KEYS,
]
  .filter((spec) => spec.secret)
  .map((spec) => spec.key);

const SECRET_VARIABLE = new RegExp(
  `^WISSEL_[A-Z0-9_]+_(?:${[...new Set(SECRET_KEYS)].join("|")})$`,
);

/** Whether a variable name is a binding credential of the contract. */
export function isBindingSecretVariable(name: string): boolean {
  return SECRET_VARIABLE.test(name);
}

const RULE = "(rule wissel-binding-secrets)";

/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  "kubernetes:core/v1:Pod": ["spec"],
  "kubernetes:apps/v1:Deployment": ["spec", "template", "spec"],
  "kubernetes:apps/v1:StatefulSet": ["spec", "template", "spec"],
  "kubernetes:apps/v1:DaemonSet": ["spec", "template", "spec"],
  "kubernetes:apps/v1:ReplicaSet": ["spec", "template", "spec"],
  "kubernetes:batch/v1:Job": ["spec", "template", "spec"],
  "kubernetes:batch/v1:CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
};

function configMap(resource: ResourceView): string[] {
  const found: string[] = [];
  for (const field of ["data", "binaryData"]) {
    const pairs = entries(at(resource.props, field));
    if (pairs === UNKNOWN) continue;
    for (const [key] of pairs)
      if (isBindingSecretVariable(key))
        found.push(
          `${subject(resource)} holds the binding credential ${key} in ${field}, readable by anyone who may read ConfigMaps. Publish the binding with bindTo (a Secret) and read it with valueFrom.secretKeyRef ${RULE}.`,
        );
  }
  return found;
}

function workload(resource: ResourceView, path: readonly string[]): string[] {
  const pod = at(resource.props, ...path);
  const found: string[] = [];
  for (const list of ["initContainers", "containers"]) {
    const containers = items(at(pod, list));
    if (containers === UNKNOWN) continue;
    for (const container of containers) {
      const env = items(at(container, "env"));
      if (env === UNKNOWN) continue;
      const containerName = text(at(container, "name"));
      for (const variable of env) {
        const name = text(at(variable, "name"));
        const value = at(variable, "value");
        if (typeof name !== "string" || !isBindingSecretVariable(name)) continue;
        if (value === undefined || value === UNKNOWN) continue;
        found.push(
          `${subject(resource)} sets the binding credential ${name} as a literal env value in container ${JSON.stringify(typeof containerName === "string" ? containerName : "?")}, so it shows in the workload's spec. Read it with valueFrom.secretKeyRef from the Secret bindTo publishes ${RULE}.`,
        );
      }
    }
  }
  return found;
}

export const bindingSecrets: ResourceRule = {
  scope: "resource",
  name: "wissel-binding-secrets",
  description:
    "A Wissel binding's credentials (the secret keys of the WISSEL_<NAME>_<KEY> contract) are never in a ConfigMap or a literal container env value.",
  severity: "high",
  enforcementLevel: "mandatory",
  framework: bio2(
    "5.17",
    "Authentication information",
    "credentials a binding hands to an application are kept in secrets, not in plain configuration",
  ),
  remediation:
    "Publish the binding with bindTo and reference the Secret's keys with valueFrom.secretKeyRef.",
  check(resource) {
    if (resource.type === "kubernetes:core/v1:ConfigMap") return configMap(resource);
    const path = POD_SPEC_PATHS[resource.type];
    return path === undefined ? [] : workload(resource, path);
  },
};
