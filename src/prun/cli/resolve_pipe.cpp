// The --pipe section of --help, checked and combined once the command and its inputs are
// known: how standard input (or --pipepart's file) is cut into blocks and who gets them.

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>
#include <utility>

#include <prun/cli/resolve_helpers.hpp>
#include <prun/jobspec/line_key.hpp>
#include <prun/sched/job_slots.hpp>
#include <prun/template/quote.hpp>
#include <prun/util/byte_size.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {

// A --recend/--recstart value: text with the escapes -d knows (\n \t \r \0 \\).
std::string record_separator(const std::string& text, const char* option) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\') {
            out.push_back(text[i]);
            continue;
        }
        auto escape = i + 1 < text.size() ? parse_delimiter(text.substr(i, 2)) : std::nullopt;
        if (!escape)
            throw Error("invalid value '{}' for {}: a backslash must start \\n, \\t, \\r, "
                        "\\0 or \\\\ {}",
                        text, option, k_usage_hint);
        out.push_back(*escape);
        ++i;
    }
    return out;
}

// --pipepart: the file is the one input (-a FILE or :::: FILE); checked, then taken out
// of the inputs.
void resolve_pipe_part(const RawValues& raw, Options& options) {
    PipeSettings& pipe = options.pipe;
    // --tee: the file first, then the arguments that make the jobs.
    std::size_t want = raw.tee ? std::max<std::size_t>(options.inputs.size(), 2) : 1;
    bool bad = options.inputs.size() != want ||
               options.inputs.front().kind != InputSpec::Kind::file ||
               options.inputs.front().path == "-";
    if (bad && raw.tee)
        throw Error("--pipepart --tee needs the file first (-a FILE), then the arguments "
                    "(::: ...) {}",
                    k_usage_hint);
    if (bad)
        throw Error("--pipepart needs one file, given with -a FILE or :::: FILE {}", k_usage_hint);
    pipe.part_file = options.inputs.front().path;
    options.inputs.erase(options.inputs.begin());
    const std::pair<const char*, bool> whole_file_only[] = {
        {"-N", raw.max_replace_args.has_value()},
        {"-n", raw.max_args.has_value()},
        {"-L", raw.max_lines.has_value()},
        {"--rrs", pipe.records.remove_separators},
        {"--skip-first-line", options.skip_first}};
    for (const auto& [option, given] : whole_file_only)
        if (given)
            throw Error("{} cannot be combined with --pipepart, whose blocks go to the jobs "
                        "untouched (use --pipe) {}",
                        option, k_usage_hint);
    if (raw.block) {
        std::string text = *raw.block;
        bool per_slot = !text.empty() && text[0] == '-';
        auto size = parse_byte_size(per_slot ? text.substr(1) : text);
        if (!size || *size == 0 || *size > (std::uint64_t{1} << 62))
            throw Error("invalid value '{}' for --block: expected a size such as 10M, or -N "
                        "for N blocks per job slot {}",
                        text, k_usage_hint);
        pipe.part_block =
            per_slot ? -static_cast<std::int64_t>(*size) : static_cast<std::int64_t>(*size);
    }
    // GNU: --round-robin with --pipepart is one block per job slot, so -j jobs in all,
    // whatever --block says (the ranges need no dealing).
    if (pipe.round_robin) {
        pipe.part_block = -1;
        pipe.round_robin = false;
    }
}

// --cat and --fifo (GNU: they imply --pipe unless --pipepart is given).
void resolve_pipe_files(const RawValues& raw, Options& options) {
    if (!raw.cat && !raw.fifo) return;
    if (raw.cat && raw.fifo) throw Error("--cat and --fifo cannot be combined {}", k_usage_hint);
    options.pipe.enabled = true;
    options.pipe_file = raw.cat ? CommandSettings::PipeFile::cat : CommandSettings::PipeFile::fifo;
    if (raw.cat && options.pipe.round_robin && !raw.pipepart)
        throw Error("--cat cannot be combined with --round-robin: a long-lived job's blocks "
                    "come after its file is written (use --fifo) {}",
                    k_usage_hint);
    if (raw.fifo && options.shell_use == CommandSettings::ShellUse::never)
        throw Error("--fifo runs each job under a small sh script: it cannot be combined with "
                    "--no-shell {}",
                    k_usage_hint);
    if (raw.fifo && tmpl::quote_dialect_of(options.shell) != tmpl::QuoteDialect::posix)
        throw Error("--fifo needs a POSIX shell to run its jobs, not '{}' {}", options.shell,
                    k_usage_hint);
}

