# Shared by run.sh and test.sh: make sure what EventWorkbench needs is on this machine, installing it
# with apt-get when running as root on Debian/Ubuntu, or stopping with the exact instruction otherwise.

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

apt_install() {
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        fail "$1 is missing. Install it with: sudo apt-get install -y $2"
    fi
    say "Installing $2 with apt-get"
    if [ -z "${APT_UPDATED:-}" ]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq || fail "apt-get update failed"
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $2 >/dev/null \
        || fail "apt-get install $2 failed"
}

ensure_dotnet() {
    if ! command -v dotnet >/dev/null 2>&1 || ! dotnet --list-sdks | grep -q '^10\.'; then
        fail ".NET SDK 10 is missing. Install it: https://learn.microsoft.com/dotnet/core/install/linux (e.g. 'sudo apt-get install -y dotnet-sdk-10.0' from Microsoft's package feed)"
    fi
}

# Whether PostgreSQL's server programs are where the app looks for them (PostgresBinaries.cs; README, configuration).
# Which folder it then uses, and the version, is the app's first log line.
postgres_installed() {
    local dir
    if [ -n "${EmbeddedPostgres__BinDirectory:-}" ]; then
        [ -x "$EmbeddedPostgres__BinDirectory/initdb" ] && [ -x "$EmbeddedPostgres__BinDirectory/pg_ctl" ] \
            || fail "EmbeddedPostgres__BinDirectory=$EmbeddedPostgres__BinDirectory holds no initdb and pg_ctl"
        return 0
    fi
    command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && return 0
    for dir in /usr/lib/postgresql/*/bin /usr/pgsql-*/bin /opt/homebrew/opt/postgresql*/bin /usr/local/opt/postgresql*/bin; do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then return 0; fi
    done
    return 1
}

ensure_postgres() {
    if ! postgres_installed; then
        apt_install "PostgreSQL (initdb, pg_ctl)" "postgresql"
        postgres_installed || fail "PostgreSQL was installed but initdb was not found"
    fi
    # PostgreSQL refuses to run as root; as root the embedded cluster runs as the 'postgres' user.
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
        apt_install "the 'postgres' system user" "postgresql"
    fi
}

ensure_chromium() {
    local chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
    if [ ! -x "$chromium" ]; then
        apt_install "Chromium (for the browser tests)" "chromium"
    fi
    [ -x "$chromium" ] || fail "Chromium is not at $chromium; install it (sudo apt-get install -y chromium) or set CHROMIUM_PATH"
    say "Chromium: $chromium"
}
