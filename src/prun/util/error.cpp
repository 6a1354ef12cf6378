#include <cstring>

#include <prun/util/error.hpp>

namespace prun {

std::string excerpt(std::string_view text, std::size_t max) {
    std::size_t size = text.size();
    bool cut = size > max;
    if (cut) {
        size = max;
        while (size > 0 && (static_cast<unsigned char>(text[size]) & 0xC0) == 0x80)
            --size; // not inside a UTF-8 character
    }
    std::string out;
    for (char c : text.substr(0, size)) {
        if (c == '\n')
            out += "\\n";
        else if (c == '\t')
            out += "\\t";
        else
            out.push_back(c);
    }
    if (cut) out += fmt::format("... ({} bytes)", text.size());
    return out;
}

std::string errno_text(int err) {
    return std::strerror(err);
}

} // namespace prun
