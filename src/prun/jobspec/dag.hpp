#pragma once
// The bookkeeping of jobs with dependencies, without any I/O: which jobs may start, which
// can never run, and which wait.
//
// A job is ready when every job it needs has succeeded; ready jobs are handed out lowest
// sequence number (file order) first. When a job fails (or is skipped), every job that
// needs it, directly or through others, is doomed: handed out as skipped, before any ready
// job. Jobs may be added while others run (a JSON Lines stream), and a job may name a need
// that is added later (a .json file lists jobs in any order); the caller guarantees there
// are no cycles and that every forward need is eventually added.

#include <cstdint>
#include <functional>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <prun/jobspec/job.hpp>
#include <prun/jobspec/job_stream.hpp>

namespace prun {

// How messages name a job: "'cc-b'", or "job 3" for a job without a name of its own.
std::string job_label(std::string_view name, std::uint64_t seq);

class Dag {
public:
    enum class Take { ready, skipped, waiting, empty };

    // Adds `job` (its seq must be new), needing the jobs with the seqs in `needs`.
    void add(Job job, const std::vector<std::uint64_t>& needs);
    // The next job to hand out: ready (run it), skipped (report it), or nothing: `waiting`
    // while some job waits on one that has not finished, `empty` when every job added has
    // been handed out.
    Take take(Job& out);
    // A handed-out job's final outcome. Skipped jobs count as failed; repeated reports and
    // unknown seqs are ignored. The jobs a failure dooms are handed out with
    // `skipped_because` naming it and saying how it failed.
    void finish(const JobEnd& end);
    // Jobs added and not yet handed out.
    std::size_t unhanded() const { return m_unhanded; }

private:
    // A job that has been added and has not finished. Finished jobs keep only their outcome
    // (a byte each, and why for a failure), so a long stream costs little per job.
    enum class State { waiting, ready, doomed, running, skipped };
    struct Node {
        Job job;
        State state = State::waiting;
        unsigned unmet = 0; // needs that have not succeeded yet
        std::vector<std::uint64_t> dependents;
        // Doomed: why it will be skipped. Skipped: "'name', which was skipped", for the
        // jobs that need it.
        std::string why;
    };
    enum class Outcome : unsigned char { none, succeeded, failed };
    using MinHeap = std::priority_queue<std::uint64_t, std::vector<std::uint64_t>, std::greater<>>;

    // Dooms `seq`, which needs a job that failed (`failure`: "'cc', which exited 1"), and,
    // transitively, every waiting job that needs it.
    void doom(std::uint64_t seq, const std::string& failure);
    void need_succeeded(Node& node, std::uint64_t seq);
    Outcome outcome(std::uint64_t seq) const {
        return seq < m_outcomes.size() ? m_outcomes[seq] : Outcome::none;
    }
    void set_outcome(std::uint64_t seq, bool succeeded, std::string why);

    std::unordered_map<std::uint64_t, Node> m_nodes;
    std::vector<Outcome> m_outcomes; // by seq, of finished jobs
    // Finished jobs that failed or were skipped: "'name', which exited 1".
    std::unordered_map<std::uint64_t, std::string> m_failures;
    // Dependents of seqs not added yet (forward references in a .json file).
    std::unordered_map<std::uint64_t, std::vector<std::uint64_t>> m_forward;
    MinHeap m_ready;
    MinHeap m_doomed;
    std::size_t m_unhanded = 0;
};

} // namespace prun
