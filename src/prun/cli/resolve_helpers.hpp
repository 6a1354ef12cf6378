#pragma once
// For resolve*.cpp only, not part of cli/'s interface (resolve.hpp is): the value checks they
// share, and the sections that live in files of their own, which resolve.cpp runs in order.

#include <charconv>
#include <optional>
#include <string>
#include <string_view>

#include <prun/cli/options.hpp>
#include <prun/cli/resolve.hpp>
#include <prun/util/environment.hpp>

namespace prun {

// A whole decimal number, nothing else around it (no sign, no blank); nullopt otherwise.
template <class Number>
std::optional<Number> parse_whole_number(std::string_view text) {
    Number value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// Given with a value that is not empty (an empty -n, -L or --trim is taken as not given).
inline bool has_text(const std::optional<std::string>& value) {
    return value && !value->empty();
}

// `text` as a duration in seconds (30, 2.5s, 500ms, 5m, 1h); throws Error naming `option`.
double checked_duration(const std::string& text, const char* option);

// -0, -d, -I, --arg-sep, -a, -N, -n, -L, -m, -X, --xargs, -s, --trim, --header
// (resolve_input.cpp).
void resolve_input_options(const RawValues& raw, Options& options);

// -S, --slf, --ssh, --transfer, --return, --cleanup (and resolve_gnu_remote_options'),
// --slurm, --wd and --env, after -j and --tmpl are resolved (resolve_remote.cpp).
void resolve_remote_options(const RawValues& raw, const Environment& env, Options& options);

// --pipe, --pipepart, --block, --recend, --recstart, -N, --cat, --fifo, --group-by, --shard,
// --bin and --tee, once the command and its inputs are known (resolve_pipe.cpp).
void resolve_pipe_options(const RawValues& raw, Options& options);

} // namespace prun
