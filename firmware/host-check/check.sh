#!/bin/sh
# Host check without Node: compiles firmware/src against the minimal Mongoose OS headers
# in include/ and links it with the fake libraries (stubs.c, json.c) and the driver
# (driver.c), which define only what the real libraries and the platform define. A call
# to an API that is declared but never defined (mgos_mqtt_set_max_qos) fails to link here
# as it does in `mos build`. Then it runs the driver, which drives every HIL.* method and
# MQTT event through the firmware, and prints the firmware's output.
# test/firmware/host-check.test.ts does the same as part of `npm test`, parses every
# printed line against harness/contract/hil.ts, and proves that the checks bite.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")/src
command -v cc >/dev/null 2>&1 || { echo "cc not found: install gcc (Debian/Ubuntu: sudo apt-get install gcc)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cc -std=c99 -Wall -Wextra -Werror -DHIL_CLOUD_CONNECTERROR=1 -I "$here/include" "$src"/*.c \
  "$here/stubs.c" "$here/json.c" "$here/driver.c" -o "$out/firmware-host"
"$out/firmware-host" >"$out/run.txt"
cat "$out/run.txt"
# A quote doubled around a key is the mark of a printf-style format (frozen quotes keys itself).
if grep -n '""[A-Za-z_]' "$out/run.txt" >&2; then
  echo "host check FAILED: the lines above are not JSON (a format written as printf, not by frozen's rules)" >&2
  exit 1
fi
echo "host check passed: firmware/src links against the libraries' defined API and runs; $(wc -l <"$out/run.txt") lines printed"
