// SPDX-License-Identifier: GPL-2.0-only
/*
 * VM manager, end to end on the simulator: capabilities, VM fds, boot
 * configuration, start, exit and teardown, and Resource Manager failures
 * during start. Run by vm_test.sh at each RM protocol level; cases whose
 * behaviour depends on the level read it from GUNYAH_QUERY_CAPS.
 */

#include <pthread.h>

#include "vm_util.h"

#define OSS_FEATURES	(GUNYAH_CAP_VM | GUNYAH_CAP_GUEST_MEM | \
			 GUNYAH_CAP_USER_MEM | GUNYAH_CAP_FW_CONFIG | \
			 GUNYAH_CAP_GUEST_MEM_HUGEPAGE)
#define FULL_FEATURES	(OSS_FEATURES | GUNYAH_CAP_BOOT_CONTEXT | \
			 GUNYAH_CAP_DEMAND_PAGING)

FIXTURE(vm)
{
	int devfd;
	__u32 protocol;
};

FIXTURE_SETUP(vm)
{
	self->devfd = open_dev(_metadata);
	self->protocol = rm_protocol(self->devfd);
}

FIXTURE_TEARDOWN(vm)
{
	sim_fault_clear();
	close(self->devfd);
}

/* Capabilities and fd types */

TEST_F(vm, caps_match_protocol)
{
	const char *expect = getenv("GUNYAH_SIM_PROTOCOL");
	struct gunyah_capabilities caps;
	unsigned int i;
	__u64 want;

	ASSERT_OK(query_caps(self->devfd, &caps));
	if (expect)
		EXPECT_EQ(strcmp(expect, "full") ? GUNYAH_RM_PROTOCOL_OSS :
			  GUNYAH_RM_PROTOCOL_FULL, caps.rm_protocol);
	want = caps.rm_protocol == GUNYAH_RM_PROTOCOL_FULL ? FULL_FEATURES :
							     OSS_FEATURES;
	EXPECT_EQ(want, caps.features & FULL_FEATURES);
	EXPECT_EQ(0, caps.padding);
	for (i = 0; i < ARRAY_SIZE(caps.reserved); i++)
		EXPECT_EQ(0, caps.reserved[i]);
}

TEST_F(vm, caps_nonzero_input_is_einval)
{
	struct gunyah_capabilities caps = { .padding = 1 };
	unsigned int i;

	EXPECT_ERRNO(EINVAL, ioctl(self->devfd, GUNYAH_QUERY_CAPS, &caps));
	for (i = 0; i < ARRAY_SIZE(caps.reserved); i++) {
		memset(&caps, 0, sizeof(caps));
		caps.reserved[i] = 1ULL << 63;
		EXPECT_ERRNO(EINVAL, ioctl(self->devfd, GUNYAH_QUERY_CAPS,
					   &caps)) TH_LOG("reserved[%u]", i);
	}
}

TEST_F(vm, create_vm_is_new_and_cloexec)
{
	char val[32];
	int vmfd;

	vmfd = create_vm(self->devfd);
	ASSERT_LE(0, vmfd) TH_LOG("CREATE_VM: %s", strerror(errno));
	EXPECT_EQ(FD_CLOEXEC, fcntl(vmfd, F_GETFD) & FD_CLOEXEC);
	EXPECT_STREQ("NEW", vm_state(vmfd));
	ASSERT_EQ(0, fdinfo_get(vmfd, "gunyah_vmid", val, sizeof(val)));
	EXPECT_STREQ("0x0", val);
	/* Creating the VM does not talk to the RM. */
	EXPECT_EQ(0, sim_vms(-1, NULL, 0));
	close(vmfd);
}

TEST_F(vm, create_vm_unknown_type_is_einval)
{
	static const unsigned long types[] = { 1, 2, 0xff, ~0ul };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(types); i++)
		EXPECT_ERRNO(EINVAL, ioctl(self->devfd, GUNYAH_CREATE_VM,
					   types[i])) TH_LOG("type %#lx", types[i]);
}

