#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the *IT tests (two isthmus instances on one store) and writes how to reach it
# to target/it-postgres.env, which the ITs read. Idempotent: installs Debian's postgresql only when no server
# binaries are present, reuses a cluster this script already started. Runs as root (CI) or as a user with sudo.
# Usage: bash .ci/postgres.sh            (then: mvn -B -ntp verify)
#        bash .ci/postgres.sh stop
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=${ISTHMUS_IT_PGDATA:-/tmp/isthmus-it-pg}
ENV_FILE=target/it-postgres.env
DB_USER=isthmus
DB_PASSWORD=isthmus-it-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')

pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    sudo -u postgres "$@"
  fi
}

BIN=$(pg_bin)
if [ "${1:-}" = stop ]; then
  [ -n "$BIN" ] && [ -d "$DATA" ] && as_postgres "$BIN/pg_ctl" -D "$DATA" -m fast stop || true
  exit 0
fi

if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "postgres.sh: installing PostgreSQL from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  BIN=$(pg_bin)
fi

mkdir -p target
if [ -f "$DATA/postmaster.pid" ] && as_postgres "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1 && [ -f "$ENV_FILE" ]; then
  echo "postgres.sh: reusing the running cluster in $DATA"
  cat "$ENV_FILE"
  exit 0
fi

# A free loopback port: the first one from 55432 nothing listens on.
PORT=55432
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done

as_postgres "$BIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
rm -rf "$DATA"
mkdir -p "$DATA"
chown postgres:postgres "$DATA"
chmod 700 "$DATA"
as_postgres "$BIN/initdb" -D "$DATA" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
as_postgres "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DATA -c max_connections=200 -c fsync=off" start >/dev/null
as_postgres "$BIN/psql" -h "$DATA" -p "$PORT" -d postgres -v ON_ERROR_STOP=1 -q \
  -c "CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'" \
  -c "CREATE DATABASE isthmus_it OWNER $DB_USER"

cat > "$ENV_FILE" <<ENV
ISTHMUS_IT_PG_URL=jdbc:postgresql://127.0.0.1:$PORT/isthmus_it
ISTHMUS_IT_PG_USER=$DB_USER
ISTHMUS_IT_PG_PASSWORD=$DB_PASSWORD
ENV
echo "postgres.sh: PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT, settings in $ENV_FILE"
