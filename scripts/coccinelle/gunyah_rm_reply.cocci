// SPDX-License-Identifier: GPL-2.0-only
/// The reply buffer that gunyah_rm_call() and gunyah_rm_call_ext() return
/// through their resp argument belongs to the caller once the call
/// succeeded: every path from the success test to a return must kfree() it
/// or hand it on (store it, return it). On failure the RM client sets it to
/// NULL, so the branch that tests the call's failure is not followed.
///
/// False positives: a reply freed by a helper the caller passes it to; pass
/// it back instead, or free it where it was received.
//
// Confidence: High
// Copyright: (C) 2026 The Gunyah driver suite authors
// Comments: test fixtures in scripts/gate/cocci and scripts/gate/cocci-clean
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

@leak exists@
identifier callfn = {gunyah_rm_call, gunyah_rm_call_ext};
identifier resp;
expression ret, E, E1, E2, E3, E4;
statement S;
type T, T2;
position p1, p2;
@@

(
ret = callfn@p1(E1, E2, E3, E4, (T2)&resp, ...);
|
ret = callfn@p1(E1, E2, E3, E4, &resp, ...);
)
if (\(ret\|ret < 0\|ret != 0\)) S
... when != \(kfree(resp)\|kvfree(resp)\|kfree_sensitive(resp)\)
    when != E = resp
    when != E = (T)resp
    when != return resp;
* return@p2 ...;

// The call's result never tested before a return.

@leak_untested exists@
identifier callfn = {gunyah_rm_call, gunyah_rm_call_ext};
identifier resp;
expression ret, E, E1, E2, E3, E4;
type T, T2;
position p1, p2;
@@

(
ret = callfn@p1(E1, E2, E3, E4, (T2)&resp, ...);
|
ret = callfn@p1(E1, E2, E3, E4, &resp, ...);
)
... when != \(kfree(resp)\|kvfree(resp)\|kfree_sensitive(resp)\)
    when != E = resp
    when != E = (T)resp
    when != ret
* return@p2 ...;

@script:python depends on org@
p1 << leak.p1;
p2 << leak.p2;
resp << leak.resp;
@@

cocci.print_main("RM reply %s received here" % resp, p1)
cocci.print_secs("and not freed at this return", p2)

@script:python depends on report@
p1 << leak.p1;
p2 << leak.p2;
resp << leak.resp;
@@

coccilib.report.print_report(p2[0],
	"RM reply %s of line %s not freed at this return" % (resp, p1[0].line))

@script:python depends on org@
p1 << leak_untested.p1;
p2 << leak_untested.p2;
resp << leak_untested.resp;
@@

cocci.print_main("RM reply %s received here" % resp, p1)
cocci.print_secs("and not freed at this return", p2)

@script:python depends on report@
p1 << leak_untested.p1;
p2 << leak_untested.p2;
resp << leak_untested.resp;
@@

coccilib.report.print_report(p2[0],
	"RM reply %s of line %s not freed at this return" % (resp, p1[0].line))
