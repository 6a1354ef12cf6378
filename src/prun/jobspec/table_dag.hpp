#pragma once
// Dag's bookkeeping (dag.hpp: ready jobs in file order, skipped ones first, failures
// dooming what needs them) for the jobs of a .json file, which are all known before the
// first runs: a byte of state and a count of unmet needs per job, over the JobTable's
// needs and dependents, and a job unpacked only when it is handed out. 100,000 waiting jobs
// cost well under 100 bytes each, where a Dag node with its Job costs several hundred.

#include <cstdint>
#include <functional>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include <prun/jobspec/dag.hpp>
#include <prun/jobspec/job_table.hpp>

namespace prun {

class TableDag {
public:
    explicit TableDag(JobTable table);

    // As Dag::take() and Dag::finish().
    Dag::Take take(Job& out);
    void finish(const JobEnd& end);
    std::size_t unhanded() const { return m_unhanded; }
    std::size_t size() const { return m_table.size(); }

private:
    enum class State : unsigned char { waiting, ready, doomed, running, skipped, finished };
    using MinHeap = std::priority_queue<std::uint32_t, std::vector<std::uint32_t>, std::greater<>>;

    void doom(std::uint32_t index, const std::string& failure);
    std::string skipped_phrase(std::uint32_t index) const;

    JobTable m_table;
    std::vector<State> m_state;
    std::vector<std::uint32_t> m_unmet;
    std::unordered_map<std::uint32_t, std::string> m_why; // doomed jobs: "needs ..."
    MinHeap m_ready;
    MinHeap m_doomed;
    std::size_t m_unhanded = 0;
};

} // namespace prun
