/**
 * `@wissel/cli`: the `wissel` command and the functions it is made of, for tools that want the plan as
 * data (`runPlan`) or the project files parsed the way Pulumi reads them.
 */
export { USAGE, main, parseArgs, type Command, type Io } from "./cli";
export { SetupError, UsageError } from "./errors";
export { describeError, invokeMessage, throwSite } from "./failures";
export { SUBMODULE_PACKAGES, loadedPackages, nearestPackageName, packageOfPath } from "./packages";
export {
  assemblePlan,
  summarize,
  type CountryTally,
  type PlanError,
  type PlanReport,
  type PlannedComponent,
  type PlannedResource,
  type RecordedResource,
  type PlanSummary,
  type StackOutput,
  type VendorTally,
} from "./plan";
export {
  SECRET_PLACEHOLDER,
  configValue,
  existingStacks,
  missingStackMessage,
  parseProjectFile,
  parseStackFile,
  projectConfigDefault,
  qualifyKey,
  readProject,
  readStack,
  resolveProgram,
  stackConfigDir,
  stackFilePath,
  type Project,
  type ProjectFile,
  type StackConfig,
} from "./project";
export { headline, renderComponent, renderJson, renderResource, renderSummary, renderText } from "./render";
export { runPlan, type PlanOptions } from "./run";
