#!/usr/bin/env bash
# Installs (when missing) and starts MariaDB on 127.0.0.1:3306 with a `test`/`test` account,
# as docs/development.md says. Idempotent; needs root (CI and the development machines run as root).
set -euo pipefail

if ! command -v mariadbd >/dev/null; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q mariadb-server
fi

if ! mariadb -uroot -e 'select 1' >/dev/null 2>&1; then
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
fi

for _ in $(seq 1 120); do
  mariadb -uroot -e 'select 1' >/dev/null 2>&1 && break
  sleep 0.5
done
mariadb -uroot -e 'select 1' >/dev/null

mariadb -uroot -e "CREATE USER IF NOT EXISTS 'test'@'localhost' IDENTIFIED BY 'test';
  CREATE USER IF NOT EXISTS 'test'@'127.0.0.1' IDENTIFIED BY 'test';
  GRANT ALL PRIVILEGES ON *.* TO 'test'@'localhost';
  GRANT ALL PRIVILEGES ON *.* TO 'test'@'127.0.0.1';"
echo "mariadb: ready on 127.0.0.1:3306 (user test)"