// A column as --group-by, --shard and --bin take it: a number from 1, or a name (GNU's
// perl expression after it is not supported).
GroupColumn column_option(const std::string& text, const char* option) {
    if (auto number = parse_whole_number<std::size_t>(text); number && *number > 0)
        return GroupColumn{*number, {}};
    bool name = !text.empty() && !std::isdigit(static_cast<unsigned char>(text[0]));
    for (char c : text)
        name = name && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    if (!name)
        throw Error("invalid value '{}' for {}: expected a column number (from 1) or a column "
                    "name (GNU's perl expressions are not supported) {}",
                    text, option, k_usage_hint);
    return GroupColumn{0, text};
}

// --group-by (GNU: implies --pipe unless --pipepart).
void resolve_group_by(const RawValues& raw, Options& options) {
    PipeSettings& pipe = options.pipe;
    pipe.group_by = column_option(*raw.group_by, "--group-by");
    const std::pair<const char*, bool> refused[] = {{"--pipepart", raw.pipepart},
                                                    {"--recend", raw.recend.has_value()},
                                                    {"--recstart", raw.recstart.has_value()},
                                                    {"--regexp", raw.regexp},
                                                    {"--rrs", pipe.records.remove_separators},
                                                    {"-L", raw.max_lines.has_value()},
                                                    {"--tee", raw.tee}};
    for (const auto& [option, given] : refused)
        if (given)
            throw Error("{} cannot be combined with --group-by, whose records are groups of "
                        "lines {}",
                        option, k_usage_hint);
    if (!pipe.header.regex.empty())
        throw Error("--group-by needs --header as a number of lines, not a regular expression "
                    "{}",
                    k_usage_hint);
    // A column name is looked up in the first line, which is then every block's header.
    if (pipe.group_by->number == 0)
        pipe.header.lines = std::max<std::uint64_t>(pipe.header.lines, 1);
}

// --shard and --bin (GNU: they need --pipe and a number of jobs).
void resolve_shard(const RawValues& raw, Options& options) {
    PipeSettings& pipe = options.pipe;
    if (raw.shard && raw.bin) throw Error("--shard and --bin cannot be combined {}", k_usage_hint);
    const char* option = raw.shard ? "--shard" : "--bin";
    pipe.shard = PipeSettings::Shard{raw.shard ? LineRouter::Mode::shard : LineRouter::Mode::bin,
                                     column_option(raw.shard ? *raw.shard : *raw.bin, option)};
    const std::pair<const char*, bool> refused[] = {
        {"--pipepart", raw.pipepart},
        {"--round-robin", pipe.round_robin},
        {"--tee", raw.tee},
        {"--group-by", raw.group_by.has_value()},
        {"--cat", raw.cat},
        {"-N", raw.max_replace_args.has_value()},
        {"-n", raw.max_args.has_value()},
        {"-L", raw.max_lines.has_value()},
        {"--recend", raw.recend.has_value()},
        {"--recstart", raw.recstart.has_value()},
        {"--regexp", raw.regexp},
        {"--rrs", pipe.records.remove_separators},
        {"--header", raw.header.has_value()},
        {"--block-timeout", raw.block_timeout.has_value()}};
    for (const auto& [other, given] : refused)
        if (given)
            throw Error("{} cannot be combined with {}, which gives each line to one of -j "
                        "jobs {}",
                        other, option, k_usage_hint);
    if (options.max_jobs == k_unlimited_jobs)
        throw Error("{} starts -j jobs: it needs a number, not -j 0 {}", option, k_usage_hint);
    if (options.attempts > 1 || options.retries_template)
        throw Error("{} cannot be combined with --retries: a job's lines are not kept to be "
                    "fed again {}",
                    option, k_usage_hint);
}

// --tee: jobs from the arguments, each given all of the input.
void resolve_tee(const RawValues& raw, Options& options) {
    PipeSettings& pipe = options.pipe;
    pipe.tee = true;
    if (options.inputs.empty())
        throw Error("--tee needs arguments (::: or -a) to make its jobs {}", k_usage_hint);
    for (const InputSpec& input : options.inputs)
        if (input.kind == InputSpec::Kind::file && input.path == "-")
            throw Error("--tee gives standard input to the jobs: the arguments cannot come "
                        "from it {}",
                        k_usage_hint);
    const std::pair<const char*, bool> refused[] = {
        {"-N", raw.max_replace_args.has_value()},
        {"-n", raw.max_args.has_value()},
        {"-L", raw.max_lines.has_value()},
        {"--round-robin", pipe.round_robin},
        {"--cat", raw.cat},
        {"--rrs", pipe.records.remove_separators},
        {"--header", raw.header.has_value()},
        {"--block-timeout", raw.block_timeout.has_value()}};
    for (const auto& [option, given] : refused)
        if (given)
            throw Error("{} cannot be combined with --tee, which gives all of the input to "
                        "every job {}",
                        option, k_usage_hint);
    // GNU: every job at once unless -j says otherwise (fewer would hang: see app.cpp).
    if (!raw.jobs) options.max_jobs = k_unlimited_jobs;
}

} // namespace

