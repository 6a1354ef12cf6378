#include <cstdint>

#include <prun/perl/frame.hpp>

namespace prun::perl {

namespace {

void put_length(std::string& out, std::size_t length) {
    auto n = static_cast<std::uint32_t>(length);
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<char>((n >> shift) & 0xff));
}

std::uint32_t get_length(std::string_view bytes) {
    std::uint32_t n = 0;
    for (int i = 0; i < 4; ++i)
        n = (n << 8) | static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)]);
    return n;
}

} // namespace

void put_field(std::string& payload, std::string_view field) {
    put_length(payload, field.size());
    payload.append(field);
}

std::optional<std::vector<std::string>> split_fields(std::string_view payload) {
    std::vector<std::string> fields;
    while (!payload.empty()) {
        if (payload.size() < 4) return std::nullopt;
        std::uint32_t length = get_length(payload);
        payload.remove_prefix(4);
        if (payload.size() < length) return std::nullopt;
        fields.emplace_back(payload.substr(0, length));
        payload.remove_prefix(length);
    }
    return fields;
}

std::string frame(std::string_view payload) {
    std::string out;
    out.reserve(payload.size() + 4);
    put_length(out, payload.size());
    out.append(payload);
    return out;
}

} // namespace prun::perl
