#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <prun/proc/path_lookup.hpp>
#include <prun/remote/job_context.hpp>
#include <prun/remote/slurm_runner.hpp>
#include <prun/util/clock.hpp>
#include <prun/util/error.hpp>
#include <prun/worker/worker_runner.hpp>

namespace prun::remote {

namespace {
std::optional<unsigned> parse_unsigned(std::string_view text) {
    unsigned value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
    return value;
}

// Tokens of the workers' steps in the ProcessSet; job sequence numbers stay far below.
constexpr std::uint64_t k_node_worker_bit = std::uint64_t{1} << 62;
// How long the workers' steps get to start (Slurm may queue a step for a while), and to
// end at the end.
constexpr auto k_worker_start_limit = std::chrono::seconds(30);
constexpr auto k_worker_end_grace = std::chrono::seconds(5);

// The allocation's node names, in order ($SLURM_JOB_NODELIST, expanded by scontrol).
std::vector<std::string> allocation_nodes() {
    std::vector<std::string> nodes;
    const char* list = std::getenv("SLURM_JOB_NODELIST");
    if (list == nullptr || *list == '\0') return nodes;
    // The list is Slurm's own ("n[1-3]"); it reaches scontrol as an argument, through
    // the environment, never as shell code.
    FILE* pipe = ::popen("scontrol show hostnames \"$SLURM_JOB_NODELIST\" 2>/dev/null", "r");
    if (pipe == nullptr) return nodes;
    char line[512];
    while (std::fgets(line, sizeof line, pipe) != nullptr) {
        std::string name(line);
        while (!name.empty() && (name.back() == '\n' || name.back() == '\r'))
            name.pop_back();
        if (!name.empty()) nodes.push_back(std::move(name));
    }
    if (::pclose(pipe) != 0) nodes.clear();
    return nodes;
}
} // namespace

SlurmRunner::SlurmRunner(const SpawnContext& context, bool capture,
                         std::vector<std::string> srun_args, bool use_worker, bool verbose)
    : RoutingRunner(context, capture), m_jobs(m_local) {
    PathCache paths;
    if (paths.find("srun").empty()) throw Error("--slurm: srun not found on PATH");
    // -Q: no "step creation temporarily disabled" notices while steps wait for CPUs.
    m_srun = {"srun", "--exclusive", "-n1", "-N1", "-Q"};
    m_srun.insert(m_srun.end(), srun_args.begin(), srun_args.end());
    m_srun.emplace_back("--");
    // --slurm-args shape each job's step (--cpus-per-task, --mem...): those stay steps.
    if (use_worker && srun_args.empty()) start_workers(verbose);
}

SlurmRunner::~SlurmRunner() {
    MonoTime deadline = MonoClock::now() + k_worker_end_grace;
    for (Node& node : m_nodes)
        node.channel->close();
    auto running = [this] {
        return std::any_of(m_nodes.begin(), m_nodes.end(),
                           [](const Node& node) { return node.channel->pid() > 0; });
    };
    while (running() && MonoClock::now() < deadline) {
        auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - MonoClock::now());
        m_local.processes().wait(static_cast<int>(left.count()), -1, *this);
    }
}

void SlurmRunner::start_workers(bool verbose) {
    auto say = [verbose](const std::string& why) {
        spdlog::debug("--slurm: no workers ({}); a step per job", why);
        if (verbose)
            ::dprintf(STDERR_FILENO, "prun: --slurm: no workers (%s); a step per job\n",
                      why.c_str());
    };
    std::vector<std::string> names = allocation_nodes();
    const char* cpus_text = std::getenv("SLURM_JOB_CPUS_PER_NODE");
    auto cpus = expand_slurm_cpus_per_node(cpus_text != nullptr ? cpus_text : "");
    if (names.empty() || !cpus || cpus->size() != names.size()) {
        say("cannot tell the allocation's nodes and their CPUs");
        return;
    }
    std::string binary = worker::own_executable();
    for (std::size_t i = 0; i < names.size(); ++i) {
        Node& node = m_nodes.emplace_back();
        node.name = names[i];
        node.cpus = (*cpus)[i];
        node.channel = std::make_unique<worker::WorkerChannel>(m_local, k_node_worker_bit | i);
        // -u: slurmstepd would otherwise hold the worker's frames until a newline.
        std::vector<std::string> argv{"srun", "-u", "--exclusive", "-N1",
                                      "-n1",  "-Q", "-w",          node.name};
        argv.push_back("--cpus-per-task=" + std::to_string(node.cpus));
        argv.insert(argv.end(), {"--", binary, "--worker"});
        int err = 0;
        if (!node.channel->open(argv, err))
            throw Error("--slurm: cannot run srun: {}", errno_text(err));
    }
    // Before the first job: a worker that cannot start must not take jobs with it.
    MonoTime deadline = MonoClock::now() + k_worker_start_limit;
    auto pending = [this] {
        return std::any_of(m_nodes.begin(), m_nodes.end(), [](const Node& node) {
            return node.channel->pid() > 0 && !node.channel->ready();
        });
    };
    while (pending() && MonoClock::now() < deadline) {
        auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - MonoClock::now());
        m_local.processes().wait(static_cast<int>(left.count()), -1, *this);
        if (m_startup_signal != 0)
            throw Error("--slurm: {} while starting the workers", signal_name(m_startup_signal));
    }
    std::string failed;
    for (Node& node : m_nodes) {
        if (node.channel->ready()) continue;
        node.channel->kill(); // still queued, or not a worker: not used
        failed += (failed.empty() ? "" : ", ") + node.name;
        if (!node.channel->stderr_tail().empty())
            spdlog::debug("worker step on {}: {}", node.name, node.channel->stderr_tail());
    }
    if (!failed.empty() && pick_node() == nullptr)
        say("none started on " + failed);
    else if (!failed.empty() && verbose)
        ::dprintf(STDERR_FILENO, "prun: --slurm: no worker on %s; its CPUs are not used\n",
                  failed.c_str());
}

