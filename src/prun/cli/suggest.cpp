#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include <prun/cli/suggest.hpp>
#include <prun/util/edit_distance.hpp>

namespace prun {

std::optional<std::string> suggest_option(std::string_view word,
                                          const std::vector<std::string>& options) {
    word = word.substr(0, word.find('='));
    // "-jobs" for "--jobs": compare as a long option.
    bool single_dash = word.size() > 2 && word[0] == '-' && word[1] != '-';
    std::string typed = single_dash ? fmt::format("-{}", word) : std::string(word);
    if (typed.size() < 3) return std::nullopt; // "-x": every short option is one edit away

    std::optional<std::string> best;
    std::size_t best_distance = std::numeric_limits<std::size_t>::max();
    for (const std::string& option : options) {
        std::size_t distance = edit_distance(typed, option);
        if (distance < best_distance) {
            best_distance = distance;
            best = option;
        }
    }
    std::size_t name_length = typed.size() - 2;
    std::size_t allowed = std::clamp<std::size_t>(name_length / 4, 1, 3);
    if (best && best_distance <= allowed) return best;

    // An abbreviation: "--keep" for "--keep-order", if it is the only one.
    std::optional<std::string> extended;
    for (const std::string& option : options) {
        if (option.size() > typed.size() && option.starts_with(typed)) {
            if (extended) return std::nullopt;
            extended = option;
        }
    }
    return extended;
}

} // namespace prun
