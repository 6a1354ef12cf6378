#include <fstream>
#include <set>
#include <sstream>

#include <prun/util/cpu_topology.hpp>

namespace prun {

namespace {

bool read_text(const std::string& path, std::string& text) {
    std::ifstream in(path);
    if (!in) return false;
    std::ostringstream content;
    content << in.rdbuf();
    text = content.str();
    return true;
}

} // namespace

CpuTopology read_cpu_topology(const std::string& root) {
    std::set<std::string> sockets, cores;
    unsigned threads = 0;
    std::string package, siblings;
    for (unsigned cpu = 0;; ++cpu) {
        std::string dir = root + "/cpu" + std::to_string(cpu) + "/topology/";
        if (!read_text(dir + "physical_package_id", package)) break;
        sockets.insert(package);
        if (read_text(dir + "thread_siblings", siblings)) cores.insert(siblings);
        ++threads;
    }
    CpuTopology topology;
    if (threads == 0) return topology;
    topology.threads = threads;
    topology.sockets = static_cast<unsigned>(sockets.size());
    topology.cores = cores.empty() ? threads : static_cast<unsigned>(cores.size());
    return topology;
}

} // namespace prun
