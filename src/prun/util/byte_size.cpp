#include <cmath>
#include <cstdlib>
#include <string>

#include <prun/util/byte_size.hpp>
#include <prun/util/decimal.hpp>

namespace prun {

std::optional<std::uint64_t> parse_byte_size(std::string_view text) {
    double multiplier = 1;
    if (!text.empty()) {
        switch (text.back()) {
        case 'K':
            multiplier = 1024.0;
            break;
        case 'M':
            multiplier = 1024.0 * 1024;
            break;
        case 'G':
            multiplier = 1024.0 * 1024 * 1024;
            break;
        case 'T':
            multiplier = 1024.0 * 1024 * 1024 * 1024;
            break;
        case 'k':
            multiplier = 1e3;
            break;
        case 'm':
            multiplier = 1e6;
            break;
        case 'g':
            multiplier = 1e9;
            break;
        case 't':
            multiplier = 1e12;
            break;
        default:
            break;
        }
        if (multiplier != 1) text.remove_suffix(1);
    }
    auto number = parse_plain_decimal(text);
    if (!number) return std::nullopt;
    double value = std::floor(*number * multiplier);
    // Beyond 2^63 a double no longer converts to uint64_t safely; no real size is that big.
    if (!std::isfinite(value) || value >= 9.2e18) return std::nullopt;
    return static_cast<std::uint64_t>(value);
}

} // namespace prun
