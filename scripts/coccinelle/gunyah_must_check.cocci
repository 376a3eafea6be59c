// SPDX-License-Identifier: GPL-2.0-only
/// The result of a function declared __must_check in the driver's headers
/// (include/linux/gunyah*.h, drivers/virt/gunyah/*.h and sim/*.h) or in the
/// file itself (a lookup that returns NULL or an ERR_PTR(), an irq or an
/// errno, a status that says whether its output parameters were written)
/// must be tested before it is used. Reports
///  - a result stored in a variable whose first use is not a test (a
///    condition of if, while or ?:, a return of it,
///    or an IS_ERR(), WARN_ON() or KUnit check of it);
///  - a result passed straight into another call, which cannot test it;
///  - a result dropped or overwritten before any test.
///
/// False positives: a callee documented to accept the getter's failure
/// value; test it at the call site all the same.
//
// Confidence: High
// Copyright: (C) 2026 The Gunyah driver suite authors
// Comments: test fixtures in scripts/gate/cocci and scripts/gate/cocci-clean
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

@initialize:python@
@@

import os
import re

_must_check = {}
_tested = set()

def _scan(path, names):
	try:
		with open(path) as f:
			text = f.read()
	except OSError:
		return
	for m in re.finditer(r"__must_check\b([^;{}()]*?)\b(\w+)\s*\(", text):
		names.add(m.group(2))

def _repo_headers(path):
	d = os.path.dirname(os.path.abspath(path))
	while d != "/":
		if os.path.exists(os.path.join(d, "include/linux/gunyah_rm.h")):
			break
		d = os.path.dirname(d)
	else:
		return []
	out = []
	for sub in ("include/linux", "drivers/virt/gunyah",
		    "drivers/virt/gunyah/sim"):
		full = os.path.join(d, sub)
		if not os.path.isdir(full):
			continue
		for name in sorted(os.listdir(full)):
			if name.endswith(".h") and (sub != "include/linux" or
						    name.startswith("gunyah")):
				out.append(os.path.join(full, name))
	return out

_current = [None]

def must_check(fn, path=None):
	"""Is fn declared __must_check in our headers or in the file?"""
	path = path or _current[0]
	if path is None:
		return False
	if path not in _must_check:
		names = set()
		for h in _repo_headers(path):
			_scan(h, names)
		_scan(path, names)
		_must_check[path] = names
	return fn in _must_check[path]

def key(p, x):
	"""A use of x on a line: any test of x on that line tests the use."""
	return (p[0].file, p[0].line, x.replace(" ", ""))

TEST_CALLS = re.compile(r"^(KUNIT_(ASSERT|EXPECT)_\w+|WARN_ON(_ONCE)?|WARN(_ONCE)?|"
			r"BUG_ON|IS_ERR|IS_ERR_OR_NULL|PTR_ERR_OR_ZERO|"
			r"likely|unlikely)$")

// Which file this is: its own __must_check declarations count too.

@anyfn@
identifier f;
position p;
@@

f@p(...) { ... }

@script:python@
p << anyfn.p;
@@

_current[0] = p[0].file

// Every call of such a function, whose result is kept in a variable.

@call@
identifier getter : script:python() { must_check(getter) };
expression x;
position p1;
@@

x = getter@p1(...)


@call_decl@
identifier getter : script:python() { must_check(getter) };
type T;
identifier y;
position p1;
@@

T y = getter@p1(...);


// Its first use.

@first exists@
identifier call.getter;
expression x;
position call.p1, p2;
@@

x = getter@p1(...);
... when != x
x@p2

@first_decl exists@
identifier call_decl.getter;
identifier call_decl.y;
type call_decl.T;
position call_decl.p1, p2;
@@

T y = getter@p1(...);
... when != y
y@p2

// A variable whose address was passed to it, used before the result.

@first_out exists@
identifier call.getter;
expression x, v;
position call.p1, p2;
@@

x = getter@p1(..., &v, ...);
... when != x
v@p2

@first_decl_out exists@
identifier call_decl.getter;
identifier call_decl.y;
type call_decl.T;
expression v;
position call_decl.p1, p2;
@@

T y = getter@p1(..., &v, ...);
... when != y
v@p2

// Uses that test it.

@tested depends on call@
expression call.x;
expression E1, E2;
identifier test;
statement S1, S2;
position p;
@@

(
if (<+... x@p ...+>) S1 else S2
|
if (<+... x@p ...+>) S1
|
while (<+... x@p ...+>) S1
|
for (...; <+... x@p ...+>; ...) S1
|
return x@p;
|
 (<+... x@p ...+>) ? E1 : E2
|
test(..., <+... x@p ...+>, ...)
)

