# shellcheck shell=bash
# Shared helpers of scripts/serve and scripts/test: find Odoo, build the Python
# environment, run the embedded PostgreSQL cluster. Sourced, never executed.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE_DIR=${DEALER_ORG_HOME:-$HOME/.cache/dealer_org}
PG_PORT=${DEALER_ORG_PG_PORT:-54329}
# Several checkouts may share one machine: their config files and databases are kept apart.
CHECKOUT_ID=$(printf '%s' "$REPO_ROOT" | sha1sum | cut -c1-8)

say() { printf '[dealer_org] %s\n' "$*" >&2; }
die() { printf '[dealer_org] ERROR: %s\n' "$*" >&2; exit 2; }

# --- Odoo --------------------------------------------------------------------
# The one setting: ODOO_PATH, an Odoo 18.0 source tree (the folder with odoo-bin).
# When unset, the path written in ~/.config/dealer_org/odoo_path is used.
find_odoo() {
    local cfg="${XDG_CONFIG_HOME:-$HOME/.config}/dealer_org/odoo_path"
    if [ -z "${ODOO_PATH:-}" ] && [ -f "$cfg" ]; then
        ODOO_PATH=$(head -n1 "$cfg")
    fi
    if [ -z "${ODOO_PATH:-}" ]; then
        die "Odoo 18.0 was not found. Set ODOO_PATH to an Odoo 18.0 Community source tree
  (the folder holding odoo-bin, e.g. a checkout of the 18.0 branch of github.com/odoo/odoo
  or an unpacked nightly 18.0 source archive), for example:
      export ODOO_PATH=\$HOME/src/odoo-18.0
  or write that path into $cfg"
    fi
    [ -x "$ODOO_PATH/odoo-bin" ] && [ -d "$ODOO_PATH/addons/hr" ] \
        || die "ODOO_PATH=$ODOO_PATH is not an Odoo source tree (no odoo-bin or addons/hr there). Point ODOO_PATH at the folder holding odoo-bin."
    local version
    version=$(grep -E "^version_info" "$ODOO_PATH/odoo/release.py" | head -n1)
    case "$version" in
        *"(18, 0,"*) ;;
        *) die "ODOO_PATH=$ODOO_PATH is not Odoo 18.0 ($version). dealer_org needs Odoo 18.0." ;;
    esac
    export ODOO_PATH
}

# --- Debian packages -----------------------------------------------------------
# ensure_debian_packages FILE=PACKAGE ...: installs the packages whose file is missing
# (as root, with apt-get), or stops saying what to install.
ensure_debian_packages() {
    local missing=() item
    for item in "$@"; do
        # shellcheck disable=SC2086  # a glob in the file part is intended
        compgen -G "${item%%=*}" >/dev/null || missing+=("${item#*=}")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "installing Debian packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        { apt-get update -qq && apt-get install -y -qq "${missing[@]}"; } >/dev/null \
            || die "apt-get could not install ${missing[*]}: install them, then run this again."
    else
        die "missing Debian packages: ${missing[*]}. Install them first, e.g.
      sudo apt-get install ${missing[*]}"
    fi
}

