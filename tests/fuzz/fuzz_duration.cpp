// parse_duration (--timeout, --delay, --term-timeout, job files): never crashes, accepts only
// digits with at most one point and an optional unit, and gives a finite non-negative
// number of seconds, saturated at k_max_duration_seconds, that agrees with the same number
// in other units.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <prun/util/duration.hpp>

namespace {

void check(bool condition) {
    if (!condition) __builtin_trap();
}

bool is_number(std::string_view text) {
    bool digits = false, point = false;
    for (char c : text) {
        if (c >= '0' && c <= '9')
            digits = true;
        else if (c == '.' && !point)
            point = true;
        else
            return false;
    }
    return digits;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    auto seconds = prun::parse_duration(text);
    if (!seconds) return 0;
    check(std::isfinite(*seconds) && *seconds >= 0 && *seconds <= prun::k_max_duration_seconds);

    // What was accepted is a number with an optional unit.
    std::string_view number = text;
    for (std::string_view unit : {"ms", "s", "m", "h", "d"}) {
        if (number.ends_with(unit) && is_number(number.substr(0, number.size() - unit.size()))) {
            number.remove_suffix(unit.size());
            break;
        }
    }
    check(is_number(number));

    // A bare number means seconds; the units scale it, up to the saturation point (where
    // the unscaled value is lost, so only the cap can be checked).
    if (number.size() == text.size()) {
        check(prun::parse_duration(text + "s") == seconds);
        auto minutes = prun::parse_duration(text + "m");
        check(!minutes || *minutes == prun::saturate_duration(*seconds * 60));
        auto millis = prun::parse_duration(text + "ms");
        check(millis.has_value());
        if (*seconds < prun::k_max_duration_seconds) check(*millis == *seconds * 0.001);
    }
    return 0;
}
