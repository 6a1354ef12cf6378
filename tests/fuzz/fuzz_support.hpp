#pragma once
// What the fuzz targets share: the trap that reports a broken property, and the split of
// an input into NUL-separated fields.

#include <string>
#include <string_view>
#include <vector>

namespace fuzz {

// A property that does not hold: stop here, so libFuzzer keeps the input.
inline void check(bool condition) {
    if (!condition) __builtin_trap();
}

// The fields of `input` between NUL bytes (one field if there is none).
inline std::vector<std::string> split_fields(std::string_view input) {
    std::vector<std::string> fields;
    while (true) {
        auto nul = input.find('\0');
        fields.emplace_back(input.substr(0, nul));
        if (nul == std::string_view::npos) return fields;
        input.remove_prefix(nul + 1);
    }
}

} // namespace fuzz
