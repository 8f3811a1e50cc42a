#!/bin/sh
# The first minutes on a fresh machine:
#  - 'make -j2' as the first command in a clean copy of the tree (no build/,
#    no .git: as from a tarball) succeeds, and compiles nothing before
#    'deps' has finished (DEPS_SH is the real build-aux/deps.sh after a
#    pause; CC refuses to run before it is done);
#  - 'make install' after it copies files and compiles nothing, and says
#    where the man page went;
#  - build-aux/deps.sh with stand-in dpkg-query, apt-get, id and sudo:
#    silent when nothing is missing, apt-get's output in the log and one
#    line per step, the log's last lines on failure, and the packages to
#    install when there is neither root nor sudo;
#  - --version names the commit of the checkout ldlint was built in, and
#    no commit when built outside one.
# The copy is built with OPT=-O0 to be quick; the order of the steps does
# not depend on it.
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/.." && pwd)
passed=0 failed=0 skipped=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL build/$1: $2"; }
skip() { skipped=$((skipped + 1)); echo "skip build/$1: $2"; }
show() { sed 's/^/    | /' "$1" | tail -n "${2:-30}"; }

# the make running this suite must not hand its jobserver or variables down
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES CFLAGS CPPFLAGS LDFLAGS OPT BUILD CC

# --- make -j2 first, in a clean copy ---------------------------------------
src=$tmp/src
mkdir "$src"
tar -C "$root" --exclude=./build --exclude=./ldlint --exclude=./ldlint-sanitize \
	--exclude=./.git -cf - . | tar -C "$src" -xf -
cat >"$tmp/slow-deps.sh" <<EOF
sleep 2
sh build-aux/deps.sh "\$@" || exit
: >"$tmp/deps-done"
EOF
cat >"$tmp/cc" <<EOF
#!/bin/sh
[ -f "$tmp/deps-done" ] || { echo "cc ran before deps had finished" >&2; exit 97; }
exec cc "\$@"
EOF
chmod +x "$tmp/cc"
(cd "$src" && make -j2 CC="$tmp/cc" OPT=-O0 DEPS_SH="sh $tmp/slow-deps.sh") \
	>"$tmp/j2.out" 2>&1
status=$?
if [ $status = 0 ] && [ -x "$src/ldlint" ] &&
   "$src/ldlint" -d stm32f411xe "$src/examples/stm32f411-blinky/app.ld" >/dev/null 2>&1; then
	pass
else
	fail make-j2 "the first 'make -j2' in a clean tree failed (exit $status):"
	show "$tmp/j2.out"
fi
if [ -x "$src/ldlint" ]; then
	v=$("$src/ldlint" --version)
	case $v in
	"ldlint "*" (GNU ld "*) pass ;;
	*) fail version-tarball "built outside a git checkout, --version says: $v" ;;
	esac
fi

# --- make install after the build: copies only -----------------------------
if [ -x "$src/ldlint" ]; then
	(cd "$src" && make install DESTDIR="$tmp/dest") >"$tmp/install.out" 2>&1
	status=$?
	page=$tmp/dest/usr/local/share/man/man1/ldlint.1
	if [ $status = 0 ] && [ -x "$tmp/dest/usr/local/bin/ldlint" ] && [ -f "$page" ] &&
	   [ -f "$tmp/dest/usr/local/share/ldlint/memmaps/st/stm32f411xe.yaml" ] &&
	   ! grep -qE -- ' -c -o |^  (CC|LINK) ' "$tmp/install.out" &&
	   grep -q "$page" "$tmp/install.out"; then
		pass
	else
		fail install "make install after make (exit $status) compiled, missed a file or did not name the page:"
		show "$tmp/install.out"
	fi
fi

# --- build-aux/deps.sh -------------------------------------------------------
bin=$tmp/fake/bin
mkdir -p "$bin" "$tmp/fake/sudo" "$tmp/fake/nodpkg"
for t in sh grep wc mkdir dirname env tail sed cat; do
	ln -s "$(command -v $t)" "$bin/$t"
	ln -s "$(command -v $t)" "$tmp/fake/nodpkg/$t"
