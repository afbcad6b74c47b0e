/** Shared stack config and provider-output fakes for the Scaleway tests. */
import type { OutputFaker } from "@wissel/testing";

export const PROJECT_ID = "11111111-2222-4333-8444-555555555555";
export const DEPLOYER = "user_id:aaaaaaaa-0000-4000-8000-00000000d3b1";
export const SETTINGS = { region: "nl-ams", projectId: PROJECT_ID, deployerPrincipal: DEPLOYER };
export const CONFIG = { "wissel:target": "scaleway", "wissel:scaleway": SETTINGS };

export const ACCESS_KEY = "SCWTESTACCESSKEY0001";
export const SECRET_KEY = "5e0c7a1e-0000-4000-8000-5ec2e7000001";

/** What Scaleway computes: the API key's access and secret keys. Ids come from the harness (`<name>-id`). */
export const outputs: OutputFaker = (args) => {
  switch (args.type) {
    case "scaleway:iam/apiKey:ApiKey":
      return { accessKey: ACCESS_KEY, secretKey: SECRET_KEY };
    default:
      return undefined;
  }
};
