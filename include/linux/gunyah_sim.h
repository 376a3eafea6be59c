/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Gunyah simulator (gunyah_sim.ko): the interface for in-kernel tests that
 * drive the Gunyah driver against the simulated Resource Manager.
 */
#ifndef _LINUX_GUNYAH_SIM_H
#define _LINUX_GUNYAH_SIM_H

#include <linux/types.h>

/*
 * A message queue the host may both send on and receive from, with no
 * interrupt and no Resource Manager behind it: the bare transport, the
 * baseline of the RPC benchmark.
 */
#define GUNYAH_SIM_CAP_LOOPBACK		2

ssize_t gunyah_sim_rm_last_request(u32 msg_id, void *buf, size_t size);
int gunyah_sim_fault_set(const char *cmd);
int gunyah_sim_vm_exit(u16 vmid, u16 exit_type, u16 exit_code);
int gunyah_sim_vcpu_kick(u64 capid);

#endif /* _LINUX_GUNYAH_SIM_H */
