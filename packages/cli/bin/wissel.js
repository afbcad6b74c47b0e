#!/usr/bin/env node
// The `wissel` launcher. It is checked in, rather than pointing `bin` at dist/bin.js, because pnpm
// links bins during install, before `prepare` has built dist/ on a fresh clone: a missing target
// would leave no `wissel` command at all.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const built = path.join(__dirname, "..", "dist", "bin.js");
if (!fs.existsSync(built)) {
  process.stderr.write(
    `wissel: ${built} is missing; build the workspace first (\`pnpm build\`, which runs tsc -b).\n`,
  );
  process.exit(1);
}
// V8's compile cache, keyed by each file's source: the SDKs a plan loads compile once, not on every
// run. Node 22.1 and later; without it the plan is only slower. In the user's own cache folder, not
// the shared temp folder, where another user could leave code for this process to run.
const cacheHome = process.env.XDG_CACHE_HOME || path.join(require("node:os").homedir(), ".cache");
require("node:module").enableCompileCache?.(
  process.env.NODE_COMPILE_CACHE || path.join(cacheHome, "wissel", "node-compile-cache"),
);
require(built);
