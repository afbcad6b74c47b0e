#!/usr/bin/env node
/**
 * `wissel-mail-copy copy|check`: the mailbox copy step's program (see `mailboxCopy`). Exit 0 when
 * done (copy) or equal (check), 1 on a difference, 2 on an error.
 */
import { checkMailbox, copyMailbox } from "../mail/copier";

async function main(mode: string | undefined): Promise<number> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (mode === "copy") {
    const { appended, flagged } = await copyMailbox(process.env, log);
    log(`copied: ${appended} messages appended, ${flagged} messages' flags set`);
    return 0;
  }
  if (mode === "check") {
    const problems = await checkMailbox(process.env);
    for (const problem of problems) log(problem);
    log(
      problems.length === 0
        ? "check: both sides hold the same mail"
        : `check: ${problems.length} differences`,
    );
    return problems.length === 0 ? 0 : 1;
  }
  log(
    "usage: wissel-mail-copy copy|check (both ends in WISSEL_MAIL_SOURCE_* and WISSEL_MAIL_TARGET_*)",
  );
  return 2;
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // imapflow's errors carry the server's response, never the password.
    process.stderr.write(
      `wissel-mail-copy: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  },
);
