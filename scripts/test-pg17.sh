#!/usr/bin/env bash
# Build and test hredd against PostgreSQL 17 (Debian 13 "trixie") in a
# Debian 13 root made with debootstrap inside this checkout (.pg17/, git-ignored),
# so the host's own PostgreSQL 15 and its extension directory are never touched.
#
#   scripts/test-pg17.sh          build hredd in the root, run pg_regress,
#                                 pgTAP (when the root has it) and the shell tests
#   scripts/test-pg17.sh root     only make sure the root exists
#   scripts/test-pg17.sh shell    an interactive shell in the root (debugging)
#   scripts/test-pg17.sh run CMD  CMD in the root, in a fresh copy of the checkout
#
# Needs root (debootstrap, chroot, mount namespaces).  Building the root
# downloads about 300 MB and takes minutes, so a finished root is kept as a
# tarball in $HREDD_PG17_CACHE (default /var/cache/hredd-pg17), keyed by a hash
# of the package list and of this script's root recipe: a later run, or CI in a
# fresh clone on the same machine, unpacks it in seconds.  When the cache is
# absent, or the list changes, the root is built again.  The cache holds only
# a root built from Debian's packages, never anything from the checkout.
#
# The checkout's tracked and untracked (not ignored) files are copied into the
# root at /hredd/src.PID, and ../shared, when present, is bound read-only at
# /hredd/shared, so the tests see the same layout as on the host.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)