TEST_F(vm, wrong_fd_type_is_enotty)
{
	struct gunyah_create_mem_args mem = { .size = RAM_SIZE };
	struct gunyah_capabilities caps = { };
	struct gunyah_map_mem_args map = { };
	int vmfd, gmem;

	vmfd = create_vm(self->devfd);
	ASSERT_LE(0, vmfd);
	gmem = create_gmem(self->devfd, RAM_SIZE, GHMF_CLOEXEC);
	ASSERT_LE(0, gmem);

	EXPECT_ERRNO(ENOTTY, ioctl(vmfd, GUNYAH_CREATE_VM, 0));
	EXPECT_ERRNO(ENOTTY, ioctl(vmfd, GUNYAH_CREATE_GUEST_MEM, &mem));
	EXPECT_ERRNO(ENOTTY, ioctl(vmfd, GUNYAH_QUERY_CAPS, &caps));
	EXPECT_ERRNO(ENOTTY, ioctl(vmfd, GUNYAH_VCPU_RUN));
	EXPECT_ERRNO(ENOTTY, ioctl(self->devfd, GUNYAH_VM_MAP_MEM, &map));
	EXPECT_ERRNO(ENOTTY, ioctl(self->devfd, GUNYAH_VM_START));
	EXPECT_ERRNO(ENOTTY, _test_cmd_dtb(self->devfd, DTB_ADDR, DTB_SIZE));
	EXPECT_ERRNO(ENOTTY, ioctl(gmem, GUNYAH_VM_START));
	EXPECT_STREQ("NEW", vm_state(vmfd));
	close(gmem);
	close(vmfd);
}

TEST_F(vm, unknown_functions_are_enoent)
{
	static const struct {
		__u32 type;
		__u32 arg_size;
	} fns[] = {
		{ 0, 4 },
		{ 99, 4 },
	};
	__u8 arg[GUNYAH_FN_MAX_ARG_SIZE] = { };
	struct gunyah_fn_desc desc;
	unsigned int i;
	int vmfd;

	vmfd = create_vm(self->devfd);
	ASSERT_LE(0, vmfd);
	for (i = 0; i < ARRAY_SIZE(fns); i++) {
		desc = (struct gunyah_fn_desc) {
			.type = fns[i].type,
			.arg_size = fns[i].arg_size,
			.arg = (__u64)(unsigned long)arg,
		};
		EXPECT_ERRNO(ENOENT, ioctl(vmfd, GUNYAH_VM_ADD_FUNCTION, &desc))
			TH_LOG("add type %u", fns[i].type);
		EXPECT_ERRNO(ENOENT, ioctl(vmfd, GUNYAH_VM_REMOVE_FUNCTION,
					   &desc)) TH_LOG("remove type %u", fns[i].type);
	}
	close(vmfd);
}

/* The vCPU function: exact argument size, one per id, removal by id. */
TEST_F(vm, vcpu_function_add_remove)
{
	struct gunyah_fn_vcpu_arg arg = { .id = 0 }, other = { .id = 1 };
	struct gunyah_fn_desc desc = {
		.type = GUNYAH_FN_VCPU,
		.arg_size = sizeof(arg),
		.arg = (__u64)(unsigned long)&arg,
	};
	int vmfd, vcpufd;

	vmfd = create_vm(self->devfd);
	ASSERT_LE(0, vmfd);

	desc.arg_size = sizeof(arg) + 4;
	EXPECT_ERRNO(EINVAL, ioctl(vmfd, GUNYAH_VM_ADD_FUNCTION, &desc));
	desc.arg_size = GUNYAH_FN_MAX_ARG_SIZE + 1;
	EXPECT_ERRNO(EINVAL, ioctl(vmfd, GUNYAH_VM_ADD_FUNCTION, &desc));
	desc.arg_size = sizeof(arg);
	desc.arg = 8;
	EXPECT_ERRNO(EFAULT, ioctl(vmfd, GUNYAH_VM_ADD_FUNCTION, &desc));
	desc.arg = (__u64)(unsigned long)&arg;

	vcpufd = ioctl(vmfd, GUNYAH_VM_ADD_FUNCTION, &desc);
	ASSERT_LE(0, vcpufd) TH_LOG("%s", strerror(errno));
	EXPECT_EQ(FD_CLOEXEC, fcntl(vcpufd, F_GETFD) & FD_CLOEXEC);
	EXPECT_ERRNO(EEXIST, ioctl(vmfd, GUNYAH_VM_ADD_FUNCTION, &desc));
	EXPECT_EQ(page_size(), ioctl(vcpufd, GUNYAH_VCPU_MMAP_SIZE));
	EXPECT_ERRNO(ENOTTY, ioctl(vcpufd, GUNYAH_VM_START));

	desc.arg = (__u64)(unsigned long)&other;
	EXPECT_ERRNO(ENOENT, ioctl(vmfd, GUNYAH_VM_REMOVE_FUNCTION, &desc));
	desc.arg = (__u64)(unsigned long)&arg;
	EXPECT_OK(ioctl(vmfd, GUNYAH_VM_REMOVE_FUNCTION, &desc));
	EXPECT_ERRNO(ENOENT, ioctl(vmfd, GUNYAH_VM_REMOVE_FUNCTION, &desc));
	/* the vCPU fd outlives its function, but cannot run */
	EXPECT_ERRNO(ENODEV, ioctl(vcpufd, GUNYAH_VCPU_RUN, 0));
	close(vcpufd);
	close(vmfd);
}

