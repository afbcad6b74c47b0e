import { RedactedValue, WisselError } from "@wissel/core";
import { parseSettings } from "../src/settings";
import { CA_PEM, CLUSTER, OPERATOR, SETTINGS } from "./fixtures";

function issuesOf(raw: unknown): { field: string; value: unknown; message: string }[] {
  try {
    parseSettings(raw);
  } catch (error) {
    if (!WisselError.isInstance(error)) throw error;
    return error.issues.map((issue) => ({
      field: issue.field,
      value: issue.value instanceof RedactedValue ? issue.value.toJSON() : issue.value,
      message: error.message,
    }));
  }
  throw new Error("expected the settings to be rejected");
}

const storage = (extra: Record<string, unknown>): Record<string, unknown> => ({
  ...SETTINGS,
  objectStorage: { ...SETTINGS.objectStorage, ...extra },
});

describe("parseSettings", () => {
  it("applies the defaults and normalises the endpoint", () => {
    expect(parseSettings(storage({ endpoint: "https://S3.Data.Amsterdam.nl:8443/" }))).toEqual({
      namespace: "workspace",
      region: "ams-dc1",
      country: "NL",
      operator: { ...OPERATOR, foreignJurisdictions: [], onPremises: true },
      objectStorage: {
        storageClassName: "rook-ceph-bucket",
        endpoint: "https://s3.data.amsterdam.nl:8443",
        region: "us-east-1",
        additionalConfigFields: [],
        encryptedAtRest: true,
      },
    });
  });

  it("keeps every optional setting given", () => {
    const settings = parseSettings({
      ...storage({
        region: "ams",
        additionalConfigFields: ["bucketVersioning", "maxSize", "bucketLifecycle"],
        encryptedAtRest: true,
      }),
      kubeconfig: "~/.kube/amsterdam.yaml",
      context: "ams-dc1-admin",
      country: "DE",
      operator: { ...OPERATOR, foreignJurisdictions: ["US CLOUD Act"], onPremises: false },
    });
    expect(settings).toMatchObject({
      kubeconfig: "~/.kube/amsterdam.yaml",
      context: "ams-dc1-admin",
      country: "DE",
      operator: { foreignJurisdictions: ["US CLOUD Act"], onPremises: false },
      objectStorage: {
        region: "ams",
        additionalConfigFields: ["bucketLifecycle", "bucketVersioning", "maxSize"],
        encryptedAtRest: true,
      },
    });
  });

  it("accepts a cluster without object storage (it then offers no buckets)", () => {
    const { objectStorage: _omitted, ...rest } = SETTINGS;
    expect(parseSettings(rest).objectStorage).toBeUndefined();
  });

  it.each<[string, unknown, string, unknown, RegExp]>([
    [
      "missing settings",
      undefined,
      "wissel:kubernetes",
      undefined,
      /pulumi config set --path 'wissel:kubernetes\.namespace' team-workspace/,
    ],
    [
      "settings that are not an object",
      "ams-dc1",
      "wissel:kubernetes",
      "ams-dc1",
      /must be an object/,
    ],
    [
      "a missing namespace",
      { ...SETTINGS, namespace: undefined },
      "wissel:kubernetes.namespace",
      undefined,
      /is required: the namespace where claims live.*pulumi config set --path 'wissel:kubernetes\.namespace' team-workspace/,
    ],
    [
      "a namespace that is no DNS-1123 label",
      { ...SETTINGS, namespace: "Team_Files" },
      "wissel:kubernetes.namespace",
      "Team_Files",
      /must be a namespace name \(DNS-1123 label/,
    ],
    [
      "a missing region label",
      { ...SETTINGS, region: undefined },
      "wissel:kubernetes.region",
      undefined,
      /pulumi config set --path 'wissel:kubernetes\.region' ams-dc1/,
    ],
    [
      "a missing operator",
      { ...SETTINGS, operator: undefined },
      "wissel:kubernetes.operator",
      undefined,
      /is required: who operates the cluster.*'wissel:kubernetes\.operator\.name' 'Gemeente Amsterdam'/,
    ],
    [
      "an operator country in lower case",
      { ...SETTINGS, operator: { ...OPERATOR, country: "nl" } },
      "wissel:kubernetes.operator.country",
      "nl",
      /ISO 3166-1 alpha-2 code in capitals.*'wissel:kubernetes\.operator\.country' NL/,
    ],
    [
      "an operator without a legal entity",
      { ...SETTINGS, operator: { name: "Gemeente Amsterdam", country: "NL" } },
      "wissel:kubernetes.operator.legalEntity",
      undefined,
      /is required: the legal entity that runs the cluster/,
    ],
    [
      "foreign jurisdictions that are not a list",
      { ...SETTINGS, operator: { ...OPERATOR, foreignJurisdictions: "US CLOUD Act" } },
      "wissel:kubernetes.operator.foreignJurisdictions",
      "US CLOUD Act",
      /must be a list of non-empty names/,
    ],
    [
      "a blank foreign jurisdiction",
      { ...SETTINGS, operator: { ...OPERATOR, foreignJurisdictions: ["US CLOUD Act", " "] } },
      "wissel:kubernetes.operator.foreignJurisdictions[1]",
      "",
      /must be a list of non-empty names of non-EU laws.*Write it as a list/,
    ],
    [
      "onPremises that is not a boolean",
      { ...SETTINGS, operator: { ...OPERATOR, onPremises: "yes" } },
      "wissel:kubernetes.operator.onPremises",
      "yes",
      /must be true or false/,
    ],
    [
      "a data-centre country that is no code",
      { ...SETTINGS, country: "Netherlands" },
      "wissel:kubernetes.country",
      "Netherlands",
      /ISO 3166-1 alpha-2/,
    ],
    [
      "an operator country of UK, which ISO reserves (the United Kingdom is GB)",
      { ...SETTINGS, operator: { ...OPERATOR, country: "UK" } },
      "wissel:kubernetes.operator.country",
      "UK",
      /ISO 3166-1 alpha-2 code in capitals.*"UK" is not an assigned code: the country is GB\. Run .*'wissel:kubernetes\.operator\.country' GB/,
    ],
    [
      "an operator country of EU, which is no country",
      { ...SETTINGS, operator: { ...OPERATOR, country: "EU" } },
      "wissel:kubernetes.operator.country",
      "EU",
      /"EU" is reserved, not assigned: the EU is no country, so name the member state\. Run .*operator\.country' NL/,
    ],
    [
      "an operator country of XX, which is unassigned",
      { ...SETTINGS, operator: { ...OPERATOR, country: "XX" } },
      "wissel:kubernetes.operator.country",
      "XX",
      /"XX" is not an assigned ISO 3166-1 code\. Run .*operator\.country' NL/,
    ],
    [
      "a data-centre country of UK",
      { ...SETTINGS, country: "UK" },
      "wissel:kubernetes.country",
      "UK",
      /the country is GB\. Run .*'wissel:kubernetes\.country' GB/,
    ],
    [
      "a data-centre country of EL, the EU's abbreviation for Greece",
      { ...SETTINGS, country: "EL" },
      "wissel:kubernetes.country",
      "EL",
      /the country is GR\. Run .*'wissel:kubernetes\.country' GR/,
    ],
    [
      "a data-centre country of EU",
      { ...SETTINGS, country: "EU" },
      "wissel:kubernetes.country",
      "EU",
      /the EU is no country/,
    ],
    [
      "an unknown key",
      { ...SETTINGS, namespcae: "x" },
      "wissel:kubernetes.namespcae",
      "<a string of 1 character, not shown>",
      /Did you mean wissel:kubernetes\.namespace\?/,
    ],
    [
      "an unknown operator key",
      { ...SETTINGS, operator: { ...OPERATOR, contry: "NL" } },
      "wissel:kubernetes.operator.contry",
      "<a string of 2 characters, not shown>",
      /Did you mean wissel:kubernetes\.operator\.country\?/,
    ],
    [
      "an http endpoint",
      storage({ endpoint: "http://rook-ceph-rgw-store.rook-ceph.svc" }),
      "wissel:kubernetes.objectStorage.endpoint",
      "http://rook-ceph-rgw-store.rook-ceph.svc",
      /must be an https URL.*BUCKET_HOST is plain http.*'wissel:kubernetes\.objectStorage\.endpoint' https:\/\/s3\.example\.nl/,
    ],
    [
      "an endpoint with a path",
      storage({ endpoint: "https://s3.example.nl/store" }),
      "wissel:kubernetes.objectStorage.endpoint",
      "https://s3.example.nl/store",
      /without a path.*'wissel:kubernetes\.objectStorage\.endpoint' https:\/\/s3\.example\.nl\./,
    ],
    [
      "an endpoint that is no URL",
      storage({ endpoint: "s3.example.nl" }),
      "wissel:kubernetes.objectStorage.endpoint",
      "s3.example.nl",
      /must be an absolute https URL/,
    ],
    [
      "an endpoint on port 0",
      storage({ endpoint: "https://s3.example.nl:0" }),
      "wissel:kubernetes.objectStorage.endpoint",
      "https://s3.example.nl:0",
      /must be an absolute https URL, and must have a port from 1 to 65535, or none for 443 \(port 0 cannot be connected to\).*'wissel:kubernetes\.objectStorage\.endpoint' https:\/\/s3\.example\.nl/,
    ],
    [
      "an endpoint on port 65536",
      storage({ endpoint: "https://s3.example.nl:65536" }),
      "wissel:kubernetes.objectStorage.endpoint",
      "https://s3.example.nl:65536",
      /port from 1 to 65535.*port 65536 cannot be connected to/,
    ],
    [
      "a missing storage class",
      storage({ storageClassName: undefined }),
      "wissel:kubernetes.objectStorage.storageClassName",
      undefined,
      /'wissel:kubernetes\.objectStorage\.storageClassName' rook-ceph-bucket/,
    ],
    [
      "a storage class that is no object name",
      storage({ storageClassName: "Rook_Bucket" }),
      "wissel:kubernetes.objectStorage.storageClassName",
      "Rook_Bucket",
      /DNS-1123 subdomain.*kubectl get storageclass/,
    ],
    [
      "a misspelt additionalConfig field",
      storage({ additionalConfigFields: ["bucketLifeCycles"] }),
      "wissel:kubernetes.objectStorage.additionalConfigFields[0]",
      "bucketLifeCycles",
      /Did you mean bucketLifecycle\?/,
    ],
    [
      "an S3 region with spaces",
      storage({ region: "us east" }),
      "wissel:kubernetes.objectStorage.region",
      "us east",
      /must be an S3 region name.*default "us-east-1"/,
    ],
    [
      "a kubeconfig that is not a string",
      { ...SETTINGS, kubeconfig: 42 },
      "wissel:kubernetes.kubeconfig",
      "<a number, not shown>",
      /must be a non-empty string: a path to a kubeconfig file/,
    ],
    [
      "an empty context",
      { ...SETTINGS, context: "" },
      "wissel:kubernetes.context",
      "",
      /must be a non-empty string/,
    ],
  ])("rejects %s, naming the key, the value and the fix", (_what, raw, field, value, message) => {
    const issues = issuesOf(raw);
    expect(issues.map((i) => [i.field, i.value])).toContainEqual([field, value]);
    expect(issues[0]?.message).toMatch(message);
    expect(issues[0]?.message).toContain(`stack config: ${field} `);
  });

  it("rejects inline kubeconfig contents without echoing the credentials", () => {
    const contents =
      "apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    token: s3cr3t-token-value\n";
    const issues = issuesOf({ ...SETTINGS, kubeconfig: contents });
    expect(issues.map((i) => [i.field, i.value])).toEqual([
      ["wissel:kubernetes.kubeconfig", `<a string of ${contents.length} characters, not shown>`],
    ]);
    expect(issues[0]?.message).toContain("must be a path to a kubeconfig file, not its contents");
    expect(issues[0]?.message).toContain(
      'pulumi config set --secret kubernetes:kubeconfig "$(cat kubeconfig.yaml)"',
    );
    expect(issues[0]?.message).not.toContain("s3cr3t-token-value");
  });

  it("leaves out optional settings a program passes as undefined, as a stack file would", () => {
    const settings = parseSettings({
      ...SETTINGS,
      kubeconfig: undefined,
      country: undefined,
      postgres: { namespace: undefined },
    });
    expect(Object.keys(settings)).toEqual([
      "namespace",
      "region",
      "country",
      "operator",
      "objectStorage",
      "postgres",
    ]);
    expect(settings.postgres).toEqual({ operatorNamespace: "cnpg-system" });
    expect(Object.keys(settings.postgres ?? {})).toEqual(["operatorNamespace"]);
  });

  it("refuses operator names with spaces at their ends, which placements would show", () => {
    const issues = issuesOf({
      ...SETTINGS,
      operator: { ...OPERATOR, legalEntity: "Gemeente Amsterdam " },
    });
    expect(issues.map((i) => [i.field, i.value])).toEqual([
      ["wissel:kubernetes.operator.legalEntity", "Gemeente Amsterdam "],
    ]);
    expect(issues[0]?.message).toContain("must be a non-empty string without spaces at its ends");
  });

  it("says once that the settings are required when none are set", () => {
    const issues = issuesOf(undefined);
    expect(issues.map((i) => i.field)).toEqual(["wissel:kubernetes"]);
    expect(issues[0]?.message).toContain(
      "is required: an on-premises cluster's namespace, operator and region differ per installation",
    );
    expect(issues[0]?.message).toContain(
      "and pulumi config set --path 'wissel:kubernetes.operator.country' NL.",
    );
  });

  it("reports every bad key at once", () => {
    const issues = issuesOf({
      namespace: "Bad_Name",
      operator: { name: "X" },
      objectStorage: { endpoint: "http://x" },
    });
    expect(issues.map((i) => i.field)).toEqual([
      "wissel:kubernetes.namespace",
      "wissel:kubernetes.region",
      "wissel:kubernetes.operator.legalEntity",
      "wissel:kubernetes.operator.country",
      "wissel:kubernetes.objectStorage.storageClassName",
      "wissel:kubernetes.objectStorage.endpoint",
    ]);
  });
});

describe("parseSettings: the cluster", () => {
  const cluster = (extra: Record<string, unknown>): Record<string, unknown> => ({
    ...SETTINGS,
    cluster: { ...CLUSTER, ...extra },
  });

  it("normalises the API server URL, keeps a proxy path and defaults the attestations", () => {
    expect(
      parseSettings(
        cluster({
          apiServerUrl: "https://API.dc1.example.nl:6443/",
          enforcesNetworkPolicy: undefined,
        }),
      ).cluster,
    ).toEqual({
      apiServerUrl: "https://api.dc1.example.nl:6443",
      caCertificate: CA_PEM,
      enforcesNetworkPolicy: false,
      mapsGroups: true,
    });
    expect(
      parseSettings(cluster({ apiServerUrl: "https://rancher.example.nl/k8s/clusters/c-m-abc/" }))
        .cluster?.apiServerUrl,
    ).toBe("https://rancher.example.nl/k8s/clusters/c-m-abc");
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    [
      "a plain http API server",
      { apiServerUrl: "http://api.dc1.example.nl:6443" },
      "wissel:kubernetes.cluster.apiServerUrl",
      /must be an absolute https URL .*pulumi config set --path 'wissel:kubernetes\.cluster\.apiServerUrl' https:\/\/api\.dc1\.example\.nl:6443/,
    ],
    [
      "an API server URL with credentials",
      { apiServerUrl: "https://admin:pw@api.example.nl" },
      "wissel:kubernetes.cluster.apiServerUrl",
      /without credentials/,
    ],
    [
      "an API server on port 0",
      { apiServerUrl: "https://api.dc1.example.nl:0" },
      "wissel:kubernetes.cluster.apiServerUrl",
      /must be an absolute https URL .*and must have a port from 1 to 65535, or none for 443 \(port 0 cannot be connected to\).*'wissel:kubernetes\.cluster\.apiServerUrl' https:\/\/api\.dc1\.example\.nl:6443/,
    ],
    [
      "an API server on port 70000",
      { apiServerUrl: "https://api.dc1.example.nl:70000/" },
      "wissel:kubernetes.cluster.apiServerUrl",
      /port 70000 cannot be connected to/,
    ],
    [
      "a missing CA",
      { caCertificate: undefined },
      "wissel:kubernetes.cluster.caCertificate",
      /is required: the PEM certificate of the API server's CA/,
    ],
    [
      "a base64 CA",
      { caCertificate: Buffer.from(CA_PEM).toString("base64") },
      "wissel:kubernetes.cluster.caCertificate",
      /must be PEM.*not base64 of it.*certificate-authority-data/,
    ],
    [
      "a CA path",
      { caCertificate: "/etc/kubernetes/pki/ca.crt" },
      "wissel:kubernetes.cluster.caCertificate",
      /must be PEM/,
    ],
    [
      "a private key as the CA",
      {
        caCertificate:
          "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49\n-----END PRIVATE KEY-----\n",
      },
      "wissel:kubernetes.cluster.caCertificate",
      /must be a certificate, not a private key/,
    ],
    [
      "a CA that does not parse",
      {
        caCertificate:
          "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n",
      },
      "wissel:kubernetes.cluster.caCertificate",
      /must be a certificate that parses/,
    ],
    [
      "a non-boolean attestation",
      { enforcesNetworkPolicy: "yes" },
      "wissel:kubernetes.cluster.enforcesNetworkPolicy",
      /wissel:kubernetes\.cluster\.enforcesNetworkPolicy/,
    ],
    [
      "an unknown key",
      { apiServer: "https://x" },
      "wissel:kubernetes.cluster.apiServer",
      /apiServer/,
    ],
  ])("rejects %s", (_what, extra, field, message) => {
    const issues = issuesOf(cluster(extra));
    expect(issues.map((i) => i.field)).toContain(field);
    expect(issues[0]?.message).toMatch(message);
  });

  it("rejects a cluster that is not an object", () => {
    expect(
      issuesOf({ ...SETTINGS, cluster: "https://api.example.nl" }).map((i) => i.field),
    ).toEqual(["wissel:kubernetes.cluster"]);
  });
});

describe("parseSettings: postgres", () => {
  const postgres = (value: unknown): Record<string, unknown> => ({ ...SETTINGS, postgres: value });

  it("defaults the operator's namespace and keeps what is given", () => {
    expect(
      parseSettings(postgres({ backupObjectStore: { name: "pg-backups", retentionDays: 30 } }))
        .postgres,
    ).toEqual({
      backupObjectStore: { name: "pg-backups", retentionDays: 30 },
      operatorNamespace: "cnpg-system",
    });
    expect(
      parseSettings(
        postgres({
          namespace: "databases",
          storageClassName: "ceph-block",
          operatorNamespace: "postgres-operator",
        }),
      ).postgres,
    ).toEqual({
      namespace: "databases",
      storageClassName: "ceph-block",
      operatorNamespace: "postgres-operator",
    });
    expect(parseSettings(SETTINGS).postgres).toBeUndefined();
  });

  it.each<[string, unknown, string, unknown, RegExp]>([
    [
      "postgres that is not an object",
      "cnpg",
      "wissel:kubernetes.postgres",
      "cnpg",
      /must be an object with namespace, storageClassName, backupObjectStore, operatorNamespace/,
    ],
    [
      "an unknown postgres key",
      { storageClass: "ceph-block" },
      "wissel:kubernetes.postgres.storageClass",
      "<a string of 10 characters, not shown>",
      /is not a setting of wissel:kubernetes\.postgres.*the settings are: namespace, storageClassName/,
    ],
    [
      "a namespace that is no label",
      { namespace: "Team_DB" },
      "wissel:kubernetes.postgres.namespace",
      "Team_DB",
      /DNS-1123 label.*'wissel:kubernetes\.postgres\.namespace' team-databases/,
    ],
    [
      "an operator namespace that is no label",
      { operatorNamespace: "cnpg system" },
      "wissel:kubernetes.postgres.operatorNamespace",
      "cnpg system",
      /'wissel:kubernetes\.postgres\.operatorNamespace' cnpg-system/,
    ],
    [
      "a storage class that is no object name",
      { storageClassName: "Ceph_Block" },
      "wissel:kubernetes.postgres.storageClassName",
      "Ceph_Block",
      /kubectl get storageclass.*'wissel:kubernetes\.postgres\.storageClassName' ceph-block/,
    ],
    [
      "a backup store that is a name only",
      { backupObjectStore: "pg-backups" },
      "wissel:kubernetes.postgres.backupObjectStore",
      "pg-backups",
      /must be an object with name, retentionDays.*'wissel:kubernetes\.postgres\.backupObjectStore\.name' pg-backups/,
    ],
    [
      "a backup store without a name",
      { backupObjectStore: { retentionDays: 30 } },
      "wissel:kubernetes.postgres.backupObjectStore.name",
      undefined,
      /is required: the name of the Barman Cloud ObjectStore.*kubectl get objectstores\.barmancloud\.cnpg\.io/,
    ],
    [
      "a backup store without retention",
      { backupObjectStore: { name: "pg-backups" } },
      "wissel:kubernetes.postgres.backupObjectStore.retentionDays",
      undefined,
      /is required: how many days the ObjectStore keeps backups.*'wissel:kubernetes\.postgres\.backupObjectStore\.retentionDays' 30/,
    ],
    [
      "a retention of zero days",
      { backupObjectStore: { name: "pg-backups", retentionDays: 0 } },
      "wissel:kubernetes.postgres.backupObjectStore.retentionDays",
      0,
      /must be a whole number of days from 1 to 3650/,
    ],
    [
      "a retention as text",
      { backupObjectStore: { name: "pg-backups", retentionDays: "30d" } },
      "wissel:kubernetes.postgres.backupObjectStore.retentionDays",
      "30d",
      /spec\.retentionPolicy/,
    ],
    [
      "an unknown backup store key",
      { backupObjectStore: { name: "pg-backups", retentionDays: 30, bucket: "x" } },
      "wissel:kubernetes.postgres.backupObjectStore.bucket",
      "<a string of 1 character, not shown>",
      /wissel:kubernetes\.postgres\.backupObjectStore\.bucket/,
    ],
  ])(
    "rejects %s, naming the key, the value and the fix",
    (_what, value, field, received, message) => {
      const issues = issuesOf(postgres(value));
      expect(issues.map((i) => [i.field, i.value])).toContainEqual([field, received]);
      expect(issues[0]?.message).toMatch(message);
      expect(issues[0]?.message).toContain(`stack config: ${field} `);
    },
  );
});
