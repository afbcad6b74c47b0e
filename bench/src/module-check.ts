/** Which vendor SDKs a program loaded, against the ones it may load. */
import { VENDORS, type Vendor } from "./protocol";

/** Each vendor's SDK package: a program for one vendor must load no other. */
const VENDOR_SDKS: Readonly<Record<Vendor, string>> = {
  scaleway: "@pulumiverse/scaleway",
  azure: "@pulumi/azure-native",
  openstack: "@pulumi/openstack",
  kubernetes: "@pulumi/kubernetes",
};

/**
 * Checks what a program loaded: its own vendor's SDK only, and azure-native only by submodule. A
 * program that builds a namespace also loads the Kubernetes SDK (`withKubernetes`); a bucket-only
 * program must not.
 */
export function moduleCheck(
  vendor: Vendor,
  packages: readonly string[],
  withKubernetes: boolean,
): { ok: boolean; text: string } {
  const sdkOf = (name: string): Vendor | undefined =>
    VENDORS.find((v) => name === VENDOR_SDKS[v] || name.startsWith(`${VENDOR_SDKS[v]}/`));
  const allowed = (v: Vendor): boolean => v === vendor || (withKubernetes && v === "kubernetes");
  const others = [
    ...new Set(packages.map(sdkOf).filter((v): v is Vendor => v !== undefined && !allowed(v))),
  ];
  const problems: string[] = [];
  if (others.length > 0) problems.push(`loads ${others.map((v) => VENDOR_SDKS[v]).join(", ")}`);
  let own = packages
    .filter((p) => sdkOf(p) === vendor)
    .map((p) => p.slice(VENDOR_SDKS[vendor].length).replace(/^\//, ""));
  if (vendor === "azure") {
    if (own.includes("")) problems.push("loads the @pulumi/azure-native root barrel");
    own = own.filter((p) => p !== "package.json");
  }
  const kubernetes =
    withKubernetes && vendor !== "kubernetes" && packages.some((p) => sdkOf(p) === "kubernetes")
      ? " + @pulumi/kubernetes"
      : "";
  const ownText = `${vendor === "azure" ? `azure-native/{${own.join(",")}}` : VENDOR_SDKS[vendor]}${kubernetes}`;
  return problems.length > 0
    ? { ok: false, text: `FAIL: ${problems.join("; ")}` }
    : { ok: true, text: `ok: only ${ownText}` };
}