# --- Python environment ------------------------------------------------------
# A virtualenv keyed on the requirement files, reused while they do not change.
setup_python() {
    local python=${DEALER_ORG_PYTHON:-python3}
    command -v "$python" >/dev/null || die "$python not found: install Python 3.10-3.12 or set DEALER_ORG_PYTHON."
    local key
    key=$(cat "$ODOO_PATH/requirements.txt" "$REPO_ROOT/requirements-dev.txt" | sha1sum | cut -c1-12)
    VENV=${DEALER_ORG_VENV:-$STATE_DIR/venv-$key}
    if [ ! -f "$VENV/.complete" ]; then
        say "building the Python environment in $VENV (Odoo's requirements + requirements-dev.txt)"
        # Odoo's requirements compile psycopg2 and python-ldap.
        ensure_debian_packages /usr/include/postgresql/libpq-fe.h=libpq-dev \
            /usr/include/ldap.h=libldap2-dev /usr/include/sasl/sasl.h=libsasl2-dev
        rm -rf "$VENV"
        "$python" -m venv "$VENV"
        local constraints="$STATE_DIR/build-constraints.txt"
        mkdir -p "$STATE_DIR"
        # cbor2 5.4.2 does not build with setuptools 81+.
        echo 'setuptools<81' > "$constraints"
        PIP_CONSTRAINT="$constraints" "$VENV/bin/pip" install -q --upgrade 'pip<26' wheel 'setuptools<81'
        PIP_CONSTRAINT="$constraints" "$VENV/bin/pip" install -q -r "$ODOO_PATH/requirements.txt"
        "$VENV/bin/pip" install -q -r "$REPO_ROOT/requirements-dev.txt"
        touch "$VENV/.complete"
    fi
    # OCA addon wheels (requirements-odoo-addons.txt) declare a dependency on an `odoo`
    # distribution that PyPI does not have: installed without dependencies, re-installed
    # when the file changes.
    local addons_key
    addons_key=$(sha1sum "$REPO_ROOT/requirements-odoo-addons.txt" | cut -c1-12)
    if [ ! -f "$VENV/.odoo-addons-$addons_key" ]; then
        say "installing the OCA addon wheels of requirements-odoo-addons.txt (--no-deps)"
        "$VENV/bin/pip" install -q --no-deps -r "$REPO_ROOT/requirements-odoo-addons.txt"
        rm -f "$VENV"/.odoo-addons-*
        touch "$VENV/.odoo-addons-$addons_key"
    fi
    # The wheels put their addons under site-packages/odoo/addons: an addons path of its own.
    WHEEL_ADDONS=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/odoo/addons
    [ -d "$WHEEL_ADDONS" ] || WHEEL_ADDONS=
    export PATH="$VENV/bin:$PATH"
    export PYTHONPATH="$ODOO_PATH${PYTHONPATH:+:$PYTHONPATH}"
}

# --- PostgreSQL ----------------------------------------------------------------
# Embedded default: a private cluster under $STATE_DIR/pgdata on port $PG_PORT.
# Another server: set PGHOST (and PGPORT, PGUSER, PGPASSWORD); nothing is started then.
start_postgres() {
    if [ -n "${PGHOST:-}" ]; then
        DB_HOST=$PGHOST; DB_PORT=${PGPORT:-5432}; DB_USER=${PGUSER:-odoo}; DB_PASSWORD=${PGPASSWORD:-}
        say "using the PostgreSQL server at $DB_HOST:$DB_PORT as $DB_USER"
        return
    fi
    ensure_debian_packages '/usr/lib/postgresql/*/bin/initdb=postgresql'
    local bindir
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
    [ -n "$bindir" ] || bindir=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)")
    [ -x "$bindir/initdb" ] || die "PostgreSQL server binaries not found: install them (apt-get install postgresql), or set PGHOST to use a running server."
    # As root, the cluster lives where the postgres system user can reach it.
    local pgbase=$STATE_DIR
    [ "$(id -u)" = 0 ] && pgbase=${DEALER_ORG_PG_DIR:-/var/tmp/dealer_org}
    local pgdata="$pgbase/pgdata" sock="$pgbase/pgsock"
    local run=()
    if [ "$(id -u)" = 0 ]; then
        # initdb and postgres refuse to run as root: run the cluster as the postgres system user.
        id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' system user for the embedded cluster (apt-get install postgresql creates it)."
        run=(runuser -u postgres --)
    fi
    mkdir -p "$pgbase" "$sock"
    [ "$(id -u)" = 0 ] && chown postgres "$sock"
    if [ ! -f "$pgdata/PG_VERSION" ]; then
        say "creating the embedded PostgreSQL cluster in $pgdata"
        mkdir -p "$pgdata"
        [ "$(id -u)" = 0 ] && chown postgres "$pgdata"
        "${run[@]}" "$bindir/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! "${run[@]}" "$bindir/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
        say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
        "${run[@]}" "$bindir/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w \
            -o "-p $PG_PORT -k $sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null || die "PostgreSQL did not start; see $pgdata/server.log"
    fi
    DB_HOST=127.0.0.1; DB_PORT=$PG_PORT; DB_USER=odoo; DB_PASSWORD=odoo
    # Odoo refuses to run as the postgres role: use a role of its own.
    psql -h "$DB_HOST" -p "$DB_PORT" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_roles WHERE rolname='odoo'" | grep -q 1 \
        || psql -q -h "$DB_HOST" -p "$DB_PORT" -U postgres -d postgres \
            -c "CREATE ROLE odoo LOGIN CREATEDB PASSWORD 'odoo'"
}

