// SPDX-License-Identifier: GPL-2.0-only
/// The driver's lists may be walked only under the lock that protects
/// them (drivers/virt/gunyah/vm_mgr.h, guest_mem.c, sim/sim.h):
///
///   list                                    lock
///   gunyah_vm::mem_list                     gunyah_vm::lock
///   gunyah_vm::functions                    gunyah_vm::fn_lock
///   gunyah_vm::resources, ::resource_tickets,
///   gunyah_vm_resource_ticket::resources    gunyah_vm::resources_lock
///   gunyah_gmem::bindings, ::lent           gunyah_gmem::lock
///   sim_rm::vms, ::parcels, ::pending_notifs  sim_rm::lock
///   sim_bells                               sim_bell_lock
///   sim_faults                              sim_fault_lock
///   sim_last_reqs                           sim_last_lock
///
/// Reports a list_for_each*() over one of them reached on a path of its
/// function on which the lock was not taken (nor asserted with
/// lockdep_assert_held()), or was released, unless the function is
/// annotated __must_hold() of the lock. The lock is matched by its field
/// name (the resources of a ticket are under its VM's resources_lock).
///
/// False positives: a walk that needs no lock because no other thread can
/// reach the object any more (teardown after the last reference); take the
/// lock all the same, or walk a list spliced off under it.
//
// Confidence: Moderate
// Copyright: (C) 2026 The Gunyah driver suite authors
// Comments: test fixtures in scripts/gate/cocci and scripts/gate/cocci-clean
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

@initialize:python@
@@

import re

# list field -> lock field of the same structure
MEMBER_LOCKS = {
	"mem_list": "lock",
	"functions": "fn_lock",
	"resources": "resources_lock",
	"resource_tickets": "resources_lock",
	"bindings": "lock",
	"lent": "lock",
	"vms": "lock",
	"parcels": "lock",
	"pending_notifs": "lock",
}
# global list -> its lock
GLOBAL_LOCKS = {
	"sim_bells": "sim_bell_lock",
	"sim_faults": "sim_fault_lock",
	"sim_last_reqs": "sim_last_lock",
}

def must_hold(pf, pw, lock):
	"""Is the function at pf annotated __must_hold() of a lock named lock?"""
	try:
		with open(pf[0].file) as f:
			lines = f.readlines()
	except OSError:
		return False
	start = int(pf[0].line) - 1
	end = int(pw[0].line) - 1
	text = "".join(lines[start:end])
	text = text.split("{", 1)[0]
	for arg in re.findall(r"__must_hold\s*\(([^)]*)\)", text):
		arg = arg.replace(" ", "")
		if arg == "&" + lock or arg.endswith("->" + lock) or \
		   arg.endswith("." + lock):
			return True
	return False

// Walks of a member list: E->fld, its lock E2->lk for some E2.

@walk_m@
iterator name list_for_each_entry, list_for_each_entry_reverse, list_for_each_entry_continue, list_for_each_entry_from, list_for_each_entry_safe, list_for_each_entry_safe_reverse, list_for_each_entry_safe_continue, list_for_each, list_for_each_prev, list_for_each_safe;
identifier fld = {mem_list, functions, resources, resource_tickets, bindings,
		  lent, vms, parcels, pending_notifs};
expression E, x, n;
identifier m;
statement S;
position pw;
@@

(
list_for_each_entry@pw(x, &E->fld, m) S
|
list_for_each_entry_reverse@pw(x, &E->fld, m) S
|
list_for_each_entry_continue@pw(x, &E->fld, m) S
|
list_for_each_entry_from@pw(x, &E->fld, m) S
|
list_for_each_entry_safe@pw(x, n, &E->fld, m) S
|
list_for_each_entry_safe_reverse@pw(x, n, &E->fld, m) S
|
list_for_each_entry_safe_continue@pw(x, n, &E->fld, m) S
|
list_for_each@pw(x, &E->fld) S
|
list_for_each_prev@pw(x, &E->fld) S
|
list_for_each_safe@pw(x, n, &E->fld) S
)

@script:python lock_m@
fld << walk_m.fld;
lk;
@@

coccinelle.lk = cocci.make_ident(MEMBER_LOCKS[fld])

@unlocked_m exists@
iterator name list_for_each_entry, list_for_each_entry_reverse, list_for_each_entry_continue, list_for_each_entry_from, list_for_each_entry_safe, list_for_each_entry_safe_reverse, list_for_each_entry_safe_continue, list_for_each, list_for_each_prev, list_for_each_safe;
identifier lockfn = {mutex_lock, mutex_lock_nested, mutex_lock_killable,
		     mutex_lock_interruptible, mutex_trylock, spin_lock,
		     spin_lock_irq, spin_lock_irqsave, spin_lock_bh,
		     spin_trylock, down_read, down_write, down_read_killable,
		     down_write_killable, lockdep_assert_held};
identifier f, walk_m.fld, m, lock_m.lk;
expression walk_m.E, E2, x, n;
statement S;
position pf, walk_m.pw;
@@