/* Boot configuration and start */

TEST_F(vm, dtb_config_invalid)
{
	int vmfd = create_vm(self->devfd);

	ASSERT_LE(0, vmfd);
	test_err_dtb(EINVAL, vmfd, DTB_ADDR, 0);
	test_err_dtb(EINVAL, vmfd, ~0ULL - 0xfff, 0x2000);
	test_err_dtb(EINVAL, vmfd, 0x1000, ~0ULL);
	/* Setting it again replaces it. */
	test_cmd_dtb(vmfd, DTB_ADDR, DTB_SIZE);
	test_cmd_dtb(vmfd, DTB_ADDR + DTB_SIZE, DTB_SIZE);
	close(vmfd);
}

TEST_F(vm, start_without_dtb_is_einval)
{
	int vmfd, gmem;

	gmem = create_gmem(self->devfd, RAM_SIZE, 0);
	ASSERT_LE(0, gmem);
	vmfd = create_vm(self->devfd);
	ASSERT_LE(0, vmfd);
	test_err_start(EINVAL, vmfd);
	test_cmd_map_mem(vmfd, RAM_BASE, MEM_RWX, gmem, 0, RAM_SIZE);
	test_err_start(EINVAL, vmfd);
	EXPECT_STREQ("NEW", vm_state(vmfd));
	EXPECT_EQ(0, sim_vms(-1, NULL, 0));
	close(vmfd);
	close(gmem);
}

TEST_F(vm, start_dtb_not_in_one_mapping_is_einval)
{
	int vmfd, gmem;

	gmem = create_gmem(self->devfd, RAM_SIZE, 0);
	ASSERT_LE(0, gmem);
	vmfd = create_vm(self->devfd);
	ASSERT_LE(0, vmfd);

	/* No memory at all */
	test_cmd_dtb(vmfd, DTB_ADDR, DTB_SIZE);
	test_err_start(EINVAL, vmfd);

	/* Two adjacent mappings of 64 KiB */
	test_cmd_map_mem(vmfd, RAM_BASE, MEM_RWX, gmem, 0, SZ_64K);
	test_cmd_map_mem(vmfd, RAM_BASE + SZ_64K, MEM_RWX, gmem, SZ_64K,
			 SZ_64K);
	/* outside both */
	test_cmd_dtb(vmfd, RAM_BASE + 2 * SZ_64K, DTB_SIZE);
	test_err_start(EINVAL, vmfd);
	/* straddling both */
	test_cmd_dtb(vmfd, RAM_BASE + SZ_64K - 0x1000, 0x2000);
	test_err_start(EINVAL, vmfd);
	/* running off the end of the second */
	test_cmd_dtb(vmfd, RAM_BASE + 2 * SZ_64K - 0x1000, 0x2000);
	test_err_start(EINVAL, vmfd);
	/* below the first */
	test_cmd_dtb(vmfd, RAM_BASE - 0x1000, 0x2000);
	test_err_start(EINVAL, vmfd);
	EXPECT_STREQ("NEW", vm_state(vmfd));
	EXPECT_EQ(0, sim_vms(-1, NULL, 0));

	/* A failed start changes nothing: fix the DTB and start. */
	test_cmd_dtb(vmfd, RAM_BASE + SZ_64K, DTB_SIZE);
	test_cmd_start(vmfd);
	EXPECT_STREQ("RUNNING", vm_state(vmfd));
	close(vmfd);
	close(gmem);
	EXPECT_TRUE(wait_sim_vm_gone(-1, TEARDOWN_TIMEOUT_MS));
}

