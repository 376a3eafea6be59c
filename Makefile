# SPDX-License-Identifier: GPL-2.0-only
#
# The Gunyah driver suite. These targets are the whole interface; the work
# is done by the scripts under scripts/. Kernel sources, kernel builds and
# ccache live in $(GUNYAH_CACHE) (default: ~/.cache/gunyah-driver).
#
#   make setup          install dependencies, unpack and configure kernels
#   make [modules]      build the modules for x86_64 against 6.12
#   make ARCH=arm64     the same, cross-built for arm64
#   make compat         build against 6.1 for x86_64 and arm64
#   make check          sparse, Coccinelle, checkpatch
#   make kunit          KUnit under UML, plain and with KASAN + lockdep
#   make rust           Rust bindings regenerated and diffed, cargo test,
#                       the static Rust VMM example
#   make e2e            boot the debug test kernel in QEMU, run selftests
#   make test           check + kunit + rust + e2e
#   make demo           boot the test kernel and show the driver at work
#   make bench          RPC benchmark on the simulator, with its baseline
#   make gate-selftest  prove each checker catches a planted defect

ARCH ?= x86_64
S := scripts

.NOTPARALLEL:
.PHONY: all modules setup compat check kunit rust e2e test demo bench gate-selftest clean

all: modules

modules:
	@$(S)/modules.sh $(ARCH)-6.12

setup:
	@$(S)/setup.sh
	@for t in x86_64-6.12 arm64-6.12 x86_64-6.1 arm64-6.1; do \
		$(S)/kernel.sh $$t configure || exit 1; done
	@$(S)/kunit-tree.sh >/dev/null

compat:
	@$(S)/modules.sh x86_64-6.1
	@$(S)/modules.sh arm64-6.1

check:
	@$(S)/check.sh

kunit:
	@$(S)/kunit.sh

rust:
	@$(S)/rust.sh

e2e:
	@$(S)/e2e.sh test

test: check kunit rust e2e

demo:
	@$(S)/e2e.sh demo

bench:
	@$(S)/e2e.sh bench

gate-selftest:
	@$(S)/gate-selftest.sh

clean:
	rm -rf out