f@pf(...) {
... when != lockfn(&E2->lk, ...)
(
list_for_each_entry@pw(x, &E->fld, m) S
|
list_for_each_entry_reverse@pw(x, &E->fld, m) S
|
list_for_each_entry_continue@pw(x, &E->fld, m) S
|
list_for_each_entry_from@pw(x, &E->fld, m) S
|
list_for_each_entry_safe@pw(x, n, &E->fld, m) S
|
list_for_each_entry_safe_reverse@pw(x, n, &E->fld, m) S
|
list_for_each_entry_safe_continue@pw(x, n, &E->fld, m) S
|
list_for_each@pw(x, &E->fld) S
|
list_for_each_prev@pw(x, &E->fld) S
|
list_for_each_safe@pw(x, n, &E->fld) S
)
... when any
}

@released_m exists@
iterator name list_for_each_entry, list_for_each_entry_reverse, list_for_each_entry_continue, list_for_each_entry_from, list_for_each_entry_safe, list_for_each_entry_safe_reverse, list_for_each_entry_safe_continue, list_for_each, list_for_each_prev, list_for_each_safe;
identifier lockfn = {mutex_lock, mutex_lock_nested, mutex_lock_killable,
		     mutex_lock_interruptible, mutex_trylock, spin_lock,
		     spin_lock_irq, spin_lock_irqsave, spin_lock_bh,
		     spin_trylock, down_read, down_write, down_read_killable,
		     down_write_killable, lockdep_assert_held};
identifier unlockfn = {mutex_unlock, spin_unlock, spin_unlock_irq,
		       spin_unlock_irqrestore, spin_unlock_bh, up_read,
		       up_write};
identifier f, walk_m.fld, m, lock_m.lk;
expression walk_m.E, E2, x, n;
statement S;
position pf, pu, walk_m.pw;
@@

f@pf(...) {
... when any
unlockfn@pu(&E2->lk, ...);
... when != lockfn(&E2->lk, ...)
(
list_for_each_entry@pw(x, &E->fld, m) S
|
list_for_each_entry_reverse@pw(x, &E->fld, m) S
|
list_for_each_entry_continue@pw(x, &E->fld, m) S
|
list_for_each_entry_from@pw(x, &E->fld, m) S
|
list_for_each_entry_safe@pw(x, n, &E->fld, m) S
|
list_for_each_entry_safe_reverse@pw(x, n, &E->fld, m) S
|
list_for_each_entry_safe_continue@pw(x, n, &E->fld, m) S
|
list_for_each@pw(x, &E->fld) S
|
list_for_each_prev@pw(x, &E->fld) S
|
list_for_each_safe@pw(x, n, &E->fld) S
)
... when any
}

// Walks of a global list.

@walk_g@
iterator name list_for_each_entry, list_for_each_entry_reverse, list_for_each_entry_continue, list_for_each_entry_from, list_for_each_entry_safe, list_for_each_entry_safe_reverse, list_for_each_entry_safe_continue, list_for_each, list_for_each_prev, list_for_each_safe;
identifier g = {sim_bells, sim_faults, sim_last_reqs};
expression x, n;
identifier m;
statement S;
position pw;
@@

(
list_for_each_entry@pw(x, &g, m) S
|
list_for_each_entry_reverse@pw(x, &g, m) S
|
list_for_each_entry_continue@pw(x, &g, m) S
|
list_for_each_entry_from@pw(x, &g, m) S
|
list_for_each_entry_safe@pw(x, n, &g, m) S
|
list_for_each_entry_safe_reverse@pw(x, n, &g, m) S
|
list_for_each_entry_safe_continue@pw(x, n, &g, m) S
|
list_for_each@pw(x, &g) S
|
list_for_each_prev@pw(x, &g) S
|
list_for_each_safe@pw(x, n, &g) S
)

@script:python lock_g@
g << walk_g.g;
lk;
@@

coccinelle.lk = cocci.make_ident(GLOBAL_LOCKS[g])

@unlocked_g exists@
iterator name list_for_each_entry, list_for_each_entry_reverse, list_for_each_entry_continue, list_for_each_entry_from, list_for_each_entry_safe, list_for_each_entry_safe_reverse, list_for_each_entry_safe_continue, list_for_each, list_for_each_prev, list_for_each_safe;
identifier lockfn = {mutex_lock, mutex_lock_nested, mutex_lock_killable,
		     mutex_lock_interruptible, mutex_trylock, spin_lock,
		     spin_lock_irq, spin_lock_irqsave, spin_lock_bh,
		     spin_trylock, down_read, down_write, down_read_killable,
		     down_write_killable, lockdep_assert_held};
identifier f, walk_g.g, m, lock_g.lk;
expression x, n;
statement S;
position pf, walk_g.pw;
@@

