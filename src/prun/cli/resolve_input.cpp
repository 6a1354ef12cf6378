// The input section of --help, checked and combined: where the arguments come from, how
// they are split, and how many each job gets.

#include <cstdint>
#include <cstdio>
#include <limits>
#include <tuple>

#include <fmt/format.h>

#include <prun/cli/delimiter.hpp>
#include <prun/cli/resolve_helpers.hpp>
#include <prun/jobspec/column_splitter.hpp>
#include <prun/proc/arg_limits.hpp>
#include <prun/util/byte_size.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {

// -N, -n and -L: how many arguments each job gets.
void resolve_args_per_job(const RawValues& raw, Options& options) {
    if (options.pipe.enabled || raw.pipepart) {
        // With --pipe, -N (and -n, as in GNU) means records per block (see
        // resolve_pipe_options), and -L N that N lines make a record (GNU).
        if (has_text(raw.max_args) && has_text(raw.max_replace_args))
            throw Error("-N and -n cannot be combined {}", k_usage_hint);
        if (has_text(raw.max_lines)) {
            auto lines = parse_whole_number<std::uint64_t>(*raw.max_lines);
            if (!lines || *lines == 0)
                throw Error("invalid value '{}' for -L/--max-lines: expected a number of lines "
                            "(1 or more) {}",
                            *raw.max_lines, k_usage_hint);
            options.pipe.records.lines_per_record = *lines;
        }
        return;
    }
    int given = has_text(raw.max_replace_args) + has_text(raw.max_args) + has_text(raw.max_lines);
    if (given > 1) throw Error("-N, -n and -L cannot be combined {}", k_usage_hint);
    if (given == 0) return;
    auto [text, name] = has_text(raw.max_args) ? std::tuple(*raw.max_args, "-n/--max-args")
                        : has_text(raw.max_lines)
                            ? std::tuple(*raw.max_lines, "-L/--max-lines")
                            : std::tuple(*raw.max_replace_args, "-N/--max-replace-args");
    auto value = parse_whole_number<std::size_t>(text);
    if (!value)
        throw Error("invalid value '{}' for {}: expected a number {}", text, name, k_usage_hint);
    options.args_per_job = *value;
    // GNU parallel: -N and -L replace in context (x{}y -> xay xby); -n does not.
    options.context_replace = !has_text(raw.max_args);
    options.continue_lines = has_text(raw.max_lines);
}

// -m, -X, --xargs, -s: as many arguments per job as the command line has room for.
void resolve_packing(const RawValues& raw, Options& options) {
    int given = raw.multiple + raw.context + raw.xargs;
    if (given > 1) throw Error("-m, -X and --xargs cannot be combined {}", k_usage_hint);
    if (given == 0 && !raw.max_chars && !raw.exit_if_exceeded) return;
    if (options.pipe.enabled)
        throw Error("-m, -X, --xargs, -s and -x do not apply to --pipe {}", k_usage_hint);
    std::size_t limit = max_command_line_length();
    std::size_t chars = limit;
    if (raw.max_chars) {
        auto value = parse_byte_size(*raw.max_chars);
        if (!value || *value == 0)
            throw Error("invalid value '{}' for -s/--max-chars: expected a number of characters "
                        "{}",
                        *raw.max_chars, k_usage_hint);
        // GNU parallel warns and keeps its own limit; xargs does the same.
        if (*value <= limit)
            chars = static_cast<std::size_t>(*value);
        else
            fmt::print(stderr,
                       "prun: -s/--max-chars {} is more than a command line can hold "
                       "here: using {}\n",
                       *raw.max_chars, limit);
    }
    options.packing = {given > 0, raw.multiple || raw.context, chars, raw.exit_if_exceeded};
    if (given == 0) return;
    // No -n/-N/-L: no limit but the line's length.
    bool counted =
        has_text(raw.max_args) || has_text(raw.max_replace_args) || has_text(raw.max_lines);
    if (!counted) options.args_per_job = std::numeric_limits<std::size_t>::max();
    // -X repeats a word holding {} for each argument; -m and --xargs put them all in {}.
    options.context_replace = raw.context;
}

} // namespace

void resolve_input_options(const RawValues& raw, Options& options) {
    if (raw.null && raw.delimiter)
        throw Error("-0/--null and -d/--delimiter cannot be combined {}", k_usage_hint);
    if (raw.null) options.delimiter = std::string(1, '\0');
    if (raw.delimiter) {
        auto parsed = parse_delimiter_text(*raw.delimiter);
        if (!parsed) throw Error("-d/--delimiter needs a non-empty string {}", k_usage_hint);
        options.delimiter = *parsed;
        options.split_values = true;
    }
    if (options.replace_token.empty()) throw Error("-I needs a non-empty string {}", k_usage_hint);
    if (options.arg_sep.empty() || options.arg_file_sep.empty() ||
        options.arg_sep == options.arg_file_sep)
        throw Error("--arg-sep and --arg-file-sep need two different non-empty strings {}",
                    k_usage_hint);
    for (const auto& file : raw.arg_files)
        options.inputs.push_back({InputSpec::Kind::file, {}, file});
    resolve_args_per_job(raw, options);
    resolve_packing(raw, options);
    // --colsep is checked where it is compiled (jobspec/column_splitter.cpp).
    if (options.colsep) options.trim = Trim::both;
    if (has_text(raw.trim)) {
        auto trim = parse_trim(*raw.trim);
        if (!trim)
            throw Error("invalid value '{}' for --trim: expected n, l, r, lr or rl {}", *raw.trim,
                        k_usage_hint);
        options.trim = *trim;
    }
    if (raw.header) {
        // GNU's --header 0 names the columns after the input files: not supported.
        if (*raw.header == "0")
            throw Error("--header 0 (columns named after the input files) is not supported; "
                        "use --header : {}",
                        k_usage_hint);
        options.header = true;
        // With --pipe: ':' is one line, a number that many, anything else a regex.
        const std::string& text = *raw.header;
        auto lines = parse_whole_number<std::uint64_t>(text);
        if (text == ":")
            options.pipe.header.lines = 1;
        else if (lines)
            options.pipe.header.lines = *lines;
        else
            options.pipe.header.regex = text;
    }
}

} // namespace prun