done
cat >"$bin/dpkg-query" <<'EOF'
#!/bin/sh
# every package is installed but those named missing-*
for p; do :; done
case $p in missing-*) exit 1 ;; esac
echo "install ok installed"
EOF
cat >"$bin/id" <<'EOF'
#!/bin/sh
echo "${FAKE_UID:-1000}"
EOF
cat >"$bin/apt-get" <<'EOF'
#!/bin/sh
# as noisy as the real one
i=0
while [ $i -lt 300 ]; do echo "Get:$i http://deb.debian.org/debian bookworm/main pkg$i"; i=$((i + 1)); done
case "$* ${FAKE_APT_FAIL:-}" in
*install*yes) echo "E: Unable to locate package missing-b"; exit 100 ;;
esac
exit 0
EOF
cat >"$tmp/fake/sudo/sudo" <<'EOF'
#!/bin/sh
[ "$1" = -v ] && exit "${FAKE_SUDO_V:-0}"
exec "$@"
EOF
chmod +x "$bin"/* "$tmp/fake/sudo/sudo"
deps() {	# "VAR=value..." PATH, then deps.sh's arguments after the log
	vars=$1 path=$2
	shift 2
	rm -f "$tmp/deps.log"
	env $vars PATH="$path" sh "$root/build-aux/deps.sh" "$tmp/deps.log" "$@" \
		>"$tmp/deps.out" 2>&1
}
has() { grep -qF -- "$1" "$tmp/deps.out"; }
lines() { wc -l <"$tmp/deps.out"; }

deps "" "$bin" "'make'" gcc libelf-dev
if [ $? = 0 ] && [ ! -s "$tmp/deps.out" ] && [ ! -e "$tmp/deps.log" ]; then pass; else
	fail deps-installed "prints or logs something when nothing is missing:"
	show "$tmp/deps.out"
fi

deps "FAKE_UID=1000" "$bin" "'make demo'" gcc missing-a missing-b
if [ $? = 1 ] && has "'make demo' needs 2 Debian packages that are not installed:" &&
   has "    missing-a missing-b" && has "you are not root and sudo is not installed" &&
   has "apt-get install --no-install-recommends missing-a missing-b" &&
   has "then 'make demo' again" && ! has "not found"; then pass; else
	fail deps-no-root "without root and sudo, does not say what to install:"
	show "$tmp/deps.out"
fi

deps "FAKE_UID=1000 FAKE_SUDO_V=1" "$bin:$tmp/fake/sudo" "'make'" missing-a
if [ $? = 1 ] && has "sudo refused" &&
   has "apt-get install --no-install-recommends missing-a"; then pass; else
	fail deps-sudo-refused "a refused sudo does not say what to install:"
	show "$tmp/deps.out"
fi

deps "FAKE_UID=1000" "$bin:$tmp/fake/sudo" "'make'" missing-a
if [ $? = 0 ] && has "deps: done" && grep -q "Get:299" "$tmp/deps.log"; then pass; else
	fail deps-sudo "does not install through sudo:"
	show "$tmp/deps.out"
fi

deps "FAKE_UID=0" "$bin" "'make check'" gcc missing-a missing-b
if [ $? = 0 ] && [ "$(lines)" -le 5 ] &&
   has "installing 2 Debian packages for 'make check': missing-a missing-b" &&
   has "$tmp/deps.log" && ! has "Get:" &&
   grep -q "Get:299" "$tmp/deps.log" &&
   grep -q -- "--no-install-recommends missing-a missing-b" "$tmp/deps.log"; then pass; else
	fail deps-quiet "apt-get's output is not in the log alone, or the packages are not named:"
	show "$tmp/deps.out"
fi

deps "FAKE_UID=0 FAKE_APT_FAIL=yes" "$bin" "'make'" missing-a missing-b
if [ $? = 1 ] && [ "$(lines)" -le 25 ] && has "apt-get install failed (exit status 100)" &&
   has "the last lines of $tmp/deps.log" && has "E: Unable to locate package missing-b"; then
	pass
else
	fail deps-failure "a failed apt-get does not show the log's path and last lines:"
	show "$tmp/deps.out"
fi

deps "" "$tmp/fake/nodpkg" "'make'" gcc libelf-dev
if [ $? = 0 ] && has "not a Debian system" && has "gcc libelf-dev"; then pass; else
	fail deps-not-debian "without dpkg-query:"
	show "$tmp/deps.out"
fi

# --- --version names the commit -------------------------------------------
if [ -e "$root/.git" ] && commit=$(git -C "$root" rev-parse HEAD 2>/dev/null); then
	v=$("$LDLINT" --version)
	case $v in
	*"(commit $commit"*) pass ;;
	*) fail version-commit "built in a checkout of $commit, --version says: $v" ;;
	esac
else
	skip version-commit "not a git checkout (or git cannot read it)"
fi

if [ "$skipped" -gt 0 ]; then
	echo "build: $passed passed, $failed failed, $skipped skipped"
else
	echo "build: $passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
