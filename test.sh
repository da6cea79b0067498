#!/usr/bin/env bash
# Runs every test: unit, integration against a real PostgreSQL, HTTP API, bUnit and browser tests in Chromium.
# Each test assembly starts its own private PostgreSQL cluster with the app's launcher; nothing else is needed.
set -uo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh
ensure_dotnet
ensure_postgres
ensure_chromium

say "Building"
dotnet build EventWorkbench.sln --nologo -v quiet || fail "the build failed"

say "Testing"
log="$(mktemp)"
dotnet test EventWorkbench.sln --no-build --nologo --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# The ten slowest tests, so a slow run says where its time went ("  Passed Name [1 m 6 s]" lines, in seconds).
say "Slowest tests"
grep -E '^ +(Passed|Failed) .+ \[[0-9a-z <]+\]$' "$log" | awk '{
    duration = $0; sub(/.*\[/, "", duration); sub(/\]$/, "", duration)
    n = split(duration, part, " "); seconds = 0
    for (i = 1; i < n; i += 2) seconds += part[i] * (part[i + 1] == "m" ? 60 : part[i + 1] == "s" ? 1 : part[i + 1] == "ms" ? 0.001 : 0)
    name = $0; sub(/^ +(Passed|Failed) /, "", name); sub(/ \[[^]]*\]$/, "", name); printf "%7.1f s  %s\n", seconds, name
}' | sort -rn | head -10

# Sum the per-assembly summaries ("Total tests: 77" then "     Passed: 76", "     Failed: 1", "     Skipped: 0") into one line.
count() { grep -E "^ +$1: +[0-9]+$" "$log" | awk '{s += $2} END {print s + 0}'; }
passed=$(count Passed); failed=$(count Failed); skipped=$(count Skipped)
assemblies=$(grep -cE '^Total tests: +[0-9]+$' "$log")
# An assembly whose test host ended early (killed, crashed) reports no summary, so its unrun tests count nowhere:
# each counts as one failure, named ("[xUnit.net 00:00:01.51]   Starting:    Name" without its "Finished:").
unfinished=$(comm -23 <(sed -nE 's/.*\]   Starting: +([^ ]+)$/\1/p' "$log" | sort -u) <(sed -nE 's/.*\]   Finished: +([^ ]+)$/\1/p' "$log" | sort -u))
rm -f "$log"
if [ "$assemblies" -eq 0 ]; then failed=$((failed + 1)); echo "No test assembly reported results"; status=1; fi
for assembly in $unfinished; do failed=$((failed + 1)); echo "$assembly did not finish: its test host ended early"; status=1; done
if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
exit "$status"