TEST_F(vm, start_runs_vm)
{
	char line[1024], val[32];
	int vmfd, gmem;
	long vmid;

	vmfd = create_std_vm(self->devfd, RAM_SIZE, &gmem);
	ASSERT_LE(0, vmfd) TH_LOG("%s", strerror(errno));
	EXPECT_EQ(0, vm_vmid(vmfd));
	test_cmd_start(vmfd);
	EXPECT_STREQ("RUNNING", vm_state(vmfd));
	vmid = vm_vmid(vmfd);
	EXPECT_LT(0, vmid);
	ASSERT_EQ(0, fdinfo_get(vmfd, "gunyah_vmid", val, sizeof(val)));
	ASSERT_EQ(1, sim_vms(vmid, line, sizeof(line))) TH_LOG("vmid %s", val);
	EXPECT_NE(NULL, strstr(line, " state=RUNNING ")) TH_LOG("%s", line);

	/* Starting again does nothing. */
	test_cmd_start(vmfd);
	EXPECT_STREQ("RUNNING", vm_state(vmfd));
	EXPECT_EQ(vmid, vm_vmid(vmfd));

	/* Boot configuration is over. */
	test_err_dtb(EBUSY, vmfd, DTB_ADDR, DTB_SIZE);
	test_err_boot_reg(EBUSY, vmfd, GUNYAH_VM_BOOT_CONTEXT_REG_SET_PC, 0,
			  RAM_BASE);
	test_err_fw(EBUSY, vmfd, RAM_BASE, SZ_64K);

	close(vmfd);
	close(gmem);
	EXPECT_TRUE(wait_sim_vm_gone(vmid, TEARDOWN_TIMEOUT_MS));
}

struct start_thread {
	pthread_barrier_t *barrier;
	int vmfd;
	int err;
};

static void *start_thread_fn(void *data)
{
	struct start_thread *t = data;

	pthread_barrier_wait(t->barrier);
	t->err = ERRNO_OF(ioctl(t->vmfd, GUNYAH_VM_START));
	return NULL;
}

TEST_F(vm, start_concurrently)
{
	struct start_thread t[2];
	pthread_barrier_t barrier;
	pthread_t tid[2];
	int vmfd, gmem;
	unsigned int i;

	vmfd = create_std_vm(self->devfd, RAM_SIZE, &gmem);
	ASSERT_LE(0, vmfd);
	ASSERT_EQ(0, pthread_barrier_init(&barrier, NULL, 2));
	for (i = 0; i < 2; i++) {
		t[i] = (struct start_thread) { &barrier, vmfd, -1 };
		ASSERT_EQ(0, pthread_create(&tid[i], NULL, start_thread_fn,
					    &t[i]));
	}
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, pthread_join(tid[i], NULL));
		EXPECT_EQ(0, t[i].err) TH_LOG("thread %u", i);
	}
	pthread_barrier_destroy(&barrier);
	EXPECT_STREQ("RUNNING", vm_state(vmfd));
	EXPECT_EQ(1, sim_vms(-1, NULL, 0));
	close(vmfd);
	close(gmem);
	EXPECT_TRUE(wait_sim_vm_gone(-1, TEARDOWN_TIMEOUT_MS));
}

TEST_F(vm, boot_context_invalid_reg)
{
	struct gunyah_vm_boot_context ctx = {
		.reg = GUNYAH_VM_BOOT_CONTEXT_REG(GUNYAH_VM_BOOT_CONTEXT_REG_SET_X,
						  0),
		.reserved = 1,
		.value = DTB_ADDR,
	};
	int vmfd = create_vm(self->devfd);

	ASSERT_LE(0, vmfd);
	test_err_boot_reg(EINVAL, vmfd, 3, 0, 0);
	test_err_boot_reg(EINVAL, vmfd, 0xff, 0, 0);
	test_err_boot_reg(EINVAL, vmfd, GUNYAH_VM_BOOT_CONTEXT_REG_SET_X, 31,
			  0);
	test_err_boot_reg(EINVAL, vmfd, GUNYAH_VM_BOOT_CONTEXT_REG_SET_X, 0xff,
			  0);
	test_err_boot_reg(EINVAL, vmfd, GUNYAH_VM_BOOT_CONTEXT_REG_SET_PC, 1,
			  RAM_BASE);
	test_err_boot_reg(EINVAL, vmfd, GUNYAH_VM_BOOT_CONTEXT_REG_SET_SP, 1,
			  RAM_BASE);
	EXPECT_ERRNO(EINVAL, ioctl(vmfd, GUNYAH_VM_SET_BOOT_CONTEXT, &ctx));
	/* The valid ones */
	test_cmd_boot_reg(vmfd, GUNYAH_VM_BOOT_CONTEXT_REG_SET_X, 30, 1);
	test_cmd_boot_reg(vmfd, GUNYAH_VM_BOOT_CONTEXT_REG_SET_PC, 0, RAM_BASE);
	test_cmd_boot_reg(vmfd, GUNYAH_VM_BOOT_CONTEXT_REG_SET_SP, 0, RAM_BASE);
	close(vmfd);
}

