#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <limits>
#include <memory>
#include <optional>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <prun/app.hpp>
#include <prun/cli/env_options.hpp>
#include <prun/cli/gnu_environment.hpp>
#include <prun/cli/parse.hpp>
#include <prun/cli/shebang.hpp>
#include <prun/exit_policy.hpp>
#include <prun/jobspec/counted_stream.hpp>
#include <prun/jobspec/job_streams.hpp>
#include <prun/jobspec/stated_total_stream.hpp>
#include <prun/output/codec.hpp>
#include <prun/output/mux.hpp>
#include <prun/output/terminal.hpp>
#include <prun/output/terminal_log.hpp>
#include <prun/perl/perl_evaluator.hpp>
#include <prun/proc/process_limit.hpp>
#include <prun/remote/remote_runner.hpp>
#include <prun/remote/slurm_runner.hpp>
#include <prun/remote/ssh_command.hpp>
#include <prun/report/progress.hpp>
#include <prun/report/report_set.hpp>
#include <prun/report/results.hpp>
#include <prun/report/results_table.hpp>
#include <prun/runner/dry_runner.hpp>
#include <prun/runner/fresh_dir_runner.hpp>
#include <prun/runner/local_runner.hpp>
#include <prun/runner/template_files.hpp>
#include <prun/runner/ticking_runner.hpp>
#include <prun/sched/command_builder.hpp>
#include <prun/sched/job_slots.hpp>
#include <prun/sched/pipe_files.hpp>
#include <prun/sched/round_robin.hpp>
#include <prun/sched/scheduler.hpp>
#include <prun/sched/system_gate.hpp>
#include <prun/sched/tee.hpp>
#include <prun/sem/sem_run.hpp>
#include <prun/util/environment.hpp>
#include <prun/util/error.hpp>
#include <prun/util/fd.hpp>
#include <prun/worker/worker_main.hpp>
#include <prun/worker/worker_runner.hpp>

