#!/bin/sh
# Install the Debian packages smmu-nest needs, if any are missing.
# Run as root it calls apt-get; otherwise it prints the command to run.
# Usage: scripts/install-deps.sh [extra-package...]
set -eu

pkgs="build-essential pkg-config check libyaml-dev lcov afl++ groff-base $*"
missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "install-deps: installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >&2
	exit 0
fi
echo "install-deps: missing Debian packages:$missing" >&2
echo "install-deps: run: sudo apt-get install$missing" >&2
exit 1