#define SET_X		GUNYAH_VM_BOOT_CONTEXT_REG_SET_X
#define SET_PC		GUNYAH_VM_BOOT_CONTEXT_REG_SET_PC
#define SET_SP		GUNYAH_VM_BOOT_CONTEXT_REG_SET_SP

struct boot_reg {
	__u32 set;
	__u32 index;
	__u64 value;
};

/* A boot context; at OSS only PC in the DTB's mapping and X0 == DTB work. */
static const struct boot_case {
	const char *name;
	bool oss_ok;
	unsigned int nr_regs;
	struct boot_reg regs[3];
} boot_cases[] = {
	{ "pc_and_x0", true, 2,
	  { { SET_PC, 0, RAM_BASE + 0x2000 }, { SET_X, 0, DTB_ADDR } } },
	{ "pc_at_end", true, 1, { { SET_PC, 0, RAM_BASE + RAM_SIZE - 0x1000 } } },
	{ "x0_only", true, 1, { { SET_X, 0, DTB_ADDR } } },
	{ "pc_after_mapping", false, 1, { { SET_PC, 0, RAM_BASE + RAM_SIZE } } },
	{ "pc_in_mmio", false, 1, { { SET_PC, 0, 0x40000000 } } },
	{ "x0_not_dtb", false, 2,
	  { { SET_PC, 0, RAM_BASE }, { SET_X, 0, DTB_ADDR + 0x1000 } } },
	{ "x1", false, 2, { { SET_X, 0, DTB_ADDR }, { SET_X, 1, 0x11 } } },
	{ "x30", false, 1, { { SET_X, 30, 0x30 } } },
	{ "sp", false, 2,
	  { { SET_PC, 0, RAM_BASE }, { SET_SP, 0, RAM_BASE + 0x8000 } } },
};

/* The simulator's "vms" notation of a boot register, e.g. "x1:0x11". */
static void boot_reg_show(const struct boot_reg *r, char *buf, size_t len)
{
	if (r->set == GUNYAH_VM_BOOT_CONTEXT_REG_SET_PC)
		snprintf(buf, len, "pc:%#llx", (unsigned long long)r->value);
	else if (r->set == GUNYAH_VM_BOOT_CONTEXT_REG_SET_SP)
		snprintf(buf, len, "sp:%#llx", (unsigned long long)r->value);
	else
		snprintf(buf, len, "x%u:%#llx", r->index,
			 (unsigned long long)r->value);
}

TEST_F_TIMEOUT(vm, boot_context_at_start, 120)
{
	bool full = self->protocol == GUNYAH_RM_PROTOCOL_FULL;
	char line[1024], reg[64];
	const struct boot_case *c;
	unsigned int i, j;
	int vmfd, gmem;

	for (i = 0; i < ARRAY_SIZE(boot_cases); i++) {
		c = &boot_cases[i];
		vmfd = create_std_vm(self->devfd, RAM_SIZE, &gmem);
		ASSERT_LE(0, vmfd);
		for (j = 0; j < c->nr_regs; j++)
			test_cmd_boot_reg(vmfd, c->regs[j].set, c->regs[j].index,
					  c->regs[j].value);
		if (full || c->oss_ok) {
			EXPECT_OK(_test_cmd_start(vmfd)) TH_LOG("%s", c->name);
			EXPECT_STREQ("RUNNING", vm_state(vmfd))
				TH_LOG("%s", c->name);
		} else {
			EXPECT_ERRNO(EOPNOTSUPP, _test_cmd_start(vmfd))
				TH_LOG("%s", c->name);
			/* Nothing reached the RM. */
			EXPECT_STREQ("NEW", vm_state(vmfd)) TH_LOG("%s", c->name);
			EXPECT_EQ(0, sim_vms(-1, NULL, 0)) TH_LOG("%s", c->name);
		}
		/* At FULL every register reaches the RM. */
		if (full && sim_vms(vm_vmid(vmfd), line, sizeof(line)) == 1) {
			for (j = 0; j < c->nr_regs; j++) {
				boot_reg_show(&c->regs[j], reg, sizeof(reg));
				EXPECT_NE(NULL, strstr(line, reg))
					TH_LOG("%s: %s not in %s", c->name, reg,
					       line);
			}
		}
		close(vmfd);
		close(gmem);
		ASSERT_TRUE(wait_sim_vm_gone(-1, TEARDOWN_TIMEOUT_MS))
			TH_LOG("%s", c->name);
	}
}

