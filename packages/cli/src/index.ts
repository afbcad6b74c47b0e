/**
 * `@wissel/cli`: the `wissel` command and the functions it is made of, for tools that want the plan as
 * data (`runPlan`) or the project files parsed the way Pulumi reads them.
 */
export { parseArgs, type Command } from "./args";
export type { CompareCommand } from "./compare-args";
export type { ReportCommand } from "./report/report-args";
export { USAGE, main, versionLine, type Io } from "./cli";
export { SetupError, UsageError } from "./errors";
export { describeError, invokeMessage, splitIssues, throwSite } from "./failures";
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
export {
  failureLine,
  headline,
  renderComponent,
  renderJson,
  renderResource,
  renderSummary,
  renderText,
} from "./render";
export { runPlan, type PlanOptions, type ProgressEvent } from "./run";
export { PLAN_REPORT_SCHEMA_VERSION } from "./plan";
export { codeFrame, yamlSetupError } from "./yaml-error";
export { duplicateUrnMessage, siteOf, watchUrns, type DuplicateUrn } from "./urns";
export {
  formatDiagnostic,
  typeCheck,
  type TypeCheckInput,
  type TypeCheckResult,
} from "./typecheck";
export { PROGRESS_TIMING, progressLine, startProgress, type ProgressTiming } from "./progress";
export { programExports, stackOutputs } from "./exports";
export {
  DATA_COMPONENTS,
  diffAgainst,
  type ChangeKind,
  type DiffTotals,
  type ResourceChange,
  type StateDiff,
} from "./diff";
export { REPLACE_PATHS, replacePaths } from "./replacements";
export {
  STATE_VERSIONS,
  StateFileError,
  parseState,
  readState,
  type DeployedResource,
  type DeployedState,
} from "./state";
export { vendorSwitches, type VendorSwitch } from "./switches";
export { renderDiff } from "./render-diff";