namespace prun {

namespace {

void configure_logging(bool debug) {
    auto logger = spdlog::stderr_logger_st("prun");
    spdlog::set_default_logger(logger);
    if (debug) {
        spdlog::set_level(spdlog::level::debug);
        spdlog::set_pattern("prun: [%H:%M:%S.%e] %l: %v");
    } else {
        spdlog::set_level(spdlog::level::warn);
        spdlog::set_pattern("prun: %l: %v");
    }
}

// A closed stdin, stdout or stderr would be taken by the next descriptor prun opens (a
// pipe, the temporary file for held output), with confusing results. stdin and stderr
// become /dev/null; a closed stdout is an error before any job starts, since the output
// would have nowhere to go.
void check_standard_fds() {
    int stdout_flags = ::fcntl(STDOUT_FILENO, F_GETFL);
    if (stdout_flags < 0 && errno == EBADF) throw Error("standard output is closed");
    if (stdout_flags >= 0 && (stdout_flags & O_ACCMODE) == O_RDONLY)
        throw Error("standard output is open for reading only");
    for (int fd : {STDIN_FILENO, STDERR_FILENO}) {
        if (::fcntl(fd, F_GETFD) >= 0 || errno != EBADF) continue;
        // open() returns the lowest free descriptor: this one.
        int null = ::open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY);
        if (null >= 0 && null != fd) ::close(null);
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

// A signalfd that is readable while SIGINT or SIGTERM is pending (never read: the runner's
// own signalfd consumes them). Invalid when those signals are not blocked. Not SIGHUP: after
// it the running jobs finish and their output is still written (GNU parallel's way).
Fd stop_signal_fd() {
    sigset_t stops, blocked;
    sigemptyset(&stops);
    for (int sig : {SIGINT, SIGTERM})
        sigaddset(&stops, sig);
    ::sigprocmask(SIG_BLOCK, nullptr, &blocked);
    for (int sig : {SIGINT, SIGTERM})
        if (sigismember(&blocked, sig) != 1) return Fd();
    return Fd(::signalfd(-1, &stops, SFD_CLOEXEC | SFD_NONBLOCK));
}

// The runners the scheduler drives, innermost first: the one that runs the jobs, then
// --round-robin's dealer, then the progress line's ticker. Members in that order, so each
// decorator goes before the runner it wraps.
struct RunnerStack {
    std::unique_ptr<Runner> jobs;
    std::unique_ptr<TemplateFileRunner> template_files;
    std::unique_ptr<FreshDirRunner> fresh_dirs; // --wd ... (local jobs)
    std::unique_ptr<PipeFileRunner> pipe_files;
    std::unique_ptr<RoundRobinRunner> dealer;
    std::unique_ptr<TeeRunner> tee;
    std::unique_ptr<TickingRunner> ticking;
    Runner* top = nullptr; // what the scheduler talks to
};

// What runs the jobs: --dry-run, --slurm, -S hosts, or this machine. `devnull` and `hosts`
// must outlive it.
std::unique_ptr<Runner> make_job_runner(const Options& options, bool capture, Fd& devnull,
                                        HostPool* hosts) {
    if (options.dry_run) return std::make_unique<DryRunner>();
    if (options.slurm)
        return std::make_unique<remote::SlurmRunner>(make_spawn_context(devnull), capture,
                                                     options.slurm_args, !options.no_worker,
                                                     options.verbose || options.debug);
    if (hosts != nullptr)
        return std::make_unique<remote::RemoteRunner>(
            make_spawn_context(devnull), capture, *hosts,
            remote::RemoteSettings{
                *remote::split_command_words(options.ssh_command), options.cleanup,
                options.transfer || !options.transfer_file_templates.empty() ||
                    !options.return_files.empty(),
                !options.no_worker, options.verbose || options.debug, options.basefiles});
    // The test suite's hook: local jobs through a worker channel, as a remote host's go
    // (not --pipe, whose blocks go to the jobs' stdin, which a worker does not forward).
    const char* local_worker = std::getenv("PRUN_TEST_LOCAL_WORKER");
    if (local_worker != nullptr && std::string_view(local_worker) == "1" && !options.pipe.enabled)
        return std::make_unique<worker::WorkerRunner>(
            make_spawn_context(devnull),
            std::vector<std::string>{worker::own_executable(), "--worker"});
    SpawnContext context = make_spawn_context(devnull);
    context.nice = options.nice;
    auto local = std::make_unique<LocalRunner>(context, capture);
    if (!options.process_slot_var.empty()) local->set_slot_variable(options.process_slot_var);
    return local;
}

RunnerStack make_runners(const Options& options, bool capture, Fd& devnull, HostPool* hosts,
                         JobStreams& jobs, JobStream& stream, Ticker* ticker,
                         const PipeFiles* pipe_files) {
    RunnerStack stack;
    stack.jobs = make_job_runner(options, capture, devnull, hosts);
    stack.top = stack.jobs.get();
    if (!options.template_files.empty() && !options.dry_run) {
        stack.template_files = std::make_unique<TemplateFileRunner>(*stack.top);
        stack.top = stack.template_files.get();
    }
    if (options.fresh_local_workdir && !options.dry_run) {
        stack.fresh_dirs = std::make_unique<FreshDirRunner>(*stack.top);
        stack.top = stack.fresh_dirs.get();
    }
    // (Not for a dry run, which makes no files.)
    if (pipe_files != nullptr && !options.dry_run) {
        stack.pipe_files =
            std::make_unique<PipeFileRunner>(*stack.top, *pipe_files, options.pipe_file);
        stack.top = stack.pipe_files.get();
    }
    if (options.pipe.round_robin) {
        stack.dealer =
            std::make_unique<RoundRobinRunner>(*stack.top, *jobs.blocks(), jobs.stream());
        stack.top = stack.dealer.get();
    }
    if ((options.pipe.tee || options.pipe.shard) && jobs.blocks() != nullptr) {
        stack.tee = std::make_unique<TeeRunner>(*stack.top, *jobs.blocks(), stream, jobs.router());
        stack.top = stack.tee.get();
    }
    if (ticker != nullptr) {
        stack.ticking = std::make_unique<TickingRunner>(*stack.top, *ticker);
        stack.top = stack.ticking.get();
    }
    return stack;
}

// Whether job output must pass through prun. Ungrouped output without tags needs no copy:
// jobs write to our stdout directly. The status line needs every byte to pass through
// prun, which clears it first.
bool capture_output(const Options& options, const ReportSet& reports, bool show_progress) {
    return options.output_mode != OutputMode::ungroup || options.tag || options.files ||
           options.tagstring.has_value() || reports.needs_output() || show_progress;
}

SchedulerPolicy scheduler_policy(const Options& options, const HostPool* hosts) {
    // The command line's part, then what the run adds to it.
    SchedulerPolicy policy = static_cast<const SchedulerPolicy&>(options);
    // A dry run's jobs cost nothing to hold but memory: -j 0 must not queue them all.
    policy.max_jobs = hosts != nullptr  ? hosts->total_slots()
                      : options.dry_run ? std::min(options.max_jobs, k_dry_run_max_jobs)
                                        : options.max_jobs;
    // A dry run prints each command on stdout already (GNU: -t still adds stderr's copy).
    policy.print_commands = options.verbose && !options.dry_run;
    policy.list_skipped = options.dry_run && !options.shell_quote_only;
    policy.trace_commands = options.trace;
    if (options.results && results_table_format(*options.results))
        policy.record_arg_bytes = std::numeric_limits<std::size_t>::max();
    return policy;
}

// Leaves the jobs' own forks room under ulimit -u: prun taking every process slot for the
// jobs' shells makes their commands fail with "Cannot fork" (GNU caps its slots too).
void cap_to_process_room(SchedulerPolicy& policy, Writer& err) {
    std::optional<ProcessRoom> room = process_room();
    if (!room || room->jobs >= policy.max_jobs) return;
    err.write(fmt::format("prun: ulimit -u is {} and {} of this user's processes run: running at "
                          "most {} job{} at once, to leave their commands room to fork\n",
                          room->limit, room->used, room->jobs, room->jobs == 1 ? "" : "s"));
    policy.max_jobs = room->jobs;
}

// --tee, --shard and --bin give the input to every job at once: a job that could not
// start until another ended would miss it (GNU then hangs). Throws Error unless all jobs
// fit in the slots.
void check_all_fit(CountedStream& jobs, unsigned slots, const char* option) {
    // (The arguments are never stdin, which is the jobs' input; a FIFO given with -a could
    // keep them coming, and is then read before the run, as {##} would.)
    while (!jobs.read_all())
        jobs.on_readable();
    std::uint64_t total = jobs.total().value_or(0);
    if (total > slots)
        throw Error("{} gives the input to all of its jobs at once, so the {} jobs must run "
                    "together, but only {} can",
                    option, total, slots);
}

// Whether the jobs' arguments (or the job file, or --pipe's blocks) come from a terminal:
// prun then waits for lines typed there, which looks like a hang unless said.
bool reads_terminal(const Options& options) {
    if (::isatty(STDIN_FILENO) != 1) return false;
    if (options.jobfile) return *options.jobfile == "-";
    if (options.pipe.enabled || options.inputs.empty()) return true;
    return std::any_of(options.inputs.begin(), options.inputs.end(), [](const InputSpec& input) {
        return input.kind == InputSpec::Kind::file && input.path == "-";
    });
}

// Whether what prun writes to `fd` (not a terminal) may still reach the screen through
// another process: a pipe or socket (`| cat`, `| less`, `| tee`); a file or /dev/null cannot.
bool may_reach_terminal(int fd) {
    struct stat info {};
    return ::fstat(fd, &info) == 0 && (S_ISFIFO(info.st_mode) || S_ISSOCK(info.st_mode));
}

int run(const Options& options, const std::vector<std::string>& command_line) {
    MonoTime run_start = MonoClock::now();
    Terminal terminal(STDERR_FILENO); // before the Writers, which may be attached to it
    Writer out(STDOUT_FILENO);
    Writer err(STDERR_FILENO);
    bool color_out = use_color(options.color, STDOUT_FILENO);
    bool color_err = use_color(options.color, STDERR_FILENO);
    // GNU parallel says it too (in five lines); one is enough.
    if (reads_terminal(options))
        err.write(fmt::format("prun: reading {} from the terminal; Ctrl-D ends them (or give "
                              "::: ARGS, -a FILE or a pipe)\n",
                              options.jobfile        ? "jobs"
                              : options.pipe.enabled ? "the input"
                                                     : "arguments"));
    // The status line only on a terminal that can redraw it; job output reaching that
    // screen goes around it (see output/terminal.hpp).
    bool show_progress = options.progress && terminal.smart();
    // A bad line late in a JSON Lines job file: said at once, the run then winds down.
    JobStreams jobs(
        options, options, options.max_jobs,
        [&err](const std::string& message) {
            err.write(fmt::format("prun: {}; no new job will start\n", message));
        },
        show_progress);
    // After the job streams: --resume reads the joblog that this then appends to.
    ReportSet reports(options, options.dry_run, command_line, out, err, color_err,
                      jobs.column_names());
    CommandBuilder commands(options, jobs.column_names(), options.pipe.enabled);
    // --cat, --fifo: the jobs' files, removed with their directory however the run ends.
    std::optional<PipeFiles> pipe_files;
    if (options.pipe_file != CommandSettings::PipeFile::none) {
        pipe_files.emplace();
        commands.use_pipe_files(*pipe_files);
    }
    jobs.measure_lines_with([&commands](std::span<const std::string> args, std::uint64_t seq) {
        return commands.command_length(args, seq);
    });
    // One perl process for the templates' expressions, started (and every expression
    // compiled) before any job, so that a bad one stops the run before it begins.
    std::unique_ptr<perl::PerlEvaluator> perl;
    if (!commands.expressions().empty()) {
        perl = std::make_unique<perl::PerlEvaluator>(commands.expressions(), options.max_jobs);
        commands.use_evaluator(*perl);
    }
    // {##} and total_jobs() need the number of jobs before the first one starts.
    std::optional<CountedStream> counted;
    // (Not for job files: their jobs wait for others to finish, so reading all first would
    // wait forever; a job file's tags see the total only once it is known.)
    // (--tee too: every job runs at once, so their number must be known to fit the slots.)
    // (--total-jobs N states it instead: nothing is read ahead.)
    bool count_first =
        (commands.needs_total() && !options.total_jobs) || options.pipe.tee || options.pipe.shard;
    if (count_first && !options.jobfile) counted.emplace(jobs.stream());
    JobStream& counted_or_not = counted ? static_cast<JobStream&>(*counted) : jobs.stream();
    std::optional<StatedTotalStream> stated;
    if (options.total_jobs) stated.emplace(counted_or_not, *options.total_jobs);
    JobStream& job_stream = stated ? static_cast<JobStream&>(*stated) : counted_or_not;
    // --results -.csv (.tsv, .json): the table is all that goes to stdout, and the jobs'
    // stderr is in it too (GNU's way).
    Fd devnull_out;
    std::optional<Writer> discard;
    if (options.results && results_table_on_stdout(*options.results)) {
        devnull_out.reset(::open("/dev/null", O_WRONLY | O_CLOEXEC));
        if (!devnull_out) throw Error("cannot open /dev/null: {}", errno_text(errno));
        discard.emplace(devnull_out.get());
    }
    OutputMux mux(options.output_mode, options.keep_order, discard ? *discard : out,
                  discard ? *discard : err);
    mux.color_tags(color_out, color_err);
    // --compress: checked on a sample before any job starts, so that a compress program
    // that is missing or broken stops the run rather than the first job to spill.
    if (options.compress.enabled && options.output_mode != OutputMode::ungroup &&
        !options.dry_run) {
        std::unique_ptr<Codec> codec =
            options.compress.compress_program.empty()
                ? make_zstd_codec()
                : make_program_codec(options.compress.compress_program,
                                     options.compress.decompress_program);
        check_codec(*codec);
        mux.compress_spills(std::move(codec));
    }
    mux.paint_failed(options.color_failed);
    // --files (GNU ignores it with -u): under --results DIR, the names of its stdout files.
    std::unique_ptr<StdoutFiles> stdout_files;
    if (options.files && options.output_mode != OutputMode::ungroup) {
        if (reports.results() != nullptr)
            stdout_files = std::make_unique<ResultsStdoutFiles>(*reports.results());
        else
            stdout_files = std::make_unique<TempStdoutFiles>();
        mux.save_stdout_to(stdout_files.get());
    }

    std::optional<TerminalLogGuard> log_guard;
    std::vector<Reporter*> reporters = reports.reporters();
    std::optional<ProgressReporter> progress;
    if (show_progress) {
        err.attach(&terminal);
        if (::isatty(STDOUT_FILENO) == 1)
            out.attach(&terminal);
        else if (may_reach_terminal(STDOUT_FILENO))
            terminal.keep_status_on_bottom_row();
        log_guard.emplace(terminal);
        JobStream& stream = job_stream;
        progress.emplace(
            terminal, ProgressStyle{options.progress_graph, color_err}, options.max_jobs,
            [&stream]() -> std::optional<std::uint64_t> {
                // A stated total (--total-jobs) may be short: never fewer than started.
                auto total = stream.total();
                if (total) return std::max(*total, stream.count());
                return total;
            },
            run_start);
        reporters.push_back(&*progress);
    }

    Fd devnull; // outlives the runners, whose jobs get it as stdin
    // -S: jobs go to hosts (outlives the runners, which mark them up and down).
    std::optional<HostPool> hosts;
    if (!options.hosts.empty() && !options.dry_run) hosts.emplace(options.hosts);
    if (hosts && options.filter_hosts) hosts->filter_down_hosts();
    HostPool* host_pool = hosts ? &*hosts : nullptr;
    RunnerStack runners = make_runners(
        options, capture_output(options, reports, show_progress), devnull, host_pool, jobs,
        job_stream, progress ? &*progress : nullptr, pipe_files ? &*pipe_files : nullptr);
    // The runner has blocked the stop signals; a signalfd of our own for them lets a write
    // to a stalled reader give way to Ctrl-C (see Writer::set_stop_fd).
    Fd stop_signals = stop_signal_fd();
    out.set_stop_fd(stop_signals.get());
    err.set_stop_fd(stop_signals.get());

    SchedulerPolicy policy = scheduler_policy(options, host_pool);
    // Counted once the runner (and its orphan guard) and the perl process exist.
    if (!options.dry_run && !options.slurm && host_pool == nullptr)
        cap_to_process_room(policy, err);
    if ((options.pipe.tee || options.pipe.shard) && counted)
        check_all_fit(*counted, policy.max_jobs, options.pipe.tee ? "--tee" : "--shard/--bin");
    Scheduler scheduler(policy, job_stream, commands, *runners.top, mux, out, err, reporters);
    if (hosts) scheduler.use_hosts(*hosts);
    std::optional<SystemGate> gate;
    if (options.load_limits.any() && !options.dry_run) {
        gate.emplace(options.load_limits, SystemState::from_environment(), available_cpus(),
                     options.shell, MonoClock::now());
        scheduler.use_gate(*gate);
    }
    RunResult result = scheduler.run();
    if (!result.error.empty() && !result.error_said)
        err.write(fmt::format("prun: {}\n", result.error));
    if (result.output_errno != 0 && result.output_errno != EPIPE)
        spdlog::error("cannot write to standard output: {}", errno_text(result.output_errno));
    if (!jobs.error().empty()) return k_exit_prun_error; // already said
    return exit_status_for(result);
}

} // namespace

int main(int argc, char** argv) {
    try {
        // First, before anything opens a descriptor that could take a closed one's place.
        check_standard_fds();
        std::vector<std::string> args(argv + 1, argv + argc);
        // prun on a script's #! line (--shebang, --shebang-wrap).
        if (auto expanded = expand_shebang(args)) args = std::move(*expanded);
        // The far end of a worker channel (started by another prun, never by people).
        if (args.size() == 1 && args.front() == "--worker") {
            configure_logging(false);
            Fd devnull;
            return worker::run_worker(make_spawn_context(devnull));
        }
        // GNU: parallel started as `sem` is parallel --semaphore.
        std::string_view name = argc > 0 ? std::string_view(argv[0]) : std::string_view();
        name = name.substr(name.rfind('/') + 1);
        if (name == "sem" || name == "prun-sem") args.insert(args.begin(), "--semaphore");
        // GNU parallel's environment: $PARALLEL_HOME is created if missing (before its
        // config is read); $PARALLEL_ENV (env_parallel's functions and aliases) runs before
        // every command.
        parallel_home();
        ParsedCommandLine parsed = parse_command_line(args, default_option_sources);
        if (!parsed.options) return parsed.exit_code;
        parsed.options->shell_prelude = take_parallel_env();
        configure_logging(parsed.options->debug);
        if (parsed.options->semaphore.enabled) {
            const Options& options = *parsed.options;
            return sem::run_under_semaphore(
                options.semaphore, sem::semaphore_root(process_environment()),
                static_cast<int>(options.max_jobs), options.shell, options.command);
        }
        // GNU parallel: --tmpdir is $TMPDIR, for prun's held output and for the jobs.
        if (parsed.options->tmpdir) ::setenv("TMPDIR", parsed.options->tmpdir->c_str(), 1);
        return run(*parsed.options, std::vector<std::string>(argv, argv + argc));
    } catch (const Error& e) {
        ::dprintf(STDERR_FILENO, "prun: %s\n", e.what());
        return k_exit_prun_error;
    } catch (const std::exception& e) {
        ::dprintf(STDERR_FILENO, "prun: internal error: %s\n", e.what());
        return k_exit_prun_error;
    }
}

} // namespace prun