SlurmRunner::Node* SlurmRunner::pick_node() {
    Node* best = nullptr;
    for (Node& node : m_nodes) {
        if (!node.channel->ready() || !node.channel->usable()) continue;
        // Fewest jobs per CPU (compared without division).
        if (best == nullptr ||
            node.channel->running() * best->cpus < best->channel->running() * node.cpus)
            best = &node;
    }
    return best;
}

void SlurmRunner::signal_all(int signal) {
    for (Node& node : m_nodes)
        node.channel->signal_all(signal);
    m_jobs.signal_all(signal);
}

void SlurmRunner::signal_job(pid_t pid, int signal) {
    for (Node& node : m_nodes)
        if (node.channel->signal(pid, signal)) return;
    m_jobs.signal(pid, signal);
}

pid_t SlurmRunner::start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) {
    if (Node* node = pick_node()) {
        pid_t id = node->channel->start(seq, slot, spec_for_worker(spec), err);
        if (id > 0) spdlog::debug("job {} runs on {}'s worker", seq, node->name);
        return id;
    }
    std::vector<std::string> argv = m_srun;
    auto job = remote_job_argv(m_jobs.nonce(), seq, slot, spec.shell, code_with_job_context(spec));
    argv.insert(argv.end(), job.begin(), job.end());
    return m_jobs.start(seq, slot, argv, 0, err);
}

void SlurmRunner::on_output(std::uint64_t token, Stream stream, std::string_view data) {
    if ((token & k_node_worker_bit) != 0) {
        Node& node = m_nodes[token & ~k_node_worker_bit];
        node.channel->on_process_output(stream, data, m_observer, node.name);
        return;
    }
    m_jobs.on_output(token, stream, data, m_observer);
}

void SlurmRunner::on_exit(std::uint64_t token, const ProcessExit& exit) {
    if ((token & k_node_worker_bit) != 0) {
        Node& node = m_nodes[token & ~k_node_worker_bit];
        if (node.channel->ready() && node.channel->running() > 0)
            spdlog::warn("the worker on {} {}; its {} running job(s) failed{}{}", node.name,
                         exit.status.describe(), node.channel->running(),
                         node.channel->stderr_tail().empty() ? "" : ": ",
                         node.channel->stderr_tail());
        node.channel->on_process_exit(m_observer, node.name);
        return;
    }
    auto ended = m_jobs.on_exit(token, exit, m_observer);
    if (!ended || m_observer == nullptr) return;
    ProcessExit result = exit;
    result.status = ended->outcome.status; // srun's own failure if there is no status line
    result.host = ended->node;
    m_observer->on_exit(token, result);
}

void SlurmRunner::on_signal(int signal) {
    if (m_observer == nullptr) m_startup_signal = signal; // while the workers start
    RoutingRunner::on_signal(signal);
}

std::optional<std::vector<unsigned>> expand_slurm_cpus_per_node(std::string_view text) {
    // Slurm never reports a node with no CPUs; more than k_max_nodes nodes is not an
    // allocation either (and would cost memory to expand).
    constexpr std::size_t k_max_nodes = 100'000;
    std::vector<unsigned> cpus;
    while (!text.empty()) {
        std::size_t comma = text.find(',');
        std::string_view item = text.substr(0, comma);
        unsigned repeat = 1;
        std::size_t paren = item.find("(x");
        if (paren != std::string_view::npos) {
            if (item.back() != ')') return std::nullopt;
            auto count = parse_unsigned(item.substr(paren + 2, item.size() - paren - 3));
            if (!count || *count > k_max_nodes) return std::nullopt;
            repeat = *count;
            item = item.substr(0, paren);
        }
        auto value = parse_unsigned(item);
        if (!value || *value == 0) return std::nullopt;
        cpus.insert(cpus.end(), repeat, *value);
        if (cpus.size() > k_max_nodes) return std::nullopt;
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    if (cpus.empty()) return std::nullopt;
    return cpus;
}

std::optional<unsigned> parse_slurm_cpus_per_node(std::string_view text) {
    auto cpus = expand_slurm_cpus_per_node(text);
    if (!cpus) return std::nullopt;
    unsigned long total = 0;
    for (unsigned node : *cpus)
        total += node;
    if (total > 1'000'000) return std::nullopt;
    return static_cast<unsigned>(total);
}

std::optional<unsigned> slurm_allocation_tasks(const Environment& env) {
    if (auto ntasks = env("SLURM_NTASKS")) {
        auto value = parse_unsigned(*ntasks);
        if (value && *value > 0) return value;
    }
    if (auto cpus = env("SLURM_JOB_CPUS_PER_NODE")) return parse_slurm_cpus_per_node(*cpus);
    return std::nullopt;
}

} // namespace prun::remote
