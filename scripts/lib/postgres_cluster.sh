# A throwaway PostgreSQL 15 cluster on loopback, for the checks that need one (sourced, not run).
#
#   pg_install                          installs postgresql-15 from Debian when initdb or psql is missing
#   pg_cluster_start WORK PASSWORD PY   initdb in WORK/data (user `loader`, scram-sha-256), start it on a free
#                                       127.0.0.1 port (PY picks the port); sets pg_port
#   pg_cluster_stop WORK                stops it (immediate: the data is thrown away)
#   run_pg CMD...                       runs CMD as the cluster's owner (PostgreSQL refuses to run as root)
pgbin=/usr/lib/postgresql/15/bin
pg_user=$(id -un)
run_pg() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  pg_user=postgres
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  run_pg() { runuser -u postgres -- "$@"; }
fi

pg_install() {
  if [ ! -x "$pgbin/initdb" ] || ! command -v psql >/dev/null; then
    echo "installing postgresql-15"
    export DEBIAN_FRONTEND=noninteractive
    timeout 600 apt-get update -qq
    timeout 600 apt-get install -y -qq postgresql-15 postgresql-client-15 >/dev/null
  fi
}

pg_cluster_start() {
  local work=$1 password=$2 python=$3
  chmod 755 "$work"
  pg_port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$work/data" "$work/sock" "$work/pglog"
  printf '%s\n' "$password" > "$work/pwfile"
  chown -R "$pg_user" "$work/data" "$work/sock" "$work/pglog" "$work/pwfile"
  run_pg "$pgbin/initdb" -D "$work/data" -U loader --auth=scram-sha-256 --pwfile="$work/pwfile" --no-sync -E UTF8 \
    --locale=C.UTF-8 >/dev/null
  rm -f "$work/pwfile"
  run_pg "$pgbin/pg_ctl" -D "$work/data" -l "$work/pglog/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $work/sock -c fsync=off -c synchronous_commit=off" start >/dev/null
}

pg_cluster_stop() {
  local work=$1
  if [ -f "$work/data/postmaster.pid" ]; then
    run_pg "$pgbin/pg_ctl" -D "$work/data" -m immediate -t 30 stop >/dev/null 2>&1 || true
  fi
}
