#pragma once
// The frames prun and its perl process exchange: a frame is a 4-byte big-endian length and
// that many bytes; its payload is a list of fields, each a 4-byte big-endian length and the
// bytes (perl's pack("(N/a*)*")). Values are bytes, so any value travels unchanged.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace prun::perl {

// Appends a field to a payload.
void put_field(std::string& payload, std::string_view field);
// The fields of a payload, or nullopt if it is malformed.
std::optional<std::vector<std::string>> split_fields(std::string_view payload);
// The frame (length prefix and payload) for `payload`.
std::string frame(std::string_view payload);

} // namespace prun::perl
