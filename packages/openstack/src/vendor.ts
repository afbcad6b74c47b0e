/**
 * Facts about the OpenStack target fixed in code. OpenStack is software, not a vendor: every
 * installation has its own operator, so who runs a cloud, which law reaches it and where its region
 * is come from the stack's `wissel:openstack` settings (`placement.ts`) instead of a table here.
 */
import type { Region } from "@wissel/core";

/**
 * Regions this adapter knows in advance: none. Every OpenStack cloud names its own regions; the one in
 * use, with its country, comes from `wissel:openstack.region` and `regionCountry`.
 */
export const REGIONS: readonly Region[] = [];

/** The stack config key of this adapter's settings. */
export const OPENSTACK_KEY = "wissel:openstack";
