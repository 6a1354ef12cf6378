#include <cerrno>
#include <fcntl.h>
#include <memory>
#include <unistd.h>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <prun/app.hpp>
#include <prun/cli/parse.hpp>
#include <prun/exit_policy.hpp>
#include <prun/jobspec/argument_source.hpp>
#include <prun/output/mux.hpp>
#include <prun/remote/remote_runner.hpp>
#include <prun/remote/slurm_runner.hpp>
#include <prun/remote/ssh_command.hpp>
#include <prun/report/timings.hpp>
#include <prun/sched/command_builder.hpp>
#include <prun/sched/dry_runner.hpp>
#include <prun/sched/local_runner.hpp>
#include <prun/sched/scheduler.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {

void configure_logging(bool verbose) {
    auto logger = spdlog::stderr_logger_st("prun");
    spdlog::set_default_logger(logger);
    if (verbose) {
        spdlog::set_level(spdlog::level::debug);
        spdlog::set_pattern("prun: [%H:%M:%S.%e] %l: %v");
    } else {
        spdlog::set_level(spdlog::level::warn);
        spdlog::set_pattern("prun: %l: %v");
    }
}

// Process-wide settings children must not inherit, captured once before any spawn.
SpawnContext make_spawn_context(Fd& devnull) {
    SpawnContext context;
    devnull.reset(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    if (!devnull) throw Error("cannot open /dev/null: {}", errno_text(errno));
    context.devnull_fd = devnull.get();
    // Many jobs at once need two descriptors each: take the hard limit for ourselves, and
    // give the jobs back the soft limit they would have had without us.
    ::getrlimit(RLIMIT_NOFILE, &context.original_nofile);
    rlimit raised = context.original_nofile;
    raised.rlim_cur = raised.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &raised);
    return context;
}

int run(const Options& options) {
    ArgumentSource source(options.inputs, options.delimiter);
    CommandBuilder commands(options);
    Writer out(STDOUT_FILENO);
    Writer err(STDERR_FILENO);
    OutputMux mux(options.output_mode, options.keep_order, out, err);

    Fd devnull; // outlives the runner, whose jobs get it as stdin
    // -S: jobs go to hosts (outlives the runner, which marks them up and down).
    std::optional<HostPool> hosts;
    if (!options.hosts.empty() && !options.dry_run) hosts.emplace(options.hosts);
    std::unique_ptr<Runner> runner;
    if (options.dry_run) {
        runner = std::make_unique<DryRunner>();
    } else {
        // Ungrouped output without tags needs no copy: jobs write to our stdout directly.
        bool capture = options.output_mode != OutputMode::ungroup || options.tag ||
                       options.tagstring.has_value();
        if (options.slurm)
            runner = std::make_unique<remote::SlurmRunner>(make_spawn_context(devnull), capture,
                                                           options.slurm_args);
        else if (hosts)
            runner = std::make_unique<remote::RemoteRunner>(
                make_spawn_context(devnull), capture, *hosts,
                *remote::split_command_words(options.ssh_command), options.cleanup);
        else
            runner = std::make_unique<LocalRunner>(make_spawn_context(devnull), capture);
    }

    std::vector<Reporter*> reporters;
    TimingsReporter timings(err);
    if (options.timings) reporters.push_back(&timings);

    SchedulerPolicy policy;
    policy.max_jobs = hosts ? hosts->total_slots() : options.max_jobs;
    policy.timeout_seconds = options.timeout_seconds;
    policy.timeout_percent = options.timeout_percent;
    policy.term_timeout_seconds = options.term_timeout_seconds;
    policy.attempts = options.attempts;
    policy.halt = options.halt;
    policy.delay_seconds = options.delay_seconds;
    Scheduler scheduler(policy, source, commands, *runner, mux, out, err, reporters);
    if (hosts) scheduler.use_hosts(*hosts);
    RunResult result = scheduler.run();
    if (!result.error.empty()) err.write(fmt::format("prun: {}\n", result.error));
    if (result.output_errno != 0 && result.output_errno != EPIPE)
        spdlog::error("cannot write to standard output: {}", errno_text(result.output_errno));
    return exit_status_for(result);
}

} // namespace

int main(int argc, char** argv) {
    try {
        std::vector<std::string> args(argv + 1, argv + argc);
        ParsedCommandLine parsed = parse_command_line(args);
        if (!parsed.options) return parsed.exit_code;
        configure_logging(parsed.options->verbose);
        return run(*parsed.options);
    } catch (const Error& e) {
        ::dprintf(STDERR_FILENO, "prun: %s\n", e.what());
        return k_exit_prun_error;
    } catch (const std::exception& e) {
        ::dprintf(STDERR_FILENO, "prun: internal error: %s\n", e.what());
        return k_exit_prun_error;
    }
}

} // namespace prun
