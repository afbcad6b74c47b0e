// ESLint: typescript-eslint's recommended rules everywhere, and Pulumi's rule that an Output never
// lands in a template literal (it would print "Calling [toString] on an [Output<T>]…" instead of
// its value), which needs type information, so the TypeScript projects are loaded for it.
import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/node_modules/**",
      "**/*.js",
      "**/*.mjs",
      "**/*.cjs",
      // Fixtures that hold type errors on purpose.
      "packages/cli/test/fixtures/programs/type-error/**",
      "packages/cli/test/fixtures/programs/tsconfig-strict/**",
      // Programs copied into the consumer test's outside projects, typed there.
      "scripts/consumer/fixtures/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: {
        project: ["./packages/*/tsconfig.json", "./tsconfig.tests.json", "./bench/tsconfig.json"],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { "@pulumi": pulumi },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
      // Unused arguments named with a leading underscore are deliberate (a callback's shape).
      // Modules are loaded with require() on purpose where loading is lazy: a program loads a vendor
      // SDK, an adapter or a builder only when it uses it.
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
);