@script:python@
p << tested.p;
x << call.x;
test << tested.test = "";
@@

if not test or TEST_CALLS.match(test):
	_tested.add(key(p, x))

@tested_decl depends on call_decl@
identifier call_decl.y;
expression E1, E2;
identifier test;
statement S1, S2;
position p;
@@

(
if (<+... y@p ...+>) S1 else S2
|
if (<+... y@p ...+>) S1
|
while (<+... y@p ...+>) S1
|
for (...; <+... y@p ...+>; ...) S1
|
return y@p;
|
 (<+... y@p ...+>) ? E1 : E2
|
test(..., <+... y@p ...+>, ...)
)

@script:python@
p << tested_decl.p;
x << call_decl.y;
test << tested_decl.test = "";
@@

if not test or TEST_CALLS.match(test):
	_tested.add(key(p, x))

// Outputs read inside a check (a KUnit expectation, WARN_ON()) are not used.

@tested_out depends on first_out || first_decl_out@
expression v;
identifier test;
position p;
@@

test(..., <+... v@p ...+>, ...)

@script:python@
p << tested_out.p;
v << tested_out.v;
test << tested_out.test;
@@

if TEST_CALLS.match(test):
	_tested.add(key(p, v))

// The result passed straight into another call, or dropped.

@nested@
identifier getter : script:python() { must_check(getter) };
identifier outer : script:python() { not TEST_CALLS.match(outer) };
position p1;
@@

outer(..., getter@p1(...), ...)


@dropped@
identifier getter : script:python() { must_check(getter) };
position p1;
@@

(
getter@p1(...);
|
 (void)getter@p1(...);
)


@script:python depends on org@
getter << call.getter;
p1 << call.p1;
p2 << first.p2;
x << first.x;
@@

if key(p2, x) not in _tested:
	cocci.print_main("%s() result used untested" % getter, p2)
	cocci.print_secs("returned here", p1)

@script:python depends on report@
getter << call.getter;
p1 << call.p1;
p2 << first.p2;
x << first.x;
@@

if key(p2, x) not in _tested:
	coccilib.report.print_report(p2[0], "result of %s() on line %s used before it is tested" % (getter, p1[0].line))

@script:python depends on org@
getter << call_decl.getter;
p1 << call_decl.p1;
p2 << first_decl.p2;
x << call_decl.y;
@@

if key(p2, x) not in _tested:
	cocci.print_main("%s() result used untested" % getter, p2)
	cocci.print_secs("returned here", p1)

@script:python depends on report@
getter << call_decl.getter;
p1 << call_decl.p1;
p2 << first_decl.p2;
x << call_decl.y;
@@

if key(p2, x) not in _tested:
	coccilib.report.print_report(p2[0], "result of %s() on line %s used before it is tested" % (getter, p1[0].line))

@script:python depends on org@
getter << nested.getter;
p1 << nested.p1;
@@

cocci.print_main("%s() result not tested" % getter, p1)

@script:python depends on report@
getter << nested.getter;
p1 << nested.p1;
@@

coccilib.report.print_report(p1[0], "result of %s() not tested" % getter)

@script:python depends on org@
getter << dropped.getter;
p1 << dropped.p1;
@@

cocci.print_main("%s() result dropped" % getter, p1)

@script:python depends on report@
getter << dropped.getter;
p1 << dropped.p1;
@@

coccilib.report.print_report(p1[0], "result of %s() dropped" % getter)

@script:python depends on org@
getter << call.getter;
p1 << call.p1;
p2 << first_out.p2;
v << first_out.v;
@@

if key(p2, v) not in _tested:
	cocci.print_main("%s() output used before its result is tested" % getter, p2)

@script:python depends on report@
getter << call.getter;
p1 << call.p1;
p2 << first_out.p2;
v << first_out.v;
@@

if key(p2, v) not in _tested:
	coccilib.report.print_report(p2[0], "output of %s() on line %s used before its result is tested" % (getter, p1[0].line))

@script:python depends on org@
getter << call_decl.getter;
p1 << call_decl.p1;
p2 << first_decl_out.p2;
v << first_decl_out.v;
@@

if key(p2, v) not in _tested:
	cocci.print_main("%s() output used before its result is tested" % getter, p2)

@script:python depends on report@
getter << call_decl.getter;
p1 << call_decl.p1;
p2 << first_decl_out.p2;
v << first_decl_out.v;
@@

if key(p2, v) not in _tested:
	coccilib.report.print_report(p2[0], "output of %s() on line %s used before its result is tested" % (getter, p1[0].line))
