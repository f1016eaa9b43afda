#!/usr/bin/env bash
# Installs (from Debian) and starts the PostgreSQL and Redis servers that the bank's
# `needs=postgres` / `needs=redis` examples run against, then prints the URLs to export.
# Safe to run again: it only starts what is not already answering.
set -euo pipefail

PG_PORT=5432
REDIS_PORT=6379

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi

if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no >&2
fi

pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_data=/var/tmp/interview-ls-pg
if ! "$pg_bin/pg_isready" -h 127.0.0.1 -p "$PG_PORT" >/dev/null 2>&1; then
  if [ ! -f "$pg_data/PG_VERSION" ]; then
    mkdir -p "$pg_data" && chown postgres:postgres "$pg_data"
    su postgres -c "$pg_bin/initdb -D $pg_data -U postgres --auth=trust" >/dev/null
  fi
  su postgres -c "$pg_bin/pg_ctl -D $pg_data -o '-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1' -l $pg_data/server.log -w start" >&2
fi

for _ in $(seq 1 30); do
  redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && "$pg_bin/pg_isready" -h 127.0.0.1 -p "$PG_PORT" >/dev/null 2>&1 && break
  sleep 1
done
redis-cli -p "$REDIS_PORT" ping >/dev/null
"$pg_bin/pg_isready" -h 127.0.0.1 -p "$PG_PORT" >/dev/null

echo "export DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/postgres"
echo "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
