#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

#include <prun/sched/halt_policy.hpp>

namespace prun {

std::optional<HaltPolicy> parse_halt_policy(std::string_view text) {
    HaltPolicy policy;
    if (text == "never" || text == "0") return policy;
    // GNU parallel's legacy numbers: 1 and 2 stop on a failure (soon, now), -1 and -2 on a
    // success, and N% is soon,fail=N%.
    if (text == "1") return parse_halt_policy("soon,fail=1");
    if (text == "2") return parse_halt_policy("now,fail=1");
    if (text == "-1") return parse_halt_policy("soon,success=1");
    if (text == "-2") return parse_halt_policy("now,success=1");
    if (text.ends_with('%') && text.find(',') == std::string_view::npos)
        return parse_halt_policy("soon,fail=" + std::string(text));
    auto comma = text.find(',');
    std::string_view when = text.substr(0, comma);
    if (when == "now")
        policy.when = HaltPolicy::When::now;
    else if (when == "soon")
        policy.when = HaltPolicy::When::soon;
    else
        return std::nullopt;
    if (comma == std::string_view::npos) return policy;

    std::string_view condition = text.substr(comma + 1);
    auto equals = condition.find('=');
    if (equals == std::string_view::npos) return std::nullopt;
    std::string_view what = condition.substr(0, equals);
    std::string_view amount = condition.substr(equals + 1);
    if (what == "fail")
        policy.count = HaltPolicy::Count::fail;
    else if (what == "success")
        policy.count = HaltPolicy::Count::success;
    else if (what == "done")
        policy.count = HaltPolicy::Count::done;
    else
        return std::nullopt;
    if (!amount.empty() && amount.back() == '%') {
        policy.percent = true;
        amount.remove_suffix(1);
    }
    unsigned value = 0;
    auto [ptr, ec] = std::from_chars(amount.data(), amount.data() + amount.size(), value);
    if (amount.empty() || ec != std::errc() || ptr != amount.data() + amount.size() || value == 0)
        return std::nullopt;
    if (policy.percent && value > 100) return std::nullopt;
    policy.threshold = value;
    return policy;
}

bool HaltPolicy::triggered(std::uint64_t failed, std::uint64_t succeeded,
                           std::uint64_t jobs) const {
    if (when == When::never) return false;
    std::uint64_t counted = count == Count::fail      ? failed
                            : count == Count::success ? succeeded
                                                      : failed + succeeded;
    if (counted == 0) return false;
    if (!percent) return static_cast<double>(counted) >= threshold;
    // A percentage of the jobs (all of them when known, as GNU parallel counts).
    return jobs > 0 &&
           100.0 * static_cast<double>(counted) / static_cast<double>(jobs) >= threshold;
}

int HaltPolicy::exit_status(std::uint64_t failed, std::uint64_t jobs, int job_status) const {
    if (count == Count::success) return 0;
    if (percent)
        return jobs == 0 ? 0
                         : static_cast<int>(std::ceil(100.0 * static_cast<double>(failed) /
                                                      static_cast<double>(jobs)));
    if (threshold == 1) return job_status;
    return static_cast<int>(std::min<std::uint64_t>(failed, 101));
}

} // namespace prun