TEST_F(vm, fw_config_invalid)
{
	int vmfd = create_vm(self->devfd);

	ASSERT_LE(0, vmfd);
	test_err_fw(EINVAL, vmfd, RAM_BASE + 0x10, SZ_64K);
	test_err_fw(EINVAL, vmfd, RAM_BASE, SZ_64K + 0x10);
	test_err_fw(EINVAL, vmfd, RAM_BASE, 0);
	test_err_fw(EINVAL, vmfd, ~0ULL - SZ_64K + 1, 2 * SZ_64K);
	test_cmd_fw(vmfd, RAM_BASE + 8 * SZ_64K, SZ_64K);
	close(vmfd);
}

TEST_F(vm, fw_config_at_start)
{
	static const struct {
		__u64 addr;
		__u64 size;
	} bad[] = {
		{ RAM_BASE + RAM_SIZE, SZ_64K },		/* after */
		{ RAM_BASE + RAM_SIZE - SZ_64K, 2 * SZ_64K },	/* across end */
		{ RAM_BASE - SZ_64K, 2 * SZ_64K },		/* across start */
	};
	unsigned int i;
	int vmfd, gmem;

	vmfd = create_std_vm(self->devfd, RAM_SIZE, &gmem);
	ASSERT_LE(0, vmfd);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		test_cmd_fw(vmfd, bad[i].addr, bad[i].size);
		EXPECT_ERRNO(EINVAL, _test_cmd_start(vmfd)) TH_LOG("case %u", i);
		EXPECT_STREQ("NEW", vm_state(vmfd));
	}
	EXPECT_EQ(0, sim_vms(-1, NULL, 0));
	test_cmd_fw(vmfd, RAM_BASE + 8 * SZ_64K, SZ_64K);
	test_cmd_start(vmfd);
	EXPECT_STREQ("RUNNING", vm_state(vmfd));
	test_err_fw(EBUSY, vmfd, RAM_BASE + 8 * SZ_64K, SZ_64K);
	close(vmfd);
	close(gmem);
	EXPECT_TRUE(wait_sim_vm_gone(-1, TEARDOWN_TIMEOUT_MS));
}

/* Exit and teardown */

TEST_F(vm, exit_then_close)
{
	char val[32];
	int vmfd, gmem;
	long vmid;

	vmfd = create_std_vm(self->devfd, RAM_SIZE, &gmem);
	ASSERT_LE(0, vmfd);
	test_cmd_start(vmfd);
	vmid = vm_vmid(vmfd);
	ASSERT_LT(0, vmid);

	ASSERT_EQ(0, sim_vm_exit(vmid, GUNYAH_VM_EXIT_TYPE_WDT_BITE, 3))
		TH_LOG("write %sexit", SIM_DIR);
	ASSERT_TRUE(wait_vm_state(vmfd, "EXITED", TEARDOWN_TIMEOUT_MS))
		TH_LOG("state %s", vm_state(vmfd));
	ASSERT_EQ(0, fdinfo_get(vmfd, "gunyah_exit_type", val, sizeof(val)));
	EXPECT_STREQ("4", val);
	ASSERT_EQ(0, fdinfo_get(vmfd, "gunyah_exit_reason", val, sizeof(val)));
	EXPECT_STREQ("0x00030000", val);

	/* An exited VM cannot be started or given memory again. */
	test_err_start(EBUSY, vmfd);
	test_err_map_mem(EBUSY, vmfd, RAM_BASE + RAM_SIZE, MEM_RWX, gmem, 0,
			 SZ_64K);
	test_err_dtb(EBUSY, vmfd, DTB_ADDR, DTB_SIZE);
	EXPECT_STREQ("EXITED", vm_state(vmfd));

	close(vmfd);
	close(gmem);
	EXPECT_TRUE(wait_sim_vm_gone(vmid, TEARDOWN_TIMEOUT_MS));
}

