// SPDX-License-Identifier: GPL-2.0-only
/// A user structure must be fetched once: copied into kernel memory and
/// validated there. Fetching it again (to read a header first and the whole
/// structure after, or to re-read a field) lets user space change what was
/// validated in between. Reports a second fetch of the same user pointer,
/// or of the whole structure after one of its fields, on one path, with
/// copy_from_user(), __copy_from_user(), get_user(), __get_user(),
/// memdup_user(), vmemdup_user() or copy_struct_from_user(), unless the
/// pointer was assigned in between. One call site reached again by a loop
/// is not reported.
///
/// False positives: two fetches of one pointer whose second result is
/// checked against the first (a deliberate re-validation); fetch once.
//
// Confidence: Moderate
// Copyright: (C) 2026 The Gunyah driver suite authors
// Comments: test fixtures in scripts/gate/cocci and scripts/gate/cocci-clean
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

@twice exists@
expression U, D1, D2, E;
identifier fld;
position p1, p2;
@@

(
\(copy_from_user@p1(D1, U, ...)\|__copy_from_user@p1(D1, U, ...)\)
|
\(get_user@p1(D1, U)\|__get_user@p1(D1, U)\)
|
\(get_user@p1(D1, &U->fld)\|__get_user@p1(D1, &U->fld)\)
|
\(memdup_user@p1(U, ...)\|vmemdup_user@p1(U, ...)\)
|
copy_struct_from_user@p1(D1, E, U, ...)
)
... when != U = E
    when any
(
\(copy_from_user@p2(D2, U, ...)\|__copy_from_user@p2(D2, U, ...)\)
|
\(get_user@p2(D2, U)\|__get_user@p2(D2, U)\)
|
\(get_user@p2(D2, &U->fld)\|__get_user@p2(D2, &U->fld)\)
|
\(memdup_user@p2(U, ...)\|vmemdup_user@p2(U, ...)\)
|
copy_struct_from_user@p2(D2, E, U, ...)
)

@script:python depends on twice@
p1 << twice.p1;
p2 << twice.p2;
@@

if (p1[0].line, p1[0].column) == (p2[0].line, p2[0].column):
	cocci.include_match(False)

@script:python depends on org@
p1 << twice.p1;
p2 << twice.p2;
U << twice.U;
@@

cocci.print_main("%s fetched here" % U, p1)
cocci.print_secs("and fetched again", p2)

@script:python depends on report@
p1 << twice.p1;
p2 << twice.p2;
U << twice.U;
@@

coccilib.report.print_report(p2[0],
	"user pointer %s fetched again (first on line %s)" % (U, p1[0].line))
