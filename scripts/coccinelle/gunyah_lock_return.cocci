// SPDX-License-Identifier: GPL-2.0-only
/// Every lock the driver takes must be released on every path that returns
/// after the lock succeeded:
///  - mutexes and rwsems taken with a fallible lock function
///    (mutex_lock_killable/_interruptible, down_read/down_write_killable/
///    _interruptible), whatever form the failure test takes;
///  - locks taken by a trylock (mutex_trylock, spin_trylock,
///    down_read/down_write_trylock) after the test that it succeeded;
///  - locks that cannot fail (mutex_lock, spin_lock and its _irq/_irqsave/
///    _bh forms, down_read, down_write, xa_lock), on any path, including
///    the gotos of an unwinding ladder. The kernel's locks/mini_lock.cocci
///    only sees a missing unlock in an if branch between a lock and its
///    unlock; this form sees any return that the unlock does not precede.
///
/// A lock retaken after the function released it is not followed: that is
/// a function annotated __must_hold() that sleeps without its caller's lock.
///
/// False positives: a function that returns with the lock held on purpose,
/// or that hands the lock to a helper which releases it. Such a function
/// must be annotated __acquires() or its helper __releases(), and is rare
/// enough to be restructured instead.
//
// Confidence: Moderate
// Copyright: (C) 2026 The Gunyah driver suite authors
// Comments: test fixtures in scripts/gate/cocci and scripts/gate/cocci-clean
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

// The forms a fallible lock and its failure test take.

@held_if exists@
identifier lockfn = {mutex_lock_killable, mutex_lock_interruptible,
		     down_read_killable, down_write_killable,
		     down_read_interruptible, down_write_interruptible};
expression E;
statement S;
position p1, p2;
@@

if (lockfn@p1(E)) S
... when != \(mutex_unlock(E)\|up_read(E)\|up_write(E)\)
* return@p2 ...;

@held_assign exists@
identifier lockfn = {mutex_lock_killable, mutex_lock_interruptible,
		     down_read_killable, down_write_killable,
		     down_read_interruptible, down_write_interruptible};
expression E, ret;
statement S;
position p1, p2;
@@

ret = lockfn@p1(E);
if (\(ret\|ret < 0\)) S
... when != \(mutex_unlock(E)\|up_read(E)\|up_write(E)\)
* return@p2 ...;

@held_decl exists@
identifier lockfn = {mutex_lock_killable, mutex_lock_interruptible,
		     down_read_killable, down_write_killable,
		     down_read_interruptible, down_write_interruptible};
expression E;
identifier ret;
type T;
statement S;
position p1, p2;
@@

T ret = lockfn@p1(E);
if (\(ret\|ret < 0\)) S
... when != \(mutex_unlock(E)\|up_read(E)\|up_write(E)\)
* return@p2 ...;

// A trylock: held once the test that it failed is passed.

@held_try exists@
identifier lockfn = {mutex_trylock, spin_trylock, down_read_trylock,
		     down_write_trylock};
expression E;
statement S;
position p1, p2;
@@

if (!lockfn@p1(E)) S
... when != \(mutex_unlock(E)\|spin_unlock(E)\|up_read(E)\|up_write(E)\)
* return@p2 ...;

// Locks that cannot fail. A lock retaken after the function released a
// lock it had not taken is the caller's (a __must_hold function that sleeps without it): it is
// meant to be held at the return.

@relock exists@
identifier lockfn = {mutex_lock, spin_lock, spin_lock_irq, spin_lock_bh,
		     down_read, down_write, xa_lock};
identifier unlockfn = {mutex_unlock, spin_unlock, spin_unlock_irq,
		       spin_unlock_bh, up_read, up_write, xa_unlock};
identifier f;
expression E;
position p1;
@@

f(...) {
... when != lockfn(E)
unlockfn(E);
... when any
lockfn@p1(E);
... when any
}

@held_plain exists@
identifier lockfn = {mutex_lock, mutex_lock_nested, spin_lock, spin_lock_irq,
		     spin_lock_irqsave, spin_lock_bh, spin_lock_nested,
		     down_read, down_write, down_read_nested,
		     down_write_nested, xa_lock, xa_lock_irq, xa_lock_bh,
		     xa_lock_irqsave, read_lock, write_lock, read_lock_irqsave,
		     write_lock_irqsave};
expression E;
position p1 != relock.p1, p2;
@@

lockfn@p1(E, ...);
... when != \(mutex_unlock(E)\|spin_unlock(E)\|spin_unlock_irq(E)\)
    when != \(spin_unlock_irqrestore(E, ...)\|spin_unlock_bh(E)\)
    when != \(up_read(E)\|up_write(E)\|read_unlock(E)\|write_unlock(E)\)
    when != \(xa_unlock(E)\|xa_unlock_irq(E)\|xa_unlock_bh(E)\)
    when != \(xa_unlock_irqrestore(E, ...)\|read_unlock_irqrestore(E, ...)\)
    when != write_unlock_irqrestore(E, ...)
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

@script:python depends on org@
p1 << held_try.p1;
p2 << held_try.p2;
lockfn << held_try.lockfn;
@@

cocci.print_main("%s taken here" % lockfn, p1)
cocci.print_secs("still held at this return", p2)

@script:python depends on report@
p1 << held_try.p1;
p2 << held_try.p2;
lockfn << held_try.lockfn;
@@

coccilib.report.print_report(p2[0],
	"%s on line %s still held at this return" % (lockfn, p1[0].line))

@script:python depends on org@
p1 << held_plain.p1;
p2 << held_plain.p2;
lockfn << held_plain.lockfn;
@@

cocci.print_main("%s taken here" % lockfn, p1)
cocci.print_secs("still held at this return", p2)

@script:python depends on report@
p1 << held_plain.p1;
p2 << held_plain.p2;
lockfn << held_plain.lockfn;
@@

coccilib.report.print_report(p2[0],
	"%s on line %s still held at this return" % (lockfn, p1[0].line))
