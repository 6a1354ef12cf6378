#include <charconv>
#include <cstdlib>

#include <prun/proc/path_lookup.hpp>
#include <prun/remote/job_context.hpp>
#include <prun/remote/slurm_runner.hpp>
#include <prun/util/error.hpp>

namespace prun::remote {

namespace {
std::optional<unsigned> parse_unsigned(std::string_view text) {
    unsigned value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
    return value;
}
} // namespace

SlurmRunner::SlurmRunner(const SpawnContext& context, bool capture,
                         std::vector<std::string> srun_args)
    : m_local(context, capture), m_jobs(m_local) {
    PathCache paths;
    if (paths.find("srun").empty()) throw Error("--slurm: srun not found on PATH");
    // -Q: no "step creation temporarily disabled" notices while steps wait for CPUs.
    m_srun = {"srun", "--exclusive", "-n1", "-N1", "-Q"};
    m_srun.insert(m_srun.end(), srun_args.begin(), srun_args.end());
    m_srun.emplace_back("--");
}

pid_t SlurmRunner::start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) {
    std::vector<std::string> argv = m_srun;
    auto job = remote_job_argv(m_jobs.nonce(), seq, slot, spec.shell, code_with_job_context(spec));
    argv.insert(argv.end(), job.begin(), job.end());
    return m_jobs.start(seq, slot, argv, 0, err);
}

void SlurmRunner::wait(int timeout_ms, int input_fd, ProcessObserver& observer) {
    m_observer = &observer;
    m_local.processes().wait(timeout_ms, input_fd, *this);
    m_observer = nullptr;
}

void SlurmRunner::on_output(std::uint64_t token, Stream stream, std::string_view data) {
    m_jobs.on_output(token, stream, data, m_observer);
}

void SlurmRunner::on_exit(std::uint64_t token, const ProcessExit& exit) {
    auto ended = m_jobs.on_exit(token, exit, m_observer);
    if (!ended || m_observer == nullptr) return;
    ProcessExit result = exit;
    result.status = ended->outcome.status; // srun's own failure if there is no status line
    result.host = ended->node;
    m_observer->on_exit(token, result);
}

void SlurmRunner::on_signal(int signal) {
    if (m_observer != nullptr) m_observer->on_signal(signal);
}

void SlurmRunner::on_input_ready() {
    if (m_observer != nullptr) m_observer->on_input_ready();
}

std::optional<unsigned> parse_slurm_cpus_per_node(std::string_view text) {
    unsigned long total = 0;
    while (!text.empty()) {
        std::size_t comma = text.find(',');
        std::string_view item = text.substr(0, comma);
        unsigned repeat = 1;
        std::size_t paren = item.find("(x");
        if (paren != std::string_view::npos) {
            if (item.back() != ')') return std::nullopt;
            auto count = parse_unsigned(item.substr(paren + 2, item.size() - paren - 3));
            if (!count) return std::nullopt;
            repeat = *count;
            item = item.substr(0, paren);
        }
        auto cpus = parse_unsigned(item);
        if (!cpus) return std::nullopt;
        total += static_cast<unsigned long>(*cpus) * repeat;
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    if (total == 0 || total > 1'000'000) return std::nullopt;
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
