#!/usr/bin/env bash
# Runs the built app (bin/$EVENTWORKBENCH_CONFIGURATION, Debug by default) as this very process: the script execs it,
# so Ctrl+C, kill -INT and kill -TERM sent to this pid reach the app, which then stops its embedded PostgreSQL.
# run.sh calls it after building; its arguments go to the app (e.g. --urls http://localhost:5080).
set -euo pipefail
cd "$(dirname "$0")/.."
dll="bin/${EVENTWORKBENCH_CONFIGURATION:-Debug}/net10.0/EventWorkbench.dll"
[ -f "$dll" ] || { echo "$dll is missing: build it first (run.sh does)" >&2; exit 1; }
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"

# A shell without job control (a script running ./run.sh &) starts background jobs with SIGINT ignored, and the
# app would keep ignoring it. Stopping is what SIGINT means here, so it gets its default back (GNU env can do it).
if env --default-signal=INT true 2>/dev/null; then
    exec env --default-signal=INT dotnet "$dll" "$@"
fi
exec dotnet "$dll" "$@"
