#pragma once
// --slurm: each job runs as a step of the Slurm allocation prun runs in (salloc, sbatch):
//   srun --exclusive -n1 -N1 -Q [--slurm-args] -- /bin/sh -c WRAPPER ...
// Slurm picks the node and the CPUs; --exclusive gives each step CPUs of its own, so steps
// beyond the allocation wait for one to end. The job runs under the same wrapper as on
// ssh hosts (wrapper.hpp), its stdin the pipe srun forwards to it: a single SIGINT to
// srun only makes it print status, so signals travel as lines to the watcher instead,
// and SIGKILL kills srun, which ends the step. The status line gives the job's real exit
// status and the node it ran on ($SLURMD_NODENAME), reported as its host.
//
// Workers (the default, unless --no-worker or --slurm-args): instead of a step per job,
// one step per node of the allocation, `srun -N1 -n1 --exclusive -w NODE -c CPUS` running
// `prun --worker` (this binary, by its path: the nodes see the same file system) with all
// of that node's CPUs, started before the first job; jobs go to the node whose worker runs
// the fewest for its CPUs. The controller sees one step per node whatever the number of
// jobs. A node whose worker does not start is left out; with none, jobs are steps again.
// A worker that dies mid-run fails its running jobs (killed), and its node is left out.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <prun/remote/watched_jobs.hpp>
#include <prun/runner/routing_runner.hpp>
#include <prun/util/environment.hpp>
#include <prun/worker/worker_channel.hpp>

namespace prun::remote {

class SlurmRunner : public RoutingRunner {
public:
    // `srun_args`: the words of --slurm-args. `use_worker`: a worker per node (see above);
    // `verbose`: say on stderr when jobs run as steps of their own instead. Throws Error
    // when srun is not on PATH.
    SlurmRunner(const SpawnContext& context, bool capture, std::vector<std::string> srun_args,
                bool use_worker = false, bool verbose = false);
    // Ends the workers' steps (their stdin closes; bounded wait).
    ~SlurmRunner() override;

    pid_t start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) override;
    void signal_all(int signal) override;
    void signal_job(pid_t pid, int signal) override;

private:
    struct Node {
        std::string name;
        unsigned cpus = 1;
        std::unique_ptr<worker::WorkerChannel> channel;
    };
    void start_workers(bool verbose);
    // The usable worker with the fewest jobs for its CPUs, or nullptr.
    Node* pick_node();

    void on_output(std::uint64_t token, Stream stream, std::string_view data) override;
    void on_exit(std::uint64_t token, const ProcessExit& exit) override;
    void on_signal(int signal) override;

    WatchedJobs m_jobs;
    std::vector<std::string> m_srun; // srun and its options, up to "--"
    std::vector<Node> m_nodes;       // with workers
    int m_startup_signal = 0;        // a stop signal while the workers started
};

// The task count of the allocation prun runs in, for -j: $SLURM_NTASKS, else the sum of
// $SLURM_JOB_CPUS_PER_NODE ("2(x3),4"); nullopt if neither says.
std::optional<unsigned> slurm_allocation_tasks(const Environment& env);

// The CPUs of each node, in node order, from a $SLURM_JOB_CPUS_PER_NODE value ("2(x2),4"
// is {2, 2, 4}); nullopt if malformed (a node with 0 CPUs, more than 100,000 nodes).
std::optional<std::vector<unsigned>> expand_slurm_cpus_per_node(std::string_view text);

// The sum of expand_slurm_cpus_per_node ("2(x3),4" is 10); nullopt if that is, or if the
// sum exceeds 1,000,000.
std::optional<unsigned> parse_slurm_cpus_per_node(std::string_view text);

} // namespace prun::remote
