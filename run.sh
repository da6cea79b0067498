#!/usr/bin/env bash
# Builds and runs EventWorkbench on its embedded PostgreSQL, seeded with the demo data set.
# Data is kept in ./data/postgres between runs. Stop with Ctrl+C, or kill -INT / kill -TERM the pid of ./run.sh:
# it ends as the app itself (scripts/start-app.sh execs it), which stops its PostgreSQL as it stops.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh
ensure_dotnet
# A configured server needs no local binaries; otherwise the app logs which PostgreSQL it starts, from which folder.
[ -n "${ConnectionStrings__EventStore:-}" ] || ensure_postgres

URL="${EVENTWORKBENCH_URL:-http://localhost:5080}"
say "Building"
dotnet build EventWorkbench.csproj --nologo -v quiet
say "Starting EventWorkbench at $URL (first start creates the database and seeds the demo data)"
say "Open $URL in a browser and sign in as admin (or viewer, reviewer, auditor, ml-engineer) with the demo password workbench-demo"
say "The API reference is at $URL/api/reference (dev key: dev-only-key-change-me)"
exec scripts/start-app.sh --urls "$URL"
