// SPDX-License-Identifier: GPL-2.0-only
/// A reference taken in a function must be dropped on every error path of
/// that function that follows it, gotos of the unwinding ladder included:
///  - a VM reference, gunyah_vm_get(), dropped by gunyah_vm_put();
///  - an RM reference, gunyah_rm_get() (once tested non-NULL), dropped by
///    gunyah_rm_put();
///  - a kref, kref_get(&X->field), dropped by kref_put(&X->field, ...) or
///    by the object's own put function (any *_put(X)).
/// An error path is one that returns a negative constant or an ERR_PTR(),
/// that sets a variable to a negative constant and returns it, or that
/// enters the branch of a failure test (x < 0, IS_ERR(x), or a bare test
/// of ret, err or rc) and returns from it.
///
/// False positives: a reference handed on before the failure, to an
/// object that a later error path frees with a helper that drops it; drop
/// it in the function that took it, or name the helper *_put.
//
// Confidence: Moderate
// Copyright: (C) 2026 The Gunyah driver suite authors
// Comments: test fixtures in scripts/gate/cocci and scripts/gate/cocci-clean
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

@vm_ref exists@
expression X, E, E3;
identifier err =~ "^(ret|err|rc|error)$";
constant C;
position p1, p2;
@@

gunyah_vm_get@p1(X)
... when != gunyah_vm_put(...)
(
* return@p2 -C;
|
* return@p2 ERR_PTR(...);
|
E = -C;
... when != E = E3
    when != gunyah_vm_put(...)
* return@p2 E;
|
if (\(E < 0\|IS_ERR(E)\|IS_ERR_OR_NULL(E)\|err\|err != 0\)) {
  ...
    when != gunyah_vm_put(...)
* return@p2 ...;
}
)

@rm_ref exists@
expression X, E, E3;
identifier err =~ "^(ret|err|rc|error)$";
constant C;
position p1, p2;
statement S;
@@

X = gunyah_rm_get@p1();
if (\(!X\|X == NULL\)) S
... when != gunyah_rm_put(X)
(
* return@p2 -C;
|
* return@p2 ERR_PTR(...);
|
E = -C;
... when != E = E3
    when != gunyah_rm_put(X)
* return@p2 E;
|
if (\(E < 0\|IS_ERR(E)\|IS_ERR_OR_NULL(E)\|err\|err != 0\)) {
  ...
    when != gunyah_rm_put(X)
* return@p2 ...;
}
)

@kref_ref exists@
expression X, E, E3;
identifier err =~ "^(ret|err|rc|error)$";
identifier putfn =~ "_put$";
identifier fld;
constant C;
position p1, p2;
@@

kref_get@p1(&X->fld)
... when != kref_put(&X->fld, ...)
    when != putfn(X)
(
* return@p2 -C;
|
* return@p2 ERR_PTR(...);
|
E = -C;
... when != E = E3
    when != kref_put(&X->fld, ...)
    when != putfn(X)
* return@p2 E;
|
if (\(E < 0\|IS_ERR(E)\|IS_ERR_OR_NULL(E)\|err\|err != 0\)) {
  ...
    when != kref_put(&X->fld, ...)
    when != putfn(X)
* return@p2 ...;
}
)

@script:python depends on org@
p1 << vm_ref.p1;
p2 << vm_ref.p2;
X << vm_ref.X;
@@

cocci.print_main("VM reference to %s taken here" % X, p1)
cocci.print_secs("not dropped on this error path", p2)

@script:python depends on report@
p1 << vm_ref.p1;
p2 << vm_ref.p2;
X << vm_ref.X;
@@

coccilib.report.print_report(p2[0],
	"VM reference to %s taken on line %s not dropped on this error path" %
	(X, p1[0].line))

@script:python depends on org@
p1 << rm_ref.p1;
p2 << rm_ref.p2;
X << rm_ref.X;
@@

cocci.print_main("RM reference to %s taken here" % X, p1)
cocci.print_secs("not dropped on this error path", p2)

@script:python depends on report@
p1 << rm_ref.p1;
p2 << rm_ref.p2;
X << rm_ref.X;
@@

coccilib.report.print_report(p2[0],
	"RM reference to %s taken on line %s not dropped on this error path" %
	(X, p1[0].line))

@script:python depends on org@
p1 << kref_ref.p1;
p2 << kref_ref.p2;
X << kref_ref.X;
@@

cocci.print_main("reference to %s taken here" % X, p1)
cocci.print_secs("not dropped on this error path", p2)

@script:python depends on report@
p1 << kref_ref.p1;
p2 << kref_ref.p2;
X << kref_ref.X;
@@

coccilib.report.print_report(p2[0],
	"reference to %s taken on line %s not dropped on this error path" %
	(X, p1[0].line))
