#!/bin/sh
# deps.sh LOG WHAT PACKAGE...: installs the Debian packages of PACKAGE...
# that are missing, for the Makefile's 'deps' (WHAT names what needs them:
# the make command, such as 'make demo').
#
# Nothing is printed when every package is installed, so an up-to-date
# tree builds without a word from here and without the network.  Otherwise
# apt-get's output goes to LOG, one line per step goes to the terminal, and
# a failure prints LOG's path and its last lines.  Packages are installed
# with --no-install-recommends.  As root apt-get runs directly, otherwise
# through sudo; with neither, the script says what to install and fails.
# On a system without dpkg-query it only names the packages it would
# want, and lets the build go on.
set -u
log=$1 what=$2
shift 2

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q ' ok installed$' ||
			missing="$missing $p"
	done
else
	echo "deps: no dpkg-query, so not a Debian system; $what needs the equivalents of:"
	echo "    $*"
	exit 0
fi
[ -z "$missing" ] && exit 0
missing=${missing# }
n=$(echo "$missing" | wc -w)
[ "$n" = 1 ] && packages="1 Debian package" || packages="$n Debian packages"

tell() {	# $1: why this script cannot install them
	echo "deps: $what needs $packages that $([ "$n" = 1 ] && echo is || echo are) not installed:"
	echo "    $missing"
	echo "deps: $1; as root, run"
	echo "    apt-get install --no-install-recommends $missing"
	echo "deps: then $what again"
	exit 1
}

if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps: apt-get is not installed; $what needs the equivalents of:"
	echo "    $missing"
	exit 1
fi
if [ "$(id -u)" = 0 ]; then
	as_root=""
elif command -v sudo >/dev/null 2>&1; then
	# ask for the password (if sudo wants one) now, on the terminal, not
	# in the middle of the logged apt-get run
	sudo -v || tell "sudo refused"
	as_root=sudo
else
	tell "you are not root and sudo is not installed"
fi

mkdir -p "$(dirname "$log")"
: >"$log" || tell "$log cannot be written"
echo "deps: installing $packages for $what: $missing"
echo "deps: apt-get's output goes to $log"
step() {	# $1 what the step does, then the command
	name=$1
	shift
	echo "deps: $name"
	echo "\$ $*" >>"$log"
	$as_root env DEBIAN_FRONTEND=noninteractive "$@" >>"$log" 2>&1 </dev/null && return
	status=$?
	echo "deps: $name failed (exit status $status); the last lines of $log:"
	tail -n 15 "$log" | sed 's/^/    /'
	exit 1
}
step "apt-get update" apt-get update
step "apt-get install" apt-get install -y --no-install-recommends $missing
echo "deps: done"
