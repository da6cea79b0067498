#!/usr/bin/env bash
# Builds and runs EventWorkbench on its embedded PostgreSQL, seeded with the demo data set.
# Data is kept in ./data/postgres between runs. Stop with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh
ensure_dotnet
ensure_postgres

URL="${EVENTWORKBENCH_URL:-http://localhost:5080}"
say "Building"
dotnet build EventWorkbench.csproj --nologo -v quiet
say "Starting EventWorkbench at $URL (first start creates the database and seeds the demo data)"
say "Open $URL in a browser and sign in as admin (or viewer, reviewer, auditor, ml-engineer) with the demo password workbench-demo"
say "The API reference is at $URL/api/reference (dev key: dev-only-key-change-me)"
exec dotnet run --project EventWorkbench.csproj --no-build --launch-profile EventWorkbench --urls "$URL"