suite=trixie
mirror=${HREDD_PG17_MIRROR:-http://deb.debian.org/debian}
pg=17
# What the root needs; pgTAP and plpgsql_check are optional (see below).
packages=(
	"postgresql-$pg" "postgresql-server-dev-$pg" "postgresql-$pg-postgis-3"
	postgresql-contrib gcc make python3 libc6-dev ca-certificates
)
optional=("postgresql-$pg-pgtap" libtap-parser-sourcehandler-pgtap-perl "postgresql-$pg-plpgsql-check")
recipe_version=1

key=$(printf '%s\n' "$suite" "$recipe_version" "${packages[@]}" -- "${optional[@]}" | sha256sum | cut -c1-16)
cache=${HREDD_PG17_CACHE:-/var/cache/hredd-pg17}
tarball=$cache/root-$key.tar
work=$top/.pg17
root=$work/root

[ "$(id -u)" -eq 0 ] || { echo "test-pg17: needs root (debootstrap, chroot)" >&2; exit 1; }

log() { echo "test-pg17: $*"; }

# Run a command inside the root, in a private mount namespace: /proc, /dev and
# the shared data are mounted for this command only and vanish with it, so no
# mount is ever left behind on the host (and rm -rf of the root stays safe).
in_root() {
	local shared_bind=
	[ -d "$top/../shared" ] && shared_bind=$(cd "$top/../shared" && pwd)
	unshare --mount --propagation private -- env SHARED_BIND="$shared_bind" ROOT="$root" bash -c '
		set -e
		mount -t proc proc "$ROOT/proc"
		mount --rbind /dev "$ROOT/dev"
		mount -t tmpfs -o size=1g tmpfs "$ROOT/dev/shm"
		if [ -n "$SHARED_BIND" ]; then
			mkdir -p "$ROOT/hredd/shared"
			mount --bind "$SHARED_BIND" "$ROOT/hredd/shared"
			mount -o remount,bind,ro "$ROOT/hredd/shared"
		fi
		exec chroot "$ROOT" /usr/bin/env -i HOME=/root LANG=C.UTF-8 \
			PATH=/usr/lib/postgresql/'"$pg"'/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			"$@"' in_root "$@"
}

build_root() {
	local tmp=$work/root.build
	rm -rf "$tmp"
	mkdir -p "$work"
	if ! command -v debootstrap >/dev/null; then
		log "installing debootstrap"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null 2>&1 ||
			{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
	fi
	log "building a Debian $suite root (debootstrap; this takes several minutes)"
	# in a mount namespace of its own: the /proc it mounts in the root goes with it
	unshare --mount --propagation private -- \
		debootstrap --variant=minbase "$suite" "$tmp" "$mirror" >"$work/debootstrap.log" 2>&1 || {
		tail -n 30 "$work/debootstrap.log" >&2; rm -rf "$tmp"; return 1; }
	# No services start inside the root, and no main cluster is made.
	printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"; chmod 755 "$tmp/usr/sbin/policy-rc.d"
	mkdir -p "$tmp/etc/postgresql-common/createcluster.d"
	echo "create_main_cluster = false" >"$tmp/etc/postgresql-common/createcluster.d/hredd-no-main.conf"
	echo "deb $mirror $suite main" >"$tmp/etc/apt/sources.list"
	local saved=$root; root=$tmp
	in_root bash -c '
		set -e
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq --no-install-recommends "$@" >/dev/null
		for p in '"${optional[*]}"'; do
			if apt-get install -y -qq --no-install-recommends "$p" >/dev/null 2>&1; then
				echo "installed optional $p"
			else
				echo "optional $p: not available in this suite"
			fi
		done
		apt-get clean
		rm -rf /var/lib/apt/lists/*' in_root "${packages[@]}" >>"$work/debootstrap.log" 2>&1 || {
		root=$saved; tail -n 30 "$work/debootstrap.log" >&2; return 1; }
	root=$saved
	grep -E '^(installed )?optional' "$work/debootstrap.log" || true
	rm -rf "$root"; mv "$tmp" "$root"
	echo "$key" >"$root/.hredd-root-key"
	if mkdir -p "$cache" 2>/dev/null; then
		tar -C "$root" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball" && log "cached the root as $tarball"
		# older roots of other recipes
		find "$cache" -maxdepth 1 -name 'root-*.tar' ! -name "root-$key.tar" -delete 2>/dev/null || true
	fi
}

ensure_root() {
	if [ -f "$root/.hredd-root-key" ] && [ "$(cat "$root/.hredd-root-key")" = "$key" ]; then
		return 0
	fi
	rm -rf "$root"
	if [ -f "$tarball" ]; then
		log "unpacking the cached root $tarball"
		mkdir -p "$root.unpack" && tar -C "$root.unpack" -xf "$tarball" && mv "$root.unpack" "$root" && return 0
		rm -rf "$root.unpack"
		log "the cached root did not unpack; building it again"
	fi
	build_root
}

# A copy of its own for each invocation (/hredd/src.PID), removed at exit, so
# two invocations (a test run and a debugging shell) do not clash.
copy_checkout() {
	src=/hredd/src.$$
	trap 'rm -rf "$root$src"' EXIT
	mkdir -p "$root$src"
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git ls-files -z --cached --others --exclude-standard |
			while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
			tar -C "$top" --null -T - -cf - | tar -C "$root$src" -xf -
	else
		tar -C "$top" --exclude=./.pg17 -cf - . | tar -C "$root$src" -xf -
	fi
}

cmd=${1:-test}
ensure_root
case $cmd in
root) exit 0 ;;
shell) copy_checkout; in_root bash -c 'cd '"$src"' && exec bash -i' ;;
run) shift; copy_checkout; in_root bash -c 'cd '"$src"' && export PG_CONFIG=/usr/lib/postgresql/'"$pg"'/bin/pg_config && exec "$@"' run "$@" ;;
test)
	copy_checkout
	log "PostgreSQL $(in_root pg_config --version)"
	in_root bash -c '
		set -e
		cd '"$src"'
		export PG_MAJOR='"$pg"' PG_CONFIG=/usr/lib/postgresql/'"$pg"'/bin/pg_config
		make -s clean >/dev/null 2>&1 || true
		make -s PG_CONFIG=$PG_CONFIG
		make -s install PG_CONFIG=$PG_CONFIG >/dev/null
		export HREDD_TEST_PORT=${HREDD_TEST_PORT:-'"${HREDD_TEST_PORT:-54417}"'}
		exec scripts/with-cluster.sh scripts/run-db-tests.sh'
	;;
*) echo "usage: $0 [test|root|shell]" >&2; exit 2 ;;
esac
