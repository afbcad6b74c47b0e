/**
 * Flavor tables of `wissel:openstack`: the Nova flavors a Magnum node or a Trove instance may use,
 * as the stack lists them, and the choice of the smallest one that fits a request.
 */
import { setting, settingFragments, v } from "@wissel/core";
import { isOpenStackName } from "./openstack-names";

const FLAVOR_NAME = setting(
  v.pipe(
    v.string(),
    v.check(
      (value: string) => isOpenStackName(value),
      "must be the flavor's name as `openstack flavor list` shows it",
    ),
  ),
  {
    what: "the flavor's name as `openstack flavor list` shows it",
    // A well-formed name fails only for being listed twice.
    fix: ({ input }) =>
      isOpenStackName(input) ? "Remove the second entry." : "Set name to the flavor's name.",
  },
);
const MEMORY_RULE = "must be the flavor's memory in GiB, above 0 and at most 16384";
/** What every flavor entry has: its name, vCPUs and memory as `openstack flavor list` shows them. */
const FLAVOR_SIZE = {
  vcpu: setting(settingFragments.wholeNumber(1, 512, "vCPUs"), {
    fix: "Set vcpu to the flavor's VCPUs.",
  }),
  memoryGiB: setting(
    v.pipe(
      v.number(MEMORY_RULE),
      v.finite(MEMORY_RULE),
      v.gtValue(0, MEMORY_RULE),
      v.maxValue(16384, MEMORY_RULE),
    ),
    {
      fix: "Set memoryGiB to the flavor's RAM divided by 1024.",
    },
  ),
};

/** One flavor a Magnum node may use. */
export const NODE_FLAVOR = setting(
  v.strictObject(
    { name: FLAVOR_NAME, ...FLAVOR_SIZE },
    "must be an object { name, vcpu, memoryGiB }",
  ),
  {
    fix: "Copy name, VCPUs and RAM (in GiB) from `openstack flavor list`.",
  },
);

/** One flavor a service that takes the flavor's Nova id rather than its name may use (Trove). */
export const FLAVOR_WITH_ID = setting(
  v.strictObject(
    {
      name: FLAVOR_NAME,
      id: setting(
        v.pipe(
          v.string(),
          v.check(
            (value: string) => isOpenStackName(value),
            "must be the flavor's id as `openstack flavor list` shows it",
          ),
        ),
        {
          what: "this service takes the flavor's Nova id, which often differs from its name",
          fix: "Set id to the flavor's ID column of `openstack flavor list`.",
        },
      ),
      ...FLAVOR_SIZE,
    },
    "must be an object { name, id, vcpu, memoryGiB }",
  ),
  { fix: "Copy name, ID, VCPUs and RAM (in GiB) from `openstack flavor list`." },
);

/**
 * A non-empty flavor table of `entry`, each flavor listed once.
 * @param fix the fix when the list is missing, empty or no list
 */
export function flavorTable<const E extends typeof NODE_FLAVOR | typeof FLAVOR_WITH_ID>(
  entry: E,
  what: string,
  fix: string,
) {
  const rule = `must be a non-empty list of { name, ${entry === FLAVOR_WITH_ID ? "id, " : ""}vcpu, memoryGiB }`;
  return setting(
    v.pipe(
      v.array(entry, rule),
      v.minLength(1, rule),
      v.rawCheck(({ dataset, addIssue }) => {
        if (!dataset.typed) return;
        const seen = new Set<string>();
        dataset.value.forEach((flavor, index) => {
          if (seen.has(flavor.name)) {
            addIssue({
              message: "must be unique: the flavor is listed twice",
              input: flavor.name,
              path: [
                { type: "array", origin: "value", input: dataset.value, key: index, value: flavor },
                { type: "object", origin: "value", input: flavor, key: "name", value: flavor.name },
              ],
            });
          }
          seen.add(flavor.name);
        });
      }),
    ),
    { what, fix },
  );
}

/**
 * The smallest flavor with at least the requested vCPUs and memory: fewest vCPUs first, then least
 * memory, then name, so the choice is the same whatever order the table lists them in. Undefined
 * when none is large enough.
 */
export function smallestFlavor<F extends Flavor>(
  flavors: readonly F[],
  request: { readonly vcpu: number; readonly memoryGiB: number },
): F | undefined {
  return flavors
    .filter((f) => f.vcpu >= request.vcpu && f.memoryGiB >= request.memoryGiB)
    .sort(
      (a, b) => a.vcpu - b.vcpu || a.memoryGiB - b.memoryGiB || a.name.localeCompare(b.name),
    )[0];
}

/** One Nova flavor as the stack describes it (`openstack flavor list`); `id` for services that take one (Trove). */
export type Flavor = v.InferOutput<typeof NODE_FLAVOR> & { readonly id?: string };
