/**
 * One Jest run for the workspace. Tests import `@wissel/*` from source (through the module map), so
 * they need no build; `pnpm test` still type-checks everything first with `tsc -b`.
 * @type {import('jest').Config}
 */
const fs = require("node:fs");
const path = require("node:path");

module.exports = {
  testEnvironment: "node",
  roots: ["packages", "stacks", "examples", "test"]
    .filter((dir) => fs.existsSync(path.join(__dirname, dir)))
    .map((dir) => `<rootDir>/${dir}`),
  testMatch: ["**/test/**/*.test.ts", "<rootDir>/test/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }],
  },
  moduleNameMapper: {
    "^@wissel/cli/harness$": "<rootDir>/packages/cli/src/harness.ts",
    "^@wissel/kubernetes/compose$": "<rootDir>/packages/kubernetes/src/compose.ts",
    "^@wissel/policy/pack$": "<rootDir>/packages/policy/src/pack.ts",
    "^@wissel/([a-z-]+)$": "<rootDir>/packages/$1/src/index.ts",
  },
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  // Each test file starts its own Pulumi mock runtime; two workers match the two cores here.
  maxWorkers: 2,
  reporters: ["default", "<rootDir>/scripts/summary-reporter.js"],
};