void resolve_pipe_options(const RawValues& raw, Options& options) {
    PipeSettings& pipe = options.pipe;
    if (raw.pipepart) pipe.enabled = true;
    resolve_pipe_files(raw, options);
    if (!pipe.enabled) {
        const std::pair<const char*, bool> pipe_only[] = {
            {"--block", raw.block.has_value()},
            {"--recend", raw.recend.has_value()},
            {"--recstart", raw.recstart.has_value()},
            {"--round-robin", pipe.round_robin},
            {"--regexp", raw.regexp},
            {"--rrs", pipe.records.remove_separators},
            {"--tee", raw.tee},
            {"--shard", raw.shard.has_value()},
            {"--bin", raw.bin.has_value()},
            {"--block-timeout", raw.block_timeout.has_value()}};
        for (const auto& [option, given] : pipe_only)
            if (given) throw Error("{} only applies to --pipe {}", option, k_usage_hint);
        return;
    }
    pipe.records.regexp = raw.regexp;
    if (raw.pipepart) {
        resolve_pipe_part(raw, options);
    } else if (raw.block) {
        auto size = parse_byte_size(*raw.block);
        // Blocks are held in memory, one per job: a size beyond 2 GiB is a typo, not a plan.
        if (!size || *size == 0 || *size > (std::uint64_t{2} << 30))
            throw Error("invalid value '{}' for --block: expected a size from 1 to 2G, such as "
                        "65536, 512k or 10M {}",
                        *raw.block, k_usage_hint);
        pipe.block_size = static_cast<std::size_t>(*size);
    }
    // GNU parallel: --recstart alone means records are not also cut at newlines.
    if (raw.recend || raw.recstart) pipe.records.recend.clear();
    // A regular expression keeps its backslashes: \n is the regex's own escape.
    if (raw.recend)
        pipe.records.recend = raw.regexp ? *raw.recend : record_separator(*raw.recend, "--recend");
    if (raw.recstart)
        pipe.records.recstart =
            raw.regexp ? *raw.recstart : record_separator(*raw.recstart, "--recstart");
    // GNU parallel: with --pipe, -n N is -N N.
    const std::optional<std::string>& per_block =
        raw.max_replace_args ? raw.max_replace_args : raw.max_args;
    if (per_block) {
        // GNU parallel: with --pipe, -N counts records per block instead of arguments.
        auto records = parse_whole_number<std::uint64_t>(*per_block);
        if (!records || *records == 0)
            throw Error("invalid value '{}' for -N: expected a number of records (1 or more) {}",
                        *per_block, k_usage_hint);
        if (pipe.records.recend.empty() && pipe.records.recstart.empty())
            throw Error("-N needs records: --recend and --recstart cannot both be empty {}",
                        k_usage_hint);
        pipe.records_per_block = *records;
    }
    if (options.command.empty())
        throw Error("--pipe needs a command to give the blocks to (such as 'wc -l') {}",
                    k_usage_hint);
    if (raw.block_timeout) {
        pipe.block_timeout = checked_duration(*raw.block_timeout, "--block-timeout");
        if (pipe.block_timeout <= 0)
            throw Error("invalid value '{}' for --block-timeout: expected a duration above 0 {}",
                        *raw.block_timeout, k_usage_hint);
    }
    if (raw.group_by) resolve_group_by(raw, options);
    if (raw.shard || raw.bin) resolve_shard(raw, options);
    if (raw.tee) {
        resolve_tee(raw, options);
    } else if (!options.inputs.empty()) {
        throw Error("--pipe reads standard input; it cannot be combined with :::, :::: or -a "
                    "(unless --tee) {}",
                    k_usage_hint);
    }
    if (options.csv)
        throw Error("--csv with --pipe (blocks of whole CSV records) is not implemented {}",
                    k_usage_hint);
    if (pipe.round_robin && options.max_jobs == k_unlimited_jobs)
        throw Error("--round-robin starts -j jobs: it needs a number, not -j 0 {}", k_usage_hint);
    if (pipe.round_robin && (options.attempts > 1 || options.retries_template))
        throw Error("--round-robin cannot be combined with --retries: a long-lived job's blocks "
                    "are not kept to be fed again {}",
                    k_usage_hint);
}

} // namespace prun
