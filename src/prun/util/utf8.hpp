#pragma once
// UTF-8 validity, for text that must be UTF-8 (JSON, SVG) but comes from arbitrary bytes
// (commands, arguments).

#include <cstddef>
#include <string>
#include <string_view>

namespace prun {

// The length of the valid UTF-8 sequence at the start of `text` (1 for ASCII), or 0 if it
// starts with an invalid one (a stray byte, an overlong form, a surrogate, > U+10FFFF).
std::size_t utf8_sequence_length(std::string_view text);

// The bytes of every invalid sequence in a UTF-8 replacement character, U+FFFD.
inline constexpr std::string_view k_replacement_character = "\xEF\xBF\xBD";

} // namespace prun
