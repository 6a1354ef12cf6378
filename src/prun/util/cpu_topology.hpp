#pragma once
// How many CPU sockets, cores and hardware threads this machine has, counted as GNU parallel
// counts them (--number-of-sockets, --number-of-cores, --number-of-threads).

#include <string>

namespace prun {

struct CpuTopology {
    unsigned sockets = 1;
    unsigned cores = 1;
    unsigned threads = 1;
};

// From /sys/devices/system/cpu (`root`): a socket per distinct physical_package_id, a core
// per distinct thread_siblings mask, a thread per cpuN directory with a topology.
CpuTopology read_cpu_topology(const std::string& root = "/sys/devices/system/cpu");

} // namespace prun
