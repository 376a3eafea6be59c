// SPDX-License-Identifier: GPL-2.0-only
/// fd_install() publishes a file to user space, which may use or close it
/// at once: it must come after the last step that can fail, and nothing
/// may be undone after it. Reports, on a path after fd_install():
///  - a return of a negative constant or an ERR_PTR(), an assignment of a
///    negative constant (an error being prepared);
///  - put_unused_fd() of the installed fd, or fput() of the installed file;
///  - a return of anything but the installed fd or a non-negative constant
///    (an error propagated from a later step).
///
/// False positives: a function that returns the fd through another
/// variable; return the fd itself.
//
// Confidence: High
// Copyright: (C) 2026 The Gunyah driver suite authors
// Comments: test fixtures in scripts/gate/cocci and scripts/gate/cocci-clean
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

@late exists@
expression fd, file, E, E2;
constant C;
position p1, p2;
@@

fd_install@p1(fd, file);
... when != fd = E
(
* return@p2 -C;
|
* return@p2 ERR_PTR(...);
|
* E2@p2 = -C
|
* put_unused_fd@p2(fd)
|
* fput@p2(file)
)

@ret exists@
expression fd, file, E, E2;
position p1, p2;
@@

fd_install@p1(fd, file);
... when != fd = E
* return@p2 E2;

@script:python r_ok@
fd << ret.fd;
E2 << ret.E2;
@@

import re
if E2.replace(" ", "") == fd.replace(" ", "") or re.fullmatch(r"\(?\d+[uUlL]*\)?", E2):
	cocci.include_match(False)

@script:python depends on org@
p1 << late.p1;
p2 << late.p2;
@@

cocci.print_main("fd_install() here", p1)
cocci.print_secs("failure after it", p2)

@script:python depends on report@
p1 << late.p1;
p2 << late.p2;
@@

coccilib.report.print_report(p2[0],
	"failure path after fd_install() on line %s" % p1[0].line)

@script:python depends on org@
p1 << ret.p1;
p2 << ret.p2;
E2 << ret.E2;
@@

cocci.print_main("fd_install() here", p1)
cocci.print_secs("returns %s, not the fd" % E2, p2)

@script:python depends on report@
p1 << ret.p1;
p2 << ret.p2;
E2 << ret.E2;
@@

coccilib.report.print_report(p2[0],
	"returns %s, not the fd installed on line %s" % (E2, p1[0].line))
