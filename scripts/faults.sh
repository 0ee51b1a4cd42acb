#!/usr/bin/env bash
# The fault suite on its own, and the fault table it measures: 16 people of two accounts reading,
# flagging, moving and sending through Postern while Dovecot restarts, Dovecot or Postfix is
# down for 30 s, Postern (memory sessions) or Redis restarts; a link cut in the middle of a large
# message, an attachment or an mbox export; a slow link; and a trace of Postern's file-system
# calls (it writes nothing to disk). The same tests run in scripts/test.sh; each writes its row
# to target/faults/, printed here as the table of docs/reliability.md.
#   scripts/faults.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--table" ]; then
  # The rows of the last run, in the order of the issue's list.
  ls target/faults/*.md >/dev/null 2>&1 || { echo "no fault rows: run scripts/faults.sh" >&2; exit 1; }
  echo "| fault | load while it happens | what people saw | lost | doubled | recovery after the fault ended |"
  echo "|---|---|---|---|---|---|"
  cat $(ls target/faults/*.md | sort -V)
  exit 0
fi
scripts/build.sh >/dev/null
rm -rf target/faults
timeout 900 cargo test -p postern-tests --test integration -- faults:: --test-threads 6
scripts/faults.sh --table
