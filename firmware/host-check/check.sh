#!/bin/sh
# Host check without Node: compiles firmware/src against the minimal Mongoose OS headers
# in include/ and links it with stubs.c, which defines only what the real libraries
# define. A call to an API that is declared but never defined (mgos_mqtt_set_max_qos)
# fails to link here as it does in `mos build`. test/firmware/host-check.test.ts runs the
# same compile as part of `npm test`, plus the tests proving that the check bites.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")/src
command -v cc >/dev/null 2>&1 || { echo "cc not found: install gcc (Debian/Ubuntu: sudo apt-get install gcc)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cc -std=c99 -Wall -Wextra -Werror -I "$here/include" "$src"/*.c "$here/stubs.c" -o "$out/firmware-host"
echo "host check passed: firmware/src compiles and links against the libraries' defined API"
