#include <charconv>

#include <prun/sched/halt_policy.hpp>

namespace prun {

std::optional<HaltPolicy> parse_halt_policy(std::string_view text) {
    HaltPolicy policy;
    if (text == "never" || text == "0") return policy;
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
                           std::uint64_t started) const {
    if (when == When::never) return false;
    std::uint64_t counted = count == Count::fail      ? failed
                            : count == Count::success ? succeeded
                                                      : failed + succeeded;
    if (counted == 0) return false;
    if (!percent) return static_cast<double>(counted) >= threshold;
    // A percentage of the jobs started so far, as GNU parallel computes it.
    return started > 0 &&
           100.0 * static_cast<double>(counted) / static_cast<double>(started) >= threshold;
}

} // namespace prun