TEST_F(vm, close_running_vm_tears_down)
{
	int vmfd, gmem;
	long vmid;

	vmfd = create_std_vm(self->devfd, RAM_SIZE, &gmem);
	ASSERT_LE(0, vmfd);
	test_cmd_start(vmfd);
	vmid = vm_vmid(vmfd);
	ASSERT_LT(0, vmid);
	EXPECT_EQ(1, sim_vms(vmid, NULL, 0));
	/* The guest memory file goes first: the VM keeps it alive. */
	close(gmem);
	close(vmfd);
	EXPECT_TRUE(wait_sim_vm_gone(vmid, TEARDOWN_TIMEOUT_MS));
}

TEST_F_TIMEOUT(vm, start_close_100_cycles, 300)
{
	int vmfd, gmem;
	unsigned int i;

	for (i = 0; i < 100; i++) {
		vmfd = create_std_vm(self->devfd, RAM_SIZE, &gmem);
		ASSERT_LE(0, vmfd) TH_LOG("cycle %u: %s", i, strerror(errno));
		ASSERT_OK(_test_cmd_start(vmfd)) TH_LOG("cycle %u", i);
		close(vmfd);
		close(gmem);
	}
	EXPECT_TRUE(wait_sim_vm_gone(-1, 2 * TEARDOWN_TIMEOUT_MS));
}

/* Resource Manager failures during start */

FIXTURE(rm_fault)
{
	int devfd;
};

FIXTURE_VARIANT(rm_fault)
{
	__u32 msg_id;
	__u32 rm_error;
	int err;
};

FIXTURE_VARIANT_ADD(rm_fault, vm_alloc_noresource)
{
	.msg_id = RM_VM_ALLOC_VMID,
	.rm_error = RM_ERROR_NORESOURCE,
	.err = ENODEV,
};

FIXTURE_VARIANT_ADD(rm_fault, vm_init_denied)
{
	.msg_id = RM_VM_INIT,
	.rm_error = RM_ERROR_DENIED,
	.err = EPERM,
};

FIXTURE_VARIANT_ADD(rm_fault, vm_start_nomem)
{
	.msg_id = RM_VM_START,
	.rm_error = RM_ERROR_NOMEM,
	.err = ENOMEM,
};

FIXTURE_VARIANT_ADD(rm_fault, mem_lend_argument_invalid)
{
	.msg_id = RM_MEM_LEND,
	.rm_error = RM_ERROR_ARG_INVALID,
	.err = EINVAL,
};

FIXTURE_SETUP(rm_fault)
{
	self->devfd = open_dev(_metadata);
}

FIXTURE_TEARDOWN(rm_fault)
{
	sim_fault_clear();
	close(self->devfd);
}

TEST_F(rm_fault, start_fails_then_succeeds)
{
	int vmfd, gmem;

	vmfd = create_std_vm(self->devfd, RAM_SIZE, &gmem);
	ASSERT_LE(0, vmfd);
	ASSERT_EQ(0, sim_fault_error(variant->msg_id, variant->rm_error, 1));
	test_err_start(variant->err, vmfd);
	/* Everything was undone: the VM is configurable again. */
	EXPECT_STREQ("NEW", vm_state(vmfd));
	EXPECT_EQ(0, vm_vmid(vmfd));
	EXPECT_EQ(0, sim_vms(-1, NULL, 0));

	ASSERT_EQ(0, sim_fault_clear());
	test_cmd_start(vmfd);
	EXPECT_STREQ("RUNNING", vm_state(vmfd));
	EXPECT_LT(0, vm_vmid(vmfd));
	close(vmfd);
	close(gmem);
	EXPECT_TRUE(wait_sim_vm_gone(-1, TEARDOWN_TIMEOUT_MS));
}

TEST_HARNESS_MAIN
