import type { Adapter } from "@wissel/core";
import { bucketContract } from "@wissel/testing";
import { adapter } from "@wissel/openstack";
import { CONTAINER_TYPE, EC2_CREDENTIAL_TYPE } from "../src/bucket";

bucketContract({
  // Core holds adapters with their settings type erased; builders are contravariant in it.
  adapter: adapter as Adapter,
  protocol: "s3",
  statefulTypes: [CONTAINER_TYPE],
  harness: {
    project: "team-workspace",
    stack: "openstack",
    config: {
      "wissel:target": "openstack",
      "wissel:openstack": {
        region: "AMS1",
        s3Endpoint: "https://s3.ams1.openstack.example",
        operator: { name: "Voorbeeld Cloud", legalEntity: "Voorbeeld Cloud B.V.", country: "NL" },
      },
    },
    // Keystone computes the key pair; the contract needs non-empty, distinctive values.
    outputs: (args) =>
      args.type === EC2_CREDENTIAL_TYPE
        ? { access: "5f0c7a3e9b2d4c1f8e6a0b9d7c5e3a1f", secret: "d41d8cd98f00b204e9800998ecf8427e" }
        : undefined,
  },
});
