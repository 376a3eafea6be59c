#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# /sbin/modprobe of the e2e initramfs, which has no module database: the
# kernel runs it for request_module() as "modprobe -q -- NAME". It loads
# the module whose alias (from /etc/gunyah-aliases, "ALIAS FILE" lines that
# e2e.sh writes with modinfo) or file name matches NAME, and appends NAME
# to /tmp/modprobe.log so that tests can tell what was asked for.
for a; do name=$a; done
echo "$name" >>/tmp/modprobe.log
while read -r alias file; do
	# shellcheck disable=SC2254 # aliases are patterns
	case $name in
	$alias) exec insmod "/lib/modules/$file" ;;
	esac
done </etc/gunyah-aliases
[ -e "/lib/modules/$name.ko" ] && exec insmod "/lib/modules/$name.ko"
exit 1
