#pragma once
// Turns the input sources into a stream of Jobs, with GNU parallel's rules:
//
// - Several sources give every combination, the last source varying fastest. Sources
//   joined with :::+ / ::::+ form a group that is paired row by row instead (it ends with
//   its shortest source); --link pairs all of them and recycles the shorter ones.
// - An empty source counts as one empty value, unless every source is empty (no jobs).
// - -N n puts n such combinations into each job (the last job may get fewer); -N 0 reads
//   one and passes none.
// - --colsep splits each value into columns; --trim trims every value; --header takes
//   the first value of each source as its column names.
//
// The first source is streamed (a job can start before the last line is read, and a
// million-line input never sits in memory whole); the others are read whole first, since
// every one of their values is needed for each value of the first.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <prun/jobspec/column_splitter.hpp>
#include <prun/jobspec/input_spec.hpp>
#include <prun/jobspec/job.hpp>
#include <prun/jobspec/job_stream.hpp>
#include <prun/jobspec/source_values.hpp>
#include <prun/util/clock.hpp>

namespace prun {

// How records become job arguments (everything but where they come from).
struct ArgumentRules {
    std::string delimiter = "\n";      // ends each record
    bool split_values = false;         // -d given: ::: values are split at the delimiter too
    bool link = false;                 // --link: pair every source, recycling the shorter
    std::size_t args_per_job = 1;      // -N / -n / -L; 0: read one, pass none
    bool continue_lines = false;       // -L: a record ending in white space continues
    std::optional<std::string> colsep; // split each value into columns at this regex
    bool csv = false; // --csv: values are CSV records (colsep: the separator), maybe of lines
    Trim trim = Trim::none;
    bool header = false;            // the first value of each source names its columns
    std::optional<std::string> eof; // -E: a value that ends each source
    bool skip_blank = false;        // -r: blank values are left out
    bool skip_first = false;        // --skip-first-line: the first source's first record
    // --bar/--eta: read a streamed first source ahead (read_ahead.hpp), counting its
    // values, so total() is known once it has ended rather than once the jobs reach its end.
    bool count_ahead = false;
};

class ArgumentSource : public JobStream {
public:
    // Throws Error for an input that cannot be opened or a bad --colsep; with a header,
    // reads (blocking) the first record of every source.
    ArgumentSource(const std::vector<InputSpec>& inputs, const ArgumentRules& rules);
    // Plain records (no -N, --colsep, ...) separated by `delimiter`.
    ArgumentSource(const std::vector<InputSpec>& inputs, const std::string& delimiter);

    // Pending means the streamed input has no complete record yet.
    Status next(Job& job) override;
    int pending_fd() const override;
    int prefetch_fd() const override;
    void on_readable() override;
    std::uint64_t count() const override { return m_seq; }
    bool exhausted() const override { return m_done; }
    // Known from the start unless the first source is streamed from a file or stdin; then
    // once it has been read (or, with count_ahead, counted) to its end.
    std::optional<std::uint64_t> total() const override;

    // --header: the column names, in argument order ({name} is {index + 1}).
    const std::vector<std::string>& column_names() const { return m_names; }

private:
    using Fields = std::vector<std::string>; // one value, split into its columns
    struct Group {                           // sources [first, first + size), paired
        std::size_t first = 0;
        std::size_t size = 0;
        std::size_t rows = 0; // for groups of loaded sources
    };

    Fields shape(std::string value);
    void read_header(SourceValues& values);
    Status next_combination();
    Status next_first_row();
    bool advance_other_groups();
    void append_combination();
    // The number of jobs if the streamed source (or else the first group) has `first` rows.
    std::uint64_t jobs_for(std::uint64_t first) const;
    // count_ahead: counts the values read ahead so far, for at most `budget`.
    void count_values(std::chrono::milliseconds budget) const;

    std::optional<ColumnSplitter> m_splitter;
    Trim m_trim;
    bool m_wrap; // --link: shorter sources recycle; otherwise a group ends with its shortest
    std::size_t m_args_per_job;
    std::vector<std::string> m_names;
    bool m_warned_nul = false;

    std::vector<std::vector<Fields>> m_values; // per source (the streamed one: see below)
    std::vector<Group> m_groups;
    std::vector<std::size_t> m_rows; // the current row of each group

    // The first source, when it is a file or stdin. m_values[0] then keeps only what
    // recycling may need: its first values, up to the length of its longest partner.
    std::optional<SourceValues> m_stream;
    bool m_streaming = false;
    bool m_stream_ended = false;
    std::size_t m_stream_count = 0; // values read from the stream so far
    std::size_t m_stream_keep = 0;
    std::size_t m_partners_min = 0; // lengths of the other sources in the first group
    std::size_t m_partners_max = 0;
    bool m_others_empty = true; // every source other than the stream was empty
    Fields m_stream_current;
    // count_ahead: the stream's input, and a second reader of it that counts its values.
    std::shared_ptr<ReadAhead> m_ahead;
    mutable std::optional<SourceValues> m_counter;
    mutable std::uint64_t m_counted = 0;
    mutable bool m_count_done = false;
    mutable MonoTime m_next_count{};

    std::size_t m_next_first_row = 0;
    bool m_have_first_row = false;
    std::vector<std::string> m_args; // the job being filled
    std::size_t m_in_job = 0;        // combinations in it so far
    std::uint64_t m_seq = 0;
    bool m_done = false;
};

} // namespace prun