f@pf(...) {
... when != lockfn(&lk, ...)
(
list_for_each_entry@pw(x, &g, m) S
|
list_for_each_entry_reverse@pw(x, &g, m) S
|
list_for_each_entry_continue@pw(x, &g, m) S
|
list_for_each_entry_from@pw(x, &g, m) S
|
list_for_each_entry_safe@pw(x, n, &g, m) S
|
list_for_each_entry_safe_reverse@pw(x, n, &g, m) S
|
list_for_each_entry_safe_continue@pw(x, n, &g, m) S
|
list_for_each@pw(x, &g) S
|
list_for_each_prev@pw(x, &g) S
|
list_for_each_safe@pw(x, n, &g) S
)
... when any
}

@released_g exists@
iterator name list_for_each_entry, list_for_each_entry_reverse, list_for_each_entry_continue, list_for_each_entry_from, list_for_each_entry_safe, list_for_each_entry_safe_reverse, list_for_each_entry_safe_continue, list_for_each, list_for_each_prev, list_for_each_safe;
identifier lockfn = {mutex_lock, mutex_lock_nested, mutex_lock_killable,
		     mutex_lock_interruptible, mutex_trylock, spin_lock,
		     spin_lock_irq, spin_lock_irqsave, spin_lock_bh,
		     spin_trylock, down_read, down_write, down_read_killable,
		     down_write_killable, lockdep_assert_held};
identifier unlockfn = {mutex_unlock, spin_unlock, spin_unlock_irq,
		       spin_unlock_irqrestore, spin_unlock_bh, up_read,
		       up_write};
identifier f, walk_g.g, m, lock_g.lk;
expression x, n;
statement S;
position pf, pu, walk_g.pw;
@@

f@pf(...) {
... when any
unlockfn@pu(&lk, ...);
... when != lockfn(&lk, ...)
(
list_for_each_entry@pw(x, &g, m) S
|
list_for_each_entry_reverse@pw(x, &g, m) S
|
list_for_each_entry_continue@pw(x, &g, m) S
|
list_for_each_entry_from@pw(x, &g, m) S
|
list_for_each_entry_safe@pw(x, n, &g, m) S
|
list_for_each_entry_safe_reverse@pw(x, n, &g, m) S
|
list_for_each_entry_safe_continue@pw(x, n, &g, m) S
|
list_for_each@pw(x, &g) S
|
list_for_each_prev@pw(x, &g) S
|
list_for_each_safe@pw(x, n, &g) S
)
... when any
}

@script:python depends on org@
pf << unlocked_m.pf;
pw << walk_m.pw;
lk << lock_m.lk;
E << walk_m.E;
fld << walk_m.fld;
@@

if not must_hold(pf, pw, lk):
	lst = "%s->%s" % (E, fld)
	cocci.print_main("%s walked without %s" % (lst, lk), pw)

@script:python depends on report@
pf << unlocked_m.pf;
pw << walk_m.pw;
lk << lock_m.lk;
E << walk_m.E;
fld << walk_m.fld;
@@

if not must_hold(pf, pw, lk):
	lst = "%s->%s" % (E, fld)
	coccilib.report.print_report(pw[0], "%s walked without %s held" % (lst, lk))

@script:python depends on org@
pf << unlocked_g.pf;
pw << walk_g.pw;
lk << lock_g.lk;
g << walk_g.g;
@@

if not must_hold(pf, pw, lk):
	lst = "%s" % g
	cocci.print_main("%s walked without %s" % (lst, lk), pw)

@script:python depends on report@
pf << unlocked_g.pf;
pw << walk_g.pw;
lk << lock_g.lk;
g << walk_g.g;
@@

if not must_hold(pf, pw, lk):
	lst = "%s" % g
	coccilib.report.print_report(pw[0], "%s walked without %s held" % (lst, lk))

@script:python depends on org@
pu << released_m.pu;
pw << walk_m.pw;
lk << lock_m.lk;
E << walk_m.E;
fld << walk_m.fld;
@@

lst = "%s->%s" % (E, fld)
cocci.print_main("%s walked after %s was released" % (lst, lk), pw)
cocci.print_secs("released here", pu)

@script:python depends on report@
pu << released_m.pu;
pw << walk_m.pw;
lk << lock_m.lk;
E << walk_m.E;
fld << walk_m.fld;
@@

lst = "%s->%s" % (E, fld)
coccilib.report.print_report(pw[0], "%s walked after %s was released on line %s" % (lst, lk, pu[0].line))

@script:python depends on org@
pu << released_g.pu;
pw << walk_g.pw;
lk << lock_g.lk;
g << walk_g.g;
@@

lst = "%s" % g
cocci.print_main("%s walked after %s was released" % (lst, lk), pw)
cocci.print_secs("released here", pu)

@script:python depends on report@
pu << released_g.pu;
pw << walk_g.pw;
lk << lock_g.lk;
g << walk_g.g;
@@

lst = "%s" % g
coccilib.report.print_report(pw[0], "%s walked after %s was released on line %s" % (lst, lk, pu[0].line))
