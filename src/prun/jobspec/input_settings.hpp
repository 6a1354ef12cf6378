#pragma once
// jobspec/'s part of the command line: where the jobs come from and how they are read.
// The input sources with the rules that turn their records into arguments (ArgumentRules),
// or a job file (-f), or standard input cut into blocks (--pipe).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <prun/jobspec/argument_source.hpp>
#include <prun/jobspec/block_splitter.hpp>
#include <prun/jobspec/input_spec.hpp>
#include <prun/jobspec/line_key.hpp>

namespace prun {

// --pipe: stdin cut into blocks at record boundaries, one block per job's stdin.
struct PipeSettings {
    bool enabled = false;
    std::size_t block_size = 1024 * 1024; // --block
    std::uint64_t records_per_block = 0;  // -N; 0: by block size
    RecordFormat records;                 // --recend, --recstart
    bool round_robin = false;             // -j long-lived jobs, blocks dealt to them
    BlockHeader header;                   // --header: repeated on every block
    // --tee: the jobs come from the arguments, and every job gets all of stdin (or with
    // --pipepart, all of the file).
    bool tee = false;
    // --group-by: blocks end only where the column's value changes (GNU: a group is a
    // record); the lines are split with --colsep (default a tab).
    std::optional<GroupColumn> group_by;
    // --shard, --bin: -j long-lived jobs, each line to one of them by a column's value;
    // lines split with --colsep (default a comma, as GNU).
    struct Shard {
        LineRouter::Mode mode = LineRouter::Mode::shard;
        GroupColumn column;
    };
    std::optional<Shard> shard;
    // --block-timeout: a block not complete after this many seconds is cut at its last
    // record boundary (0: never).
    double block_timeout = 0;
    // --pipepart: blocks are byte ranges of this file (-a or ::::), not stdin's.
    std::optional<std::string> part_file;
    std::int64_t part_block = -10; // --block: bytes, or -N blocks per job slot
};

// -m, -X, --xargs, -s: each job gets as many arguments as its command line has room for (at
// most args_per_job, which -m and -X make unlimited unless -n/-N/-L is given).
struct PackingSettings {
    bool enabled = false;      // -m, -X, --xargs; -s alone only checks the length
    bool spread = false;       // -m, -X: the input's tail is shared among the job slots
    std::size_t max_chars = 0; // a command line must be shorter than this (0: no -m/-X/-s)
    // -x: a job whose -n/-N/-L arguments do not all fit in max_chars stops the run (as
    // xargs -x), instead of getting fewer of them.
    bool exit_if_exceeded = false;
};

struct InputSettings : ArgumentRules {
    std::vector<InputSpec> inputs; // in command-line order; empty: stdin
    // Or: a job file (-f, "-" for stdin), instead of a command and inputs.
    std::optional<std::string> jobfile;
    bool jsonl = false; // read it as JSON Lines, a stream (also implied by a .jsonl name)
    PipeSettings pipe;
    PackingSettings packing;
    bool shuffle = false;      // --shuf: every job read first, run in a random order
    bool retry_failed = false; // --retry-failed: the joblog's failed jobs, not the arguments
};

} // namespace prun
