#include <cerrno>
#include <fcntl.h>
#include <random>
#include <unistd.h>

#include <prun/jobspec/argument_source.hpp>
#include <prun/jobspec/job_file.hpp>
#include <prun/jobspec/job_list.hpp>
#include <prun/jobspec/job_streams.hpp>
#include <prun/jobspec/job_table.hpp>
#include <prun/jobspec/joblog_history.hpp>
#include <prun/jobspec/pipe_part.hpp>
#include <prun/jobspec/pipe_source.hpp>
#include <prun/jobspec/whole_file_stream.hpp>
#include <prun/util/error.hpp>
#include <prun/util/fd.hpp>

namespace prun {

namespace {

// The job file's lines ("-": stdin); with `ahead`, through a ReadAhead set there.
RecordReader open_job_file(const std::string& path, std::shared_ptr<ReadAhead>* ahead) {
    int fd = STDIN_FILENO;
    if (path != "-") {
        fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) throw Error("cannot open job file '{}': {}", path, errno_text(errno));
    }
    std::string name = path == "-" ? "standard input" : "job file '" + path + "'";
    if (ahead == nullptr) return RecordReader(fd, path == "-", "\n", name);
    *ahead = std::make_shared<ReadAhead>(fd, path == "-", name);
    return RecordReader(*ahead, "\n", name);
}

// --skip-first-line with --pipe: GNU reads stdin a byte at a time up to the first newline,
// so that nothing after it is taken from the blocks' reader.
void skip_first_line(int fd) {
    char c = 0;
    while (true) {
        ssize_t n = ::read(fd, &c, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw Error("cannot read standard input: {}", errno_text(errno));
        if (n == 0 || c == '\n') return;
    }
}

// --group-by's marker: 20 random letters and digits (GNU's 119 bits), which no input will
// hold by chance.
std::string group_marker() {
    static constexpr char k_chars[] =
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    std::random_device random;
    std::uniform_int_distribution<std::size_t> pick(0, sizeof k_chars - 2);
    std::string marker;
    for (int i = 0; i < 20; ++i)
        marker.push_back(k_chars[pick(random)]);
    return marker;
}

// --jsonl, or else what the file's first line says (read ahead, not consumed).
bool is_json_lines(RecordReader& lines, bool jsonl_option) {
    if (jsonl_option) return true;
    while (true) {
        switch (sniff_job_file(lines.buffered(), lines.input_ended())) {
        case JobFileForm::json:
            return false;
        case JobFileForm::json_lines:
            return true;
        case JobFileForm::undecided:
            lines.fill();
        }
    }
}

} // namespace

JobStreams::JobStreams(const InputSettings& input, const JoblogSettings& joblog, unsigned max_jobs,
                       DagStream::ErrorHandler on_error, bool count_ahead) {
    if (input.jobfile) {
        const std::string& path = *input.jobfile;
        std::string source = path == "-" ? "standard input" : path;
        std::shared_ptr<ReadAhead> ahead;
        RecordReader lines = open_job_file(path, count_ahead ? &ahead : nullptr);
        std::unique_ptr<DagStream> dag;
        if (is_json_lines(lines, input.jsonl)) {
            std::string name = lines.name();
            dag = std::make_unique<DagStream>(std::move(lines), source, std::move(on_error));
            if (ahead) dag->count_ahead(ahead, RecordReader(ahead, "\n", name));
        } else
            dag = std::make_unique<DagStream>(read_job_file(lines, source));
        m_dag = dag.get();
        m_source = std::move(dag);
    } else if (input.pipe.part_file && !input.pipe.tee) {
        // --pipepart: blocks are ranges of the file.
        const PipeSettings& pipe = input.pipe;
        m_source = std::make_unique<PipePartSource>(*pipe.part_file, pipe.part_block, max_jobs,
                                                    pipe.records, pipe.header);
    } else if (input.retry_failed) {
        // GNU parallel: the joblog alone says what to run again.
        m_source = std::make_unique<JobList>(failed_jobs_of_joblog(*joblog.joblog));
    } else if (input.pipe.enabled && input.pipe.shard) {
        // --shard, --bin: -j jobs, started first, then given their lines (sched/tee).
        std::vector<Job> jobs(max_jobs);
        for (std::size_t i = 0; i < jobs.size(); ++i)
            jobs[i].seq = i + 1;
        m_source = std::make_unique<JobList>(std::move(jobs));
        m_blocks.emplace(STDIN_FILENO, "standard input",
                         BlockSplitter(RecordFormat{}, input.pipe.block_size));
        m_router.emplace(input.pipe.shard->mode, input.colsep.value_or(","),
                         input.pipe.shard->column, max_jobs);
    } else if (input.pipe.enabled && !input.pipe.tee) {
        // --pipe: jobs are blocks of stdin.
        const PipeSettings& pipe = input.pipe;
        if (input.skip_first) skip_first_line(STDIN_FILENO);
        RecordFormat records = pipe.records;
        std::string marker;
        if (pipe.group_by) {
            // GNU's way: a random marker in front of each group is the record start, and
            // is removed from the blocks.
            marker = group_marker();
            records = RecordFormat{"", marker};
            records.remove_separators = true;
        }
        m_blocks.emplace(
            STDIN_FILENO, "standard input",
            BlockSplitter(records, pipe.block_size, pipe.records_per_block, pipe.header),
            pipe.block_timeout);
        if (pipe.group_by)
            m_blocks->mark_groups(GroupMarker(input.colsep.value_or("\t"), *pipe.group_by,
                                              pipe.header.lines, marker));
        m_source = std::make_unique<PipeSource>(*m_blocks, pipe.round_robin ? max_jobs : 0);
    } else {
        ArgumentRules rules = input;
        rules.count_ahead = count_ahead;
        bool packed =
            (input.packing.enabled || input.packing.max_chars > 0) && input.args_per_job > 0;
        // Packed, the source hands out one combination at a time and PackedStream joins them.
        if (packed) rules.args_per_job = 1;
        auto arguments = std::make_unique<ArgumentSource>(input.inputs, rules);
        m_column_names = arguments->column_names();
        m_source = std::move(arguments);
        if (packed) {
            LinePacking packing;
            packing.max_chars = input.packing.max_chars;
            packing.max_per_job = input.args_per_job;
            packing.exit_if_exceeded = input.packing.exit_if_exceeded;
            packing.spread_over = input.packing.spread ? max_jobs : 0;
            packing.length = [this](std::span<const std::string> args, std::uint64_t seq) {
                return m_line_length ? m_line_length(args, seq) : std::size_t{0};
            };
            m_arguments = std::move(m_source);
            auto packed_stream =
                std::make_unique<PackedStream>(*m_arguments, std::move(packing), on_error);
            m_packed = packed_stream.get();
            m_source = std::move(packed_stream);
        }
        // --tee: the arguments make the jobs; each gets all of the input.
        if (input.pipe.tee && input.pipe.part_file) {
            m_source =
                std::make_unique<WholeFileStream>(std::move(m_source), *input.pipe.part_file);
        } else if (input.pipe.tee) {
            // Cut anywhere (the jobs get it all, so records do not matter), and given to
            // every job by sched/tee's runner.
            m_blocks.emplace(STDIN_FILENO, "standard input",
                             BlockSplitter(RecordFormat{"", ""}, input.pipe.block_size));
        }
    }
    if (input.shuffle) {
        m_unshuffled = std::move(m_source);
        m_source = std::make_unique<ShuffledStream>(*m_unshuffled);
    }
    if (joblog.resume != JoblogSettings::Resume::none) {
        auto mode = joblog.resume == JoblogSettings::Resume::all
                        ? ResumeStream::Mode::resume
                        : ResumeStream::Mode::resume_failed;
        m_resume = std::make_unique<ResumeStream>(*m_source, read_joblog(*joblog.joblog), mode);
    }
}

} // namespace prun
