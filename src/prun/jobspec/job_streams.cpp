#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

#include <prun/jobspec/argument_source.hpp>
#include <prun/jobspec/job_file.hpp>
#include <prun/jobspec/job_streams.hpp>
#include <prun/jobspec/joblog_history.hpp>
#include <prun/jobspec/pipe_source.hpp>
#include <prun/util/error.hpp>
#include <prun/util/fd.hpp>

namespace prun {

namespace {

// A .json job file whole ("-": stdin); it is checked whole before any job starts anyway.
std::string read_job_file(const std::string& path) {
    Fd owned;
    int fd = STDIN_FILENO;
    if (path != "-") {
        owned.reset(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        if (!owned) throw Error("cannot open job file '{}': {}", path, errno_text(errno));
        fd = owned.get();
    }
    std::string text;
    char buffer[64 * 1024];
    while (true) {
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw Error("cannot read job file '{}': {}", path, errno_text(errno));
        if (n == 0) return text;
        text.append(buffer, static_cast<std::size_t>(n));
    }
}

ArgumentRules argument_rules(const Options& options) {
    ArgumentRules rules;
    rules.delimiter = options.delimiter;
    rules.link = options.link;
    rules.args_per_job = options.args_per_job;
    rules.continue_lines = options.continue_lines;
    rules.colsep = options.colsep;
    rules.trim = options.trim;
    rules.header = options.header;
    return rules;
}

} // namespace

JobStreams::JobStreams(const Options& options, DagStream::ErrorHandler on_error) {
    if (options.jobfile) {
        const std::string& path = *options.jobfile;
        std::string source = path == "-" ? "standard input" : path;
        std::unique_ptr<DagStream> dag;
        if (options.jsonl)
            dag =
                std::make_unique<DagStream>(open_records(path, '\n'), source, std::move(on_error));
        else
            dag = std::make_unique<DagStream>(parse_job_file(read_job_file(path), source));
        m_dag = dag.get();
        m_source = std::move(dag);
    } else if (options.pipe.enabled) {
        // --pipe: jobs are blocks of stdin.
        const Options::Pipe& pipe = options.pipe;
        m_blocks.emplace(STDIN_FILENO, "standard input",
                         BlockSplitter(pipe.records, pipe.block_size, pipe.records_per_block));
        m_source = std::make_unique<PipeSource>(*m_blocks, pipe.round_robin ? options.max_jobs : 0);
    } else {
        auto arguments = std::make_unique<ArgumentSource>(options.inputs, argument_rules(options));
        m_column_names = arguments->column_names();
        m_source = std::move(arguments);
    }
    if (options.resume != Options::Resume::none) {
        auto mode = options.resume == Options::Resume::all ? ResumeStream::Mode::resume
                                                           : ResumeStream::Mode::resume_failed;
        m_resume = std::make_unique<ResumeStream>(*m_source, read_joblog(*options.joblog), mode);
    }
}

} // namespace prun
