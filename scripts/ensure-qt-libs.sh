#!/bin/sh
# Qt's offscreen platform needs a few system libraries that a bare Debian may lack
# (STACK-NOTES). Install the missing ones when we can (root with apt); otherwise say which.
set -u
missing=""
for pair in libEGL.so.1:libegl1 libGL.so.1:libgl1 libfontconfig.so.1:libfontconfig1 \
            libxkbcommon.so.0:libxkbcommon0 libdbus-1.so.3:libdbus-1-3 \
            libglib-2.0.so.0:libglib2.0-0 libgssapi_krb5.so.2:libgssapi-krb5-2 libcups.so.2:libcups2; do
  lib=${pair%%:*}; pkg=${pair##*:}
  ldconfig -p 2>/dev/null | grep -q "$lib" || missing="$missing $pkg"
done
[ -d /usr/share/fonts/truetype/dejavu ] || missing="$missing fonts-dejavu-core"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system libraries Qt needs:$missing"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
  echo "Qt needs these system packages; please install them:$missing" >&2
fi