# write_odoo_conf NAME [ADDONS]: writes an Odoo config file for the chosen server, with the
# addons of ADDONS (default: this checkout), and prints its path.
write_odoo_conf() {
    local conf="$STATE_DIR/odoo-$1-$CHECKOUT_ID.conf" addons=${2:-$REPO_ROOT}
    cat > "$conf" <<CONF
[options]
addons_path = $ODOO_PATH/addons,$ODOO_PATH/odoo/addons,$addons${WHEEL_ADDONS:+,$WHEEL_ADDONS}
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = $DB_PASSWORD
data_dir = $STATE_DIR/filestore
list_db = True
CONF
    echo "$conf"
}

drop_db() {
    PGPASSWORD=$DB_PASSWORD dropdb --if-exists -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" "$1"
}

# clone_db SOURCE TARGET: a copy of a database and its filestore (as Odoo's own duplicate does);
# nothing may be connected to SOURCE.
clone_db() {
    local filestore="$STATE_DIR/filestore/filestore"
    drop_db "$2"
    PGPASSWORD=$DB_PASSWORD createdb -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -T "$1" "$2" \
        || die "copying the database $1 to $2 failed"
    rm -rf "${filestore:?}/$2"
    if [ -d "$filestore/$1" ]; then
        cp -a "$filestore/$1" "$filestore/$2"
    fi
}

# --- Releases ------------------------------------------------------------------
# releases.txt: "VERSION COMMIT" per release of dealer_org, oldest first (the git tags may not
# travel with a clone; the commits do, unless the clone is shallow).
read_releases() {
    RELEASE_VERSIONS=() RELEASE_COMMITS=()
    local version commit
    while read -r version commit; do
        case "$version" in ''|'#'*) continue ;; esac
        RELEASE_VERSIONS+=("$version")
        RELEASE_COMMITS+=("$commit")
    done < "$REPO_ROOT/releases.txt"
}

# export_release VERSION COMMIT DIR: dealer_org as released, from this repository's history,
# into DIR/dealer_org.
export_release() {
    git -C "$REPO_ROOT" cat-file -e "$2^{commit}" 2>/dev/null \
        || die "release $1 (commit $2, releases.txt) is not in this clone's history: fetch the whole history (git fetch --unshallow, or fetch-depth: 0 in CI)."
    rm -rf "$3"; mkdir -p "$3"
    git -C "$REPO_ROOT" archive "$2" dealer_org | tar -x -C "$3" \
        || die "exporting dealer_org of release $1 ($2) failed"
}

# ensure_tools FILE: the pinned tools of a requirements file of the repository (requirements-lint.txt,
# requirements-mutation.txt) in the project venv, installed once per version of the file.
ensure_tools() {
    local file="$REPO_ROOT/$1" stem key
    stem=$(basename "$1" .txt)
    key=$(sha1sum "$file" | cut -c1-12)
    if [ ! -f "$VENV/.$stem-$key" ]; then
        say "installing the tools of $1 into $VENV"
        "$VENV/bin/pip" install -q -r "$file" || die "pip could not install $1"
        rm -f "$VENV/.$stem-"*
        touch "$VENV/.$stem-$key"
    fi
}
