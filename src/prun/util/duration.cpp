#include <cmath>
#include <cstdlib>
#include <string>

#include <prun/util/decimal.hpp>
#include <prun/util/duration.hpp>

namespace prun {

double saturate_duration(double seconds) {
    return seconds < k_max_duration_seconds ? seconds : k_max_duration_seconds;
}

std::optional<double> parse_duration(std::string_view text) {
    struct Unit {
        std::string_view suffix;
        double seconds;
    };
    // Longest suffixes first, so "ms" is not read as "m" followed by junk.
    static constexpr Unit k_units[] = {{"ms", 0.001}, {"s", 1},     {"m", 60},
                                       {"h", 3600},   {"d", 86400}, {"", 1}};
    for (const Unit& unit : k_units) {
        if (text.size() <= unit.suffix.size() || !text.ends_with(unit.suffix)) continue;
        auto number = parse_plain_decimal(text.substr(0, text.size() - unit.suffix.size()));
        if (!number) return std::nullopt;
        double value = *number * unit.seconds;
        if (!std::isfinite(value)) return std::nullopt;
        return saturate_duration(value);
    }
    return std::nullopt;
}

} // namespace prun
