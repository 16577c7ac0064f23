#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks, made with the Debian `postgresql` package's
# binaries: a cluster in a temporary directory, on a free loopback port, with a role and a database
# `hw7` (the role may create databases). Used by .ci/run and by @hw7/hpo's test helper.
#   throwaway-postgres.sh start      prints "URL DIRECTORY VERSION" on one line (or fails, saying why)
#   throwaway-postgres.sh stop DIR   stops the server started in DIR and deletes DIR
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "no PostgreSQL binaries in /usr/lib/postgresql (apt-get install postgresql)" >&2
  exit 1
fi
# PostgreSQL refuses to run as root: root runs it as the `postgres` user, anyone else as themselves.
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
start)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/hw7-postgres-XXXXXX")
  chmod 777 "$dir"
  trap 'as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$dir"' ERR
  port=$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")
  cd "$dir"
  as_postgres "$bin/initdb" -D "$dir/data" --auth=trust -U postgres --no-sync >/dev/null
  as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=200" start >/dev/null
  as_postgres "$bin/createuser" -h 127.0.0.1 -p "$port" -U postgres --createdb hw7
  as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres -O hw7 hw7
  echo "postgresql://hw7@127.0.0.1:$port/hw7 $dir $("$bin/postgres" --version | awk '{ print $3 }')"
  ;;
stop)
  dir=${2:?usage: throwaway-postgres.sh stop DIRECTORY}
  as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: throwaway-postgres.sh start | stop DIRECTORY" >&2
  exit 2
  ;;
esac
