# Sourced by .ci/run: a private PostgreSQL server for the tests (Debian's postgresql package;
# initdb as the postgres user in a temp folder; 127.0.0.1 on a private port; fsync off; stopped
# by the caller's trap). Exports GRIDOFFICE_TEST_PG_URL.
pg_start() {
  if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    echo "== installing Debian's postgresql"
    apt-get update -q
    apt-get install -y -q --no-install-recommends postgresql
  fi
  PG_BIN=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -1)")
  PG_DIR=$(mktemp -d /tmp/gridoffice-pg.XXXXXX)
  chown postgres: "$PG_DIR"
  PG_PORT=${PG_PORT:-$((20000 + RANDOM % 20000))}
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log"; return 1; }
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -k $PG_DIR -c max_connections=200" start \
    || { cat "$PG_DIR/server.log"; return 1; }
  runuser -u postgres -- "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -q -c "CREATE DATABASE gridoffice_test"
  export GRIDOFFICE_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/gridoffice_test"
  echo "== PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
}

pg_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
