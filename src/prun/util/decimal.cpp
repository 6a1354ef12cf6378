#include <cstdlib>
#include <string>

#include <prun/util/decimal.hpp>

namespace prun {

std::optional<double> parse_plain_decimal(std::string_view text) {
    bool digits = false, point = false;
    for (char c : text) {
        if (c >= '0' && c <= '9')
            digits = true;
        else if (c == '.' && !point)
            point = true;
        else
            return std::nullopt;
    }
    if (!digits) return std::nullopt;
    return std::strtod(std::string(text).c_str(), nullptr);
}

} // namespace prun
