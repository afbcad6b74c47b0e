/** Stack config and fake Magnum outputs shared by the contract suites. */
import type * as pulumi from "@pulumi/pulumi";
import { DEFAULT_KUBERNETES_VERSION } from "@wissel/core";
import { CLUSTER_TYPE } from "@wissel/openstack";

export const OPERATOR = { name: "Voorbeeld Cloud", legalEntity: "Voorbeeld Cloud B.V.", country: "NL" };

export const KUBERNETES = {
  externalNetworkId: "0f7a3e1c-4b2d-4e8a-9c6f-1d2e3f4a5b6c",
  // An image for core's default minor, so a cluster without a version builds.
  images: { [DEFAULT_KUBERNETES_VERSION]: { image: `ubuntu-2204-kube-v${DEFAULT_KUBERNETES_VERSION}.1`, kubeTag: `v${DEFAULT_KUBERNETES_VERSION}.1` } },
  flavors: [
    { name: "c2.medium", vcpu: 2, memoryGiB: 4 },
    { name: "m2.large", vcpu: 2, memoryGiB: 8 },
  ],
};

/** Stack config with Magnum settings; `kubernetes` overrides merge into them. */
export function stackConfig(kubernetes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    "wissel:target": "openstack",
    "wissel:openstack": {
      region: "AMS1",
      s3Endpoint: "https://s3.ams1.openstack.example",
      operator: OPERATOR,
      kubernetes: { ...KUBERNETES, ...kubernetes },
    },
  };
}

export const API = "https://203.0.113.10:6443";
export const CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhtYWdudW0t\n-----END CERTIFICATE-----\n";
export const ADMIN_KUBECONFIG = `apiVersion: v1\nkind: Config\nclusters:\n- name: apps\n  cluster:\n    server: ${API}\n`;

/** Magnum computes the API address and the kubeconfig attribute once the cluster exists. */
export function outputs(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> | undefined {
  if (args.type !== CLUSTER_TYPE) return undefined;
  return { apiAddress: API, kubeconfig: { host: API, clusterCaCertificate: CA_PEM, rawConfig: ADMIN_KUBECONFIG } };
}
