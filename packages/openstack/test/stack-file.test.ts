/**
 * The example stack file of team-workspace for a Dutch OpenStack operator: its settings parse, its
 * placement is the operator's, and the team-workspace program plans on it without a capability error.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { plannedComponents } from "@wissel/core";
import { MockHarness } from "@wissel/testing";
import { CONTAINER_TYPE, EC2_CREDENTIAL_TYPE, adapter, parseSettings } from "@wissel/openstack";

const FILE = path.resolve(__dirname, "../../../stacks/team-workspace/Pulumi.openstack.yaml");
const config = (parse(fs.readFileSync(FILE, "utf8")) as { config: Record<string, unknown> }).config;

describe("stacks/team-workspace/Pulumi.openstack.yaml", () => {
  it("targets openstack with valid settings for a Dutch operator under no foreign law", () => {
    expect(config["wissel:target"]).toBe("openstack");
    const settings = parseSettings(config["wissel:openstack"]);
    expect(settings.s3Endpoint).toMatch(/^https:\/\/[^/]+\.example$/);
    expect(adapter.placement(settings)).toEqual({
      vendor: "Voorbeeld Cloud",
      legalEntity: "Voorbeeld Cloud B.V.",
      headquarters: "NL",
      foreignJurisdictions: [],
      onPremises: false,
      region: "AMS1",
      country: "NL",
    });
  });

  it("plans the team-workspace program: two containers, two credentials, all in NL", async () => {
    const harness = await MockHarness.start({
      project: "team-workspace",
      stack: "openstack",
      config,
      outputs: (args) => (args.type === EC2_CREDENTIAL_TYPE ? { access: "access-key-id", secret: "secret-key" } : undefined),
    });
    await harness.run(() => require("../../../stacks/team-workspace/index") as unknown);
    expect(harness.ofType(CONTAINER_TYPE).map((r) => [r.name, r.inputs["versioning"], r.protect])).toEqual([
      ["files", true, true],
      ["exports", false, true],
    ]);
    expect(harness.ofType(EC2_CREDENTIAL_TYPE).map((r) => r.name)).toEqual(["files-credentials", "exports-credentials"]);
    expect(plannedComponents().map((c) => [c.name, c.placement.target, c.placement.country])).toEqual([
      ["files", "openstack", "NL"],
      ["exports", "openstack", "NL"],
    ]);
  });
});
