// SPDX-License-Identifier: GPL-2.0-only
/// The result of copy_from_user(), copy_to_user() and the other user copy
/// functions must be tested, and it is a count of bytes not copied, not an
/// errno: it must not be returned as the ioctl's result. Reports
///  - a user copy whose result is dropped (also through a (void) cast);
///  - a user copy's result returned, directly or through a variable
///    (user space would see a positive byte count instead of -EFAULT).
///
/// get_user(), put_user() and copy_struct_from_user() return an errno and
/// may be returned; their result must still be tested.
///
/// False positives: none known.
//
// Confidence: High
// Copyright: (C) 2026 The Gunyah driver suite authors
// Comments: test fixtures in scripts/gate/cocci and scripts/gate/cocci-clean
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

@dropped@
identifier copyfn = {copy_from_user, copy_to_user, __copy_from_user,
		     __copy_to_user, copy_in_user, clear_user, __clear_user,
		     get_user, put_user, __get_user, __put_user,
		     copy_struct_from_user, strncpy_from_user};
position p;
@@

(
* copyfn@p(...);
|
* (void)copyfn@p(...);
)

@returned exists@
identifier copyfn = {copy_from_user, copy_to_user, __copy_from_user,
		     __copy_to_user, clear_user, __clear_user};
expression ret, E;
position p, p2;
@@

(
* return@p2 copyfn@p(...);
|
ret = copyfn@p(...);
... when != ret = E
* return@p2 ret;
)

@script:python depends on org@
p << dropped.p;
copyfn << dropped.copyfn;
@@

cocci.print_main("%s result dropped" % copyfn, p)

@script:python depends on report@
p << dropped.p;
copyfn << dropped.copyfn;
@@

coccilib.report.print_report(p[0], "%s result not tested" % copyfn)

@script:python depends on org@
p << returned.p;
p2 << returned.p2;
copyfn << returned.copyfn;
@@

cocci.print_main("%s returns the bytes not copied" % copyfn, p)
cocci.print_secs("returned as the result", p2)

@script:python depends on report@
p << returned.p;
p2 << returned.p2;
copyfn << returned.copyfn;
@@

coccilib.report.print_report(p2[0],
	"%s of line %s returns the bytes not copied, not an errno" %
	(copyfn, p[0].line))
