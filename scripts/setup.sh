#!/usr/bin/env bash
# Install what building and testing hredd needs on Debian 12, once.
#
# Idempotent: when every package is already present it does nothing, so
# `make test` and `make demo` can call it every time.  Needs root (or sudo)
# only when something is missing.
set -euo pipefail

PG_MAJOR=${PG_MAJOR:-15}
packages=(
	"postgresql-$PG_MAJOR"
	"postgresql-server-dev-$PG_MAJOR"
	"postgresql-$PG_MAJOR-postgis-3"
	"postgresql-$PG_MAJOR-pgtap"
	"postgresql-$PG_MAJOR-plpgsql-check"
	postgresql-contrib
	libtap-parser-sourcehandler-pgtap-perl
	clang
	libclang-rt-14-dev
	ca-certificates
)

missing=()
for p in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "setup: all packages present"
	exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || { echo "setup: need root or sudo to install ${missing[*]}" >&2; exit 1; }
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
# Do not let the Debian package create and start a main cluster: the tests
# run a throwaway cluster of their own.  A drop-in file, not the conffile, so
# dpkg never asks about a changed configuration file.
$SUDO mkdir -p /etc/postgresql-common/createcluster.d
echo "create_main_cluster = false" | $SUDO tee /etc/postgresql-common/createcluster.d/hredd-no-main.conf >/dev/null
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
	-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" >/dev/null
echo "setup: done"
