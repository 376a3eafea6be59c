// SPDX-License-Identifier: GPL-2.0-only
/// A mutex taken with mutex_lock_killable() or mutex_lock_interruptible()
/// must be released on every path that returns after the lock succeeded.
/// The kernel's locks/mini_lock.cocci only follows the lock functions that
/// cannot fail; this rule covers the fallible ones the driver uses for every
/// wait a user can interrupt.
///
/// False positives: a function that returns with the lock held on purpose.
/// Such a function must be annotated __acquires() and is rare enough to be
/// restructured instead.
//
// Confidence: Moderate
// Copyright: (C) 2026 The Gunyah driver suite authors
// Comments: test fixtures in scripts/gate/cocci and scripts/gate/cocci-clean
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

// The three forms the lock and its failure test take.

@held_if exists@
identifier lockfn = {mutex_lock_killable, mutex_lock_interruptible};
expression E;
statement S;
position p1, p2;
@@

if (lockfn@p1(E)) S
... when != mutex_unlock(E)
* return@p2 ...;

@held_assign exists@
identifier lockfn = {mutex_lock_killable, mutex_lock_interruptible};
expression E, ret;
statement S;
position p1, p2;
@@

ret = lockfn@p1(E);
if (\(ret\|ret < 0\)) S
... when != mutex_unlock(E)
* return@p2 ...;

@held_decl exists@
identifier lockfn = {mutex_lock_killable, mutex_lock_interruptible};
expression E;
identifier ret;
type T;
statement S;
position p1, p2;
@@

T ret = lockfn@p1(E);
if (\(ret\|ret < 0\)) S
... when != mutex_unlock(E)
* return@p2 ...;

@script:python depends on org@
p1 << held_if.p1;
p2 << held_if.p2;
lockfn << held_if.lockfn;
@@

cocci.print_main("%s taken here" % lockfn, p1)
cocci.print_secs("still held at this return", p2)

@script:python depends on report@
p1 << held_if.p1;
p2 << held_if.p2;
lockfn << held_if.lockfn;
@@

coccilib.report.print_report(p2[0],
	"%s on line %s still held at this return" % (lockfn, p1[0].line))

@script:python depends on org@
p1 << held_assign.p1;
p2 << held_assign.p2;
lockfn << held_assign.lockfn;
@@

cocci.print_main("%s taken here" % lockfn, p1)
cocci.print_secs("still held at this return", p2)

@script:python depends on report@
p1 << held_assign.p1;
p2 << held_assign.p2;
lockfn << held_assign.lockfn;
@@

coccilib.report.print_report(p2[0],
	"%s on line %s still held at this return" % (lockfn, p1[0].line))

@script:python depends on org@
p1 << held_decl.p1;
p2 << held_decl.p2;
lockfn << held_decl.lockfn;
@@

cocci.print_main("%s taken here" % lockfn, p1)
cocci.print_secs("still held at this return", p2)

@script:python depends on report@
p1 << held_decl.p1;
p2 << held_decl.p2;
lockfn << held_decl.lockfn;
@@

coccilib.report.print_report(p2[0],
	"%s on line %s still held at this return" % (lockfn, p1[0].line))
