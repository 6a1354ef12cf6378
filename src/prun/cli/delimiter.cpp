#include <prun/cli/delimiter.hpp>

namespace prun {

namespace {
bool is_octal(char c) {
    return c >= '0' && c <= '7';
}
} // namespace

std::optional<std::string> parse_delimiter_text(std::string_view text) {
    if (text.empty()) return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        char next = i + 1 < text.size() ? text[i + 1] : '\0';
        if (c != '\\' || i + 1 == text.size()) {
            out.push_back(c);
        } else if (next == 'n' || next == 't' || next == 'r' || next == '\\') {
            out.push_back(next == 'n' ? '\n' : next == 't' ? '\t' : next == 'r' ? '\r' : '\\');
            ++i;
        } else if (i + 3 < text.size() && is_octal(next) && is_octal(text[i + 2]) &&
                   is_octal(text[i + 3])) {
            out.push_back(static_cast<char>((next - '0') * 64 + (text[i + 2] - '0') * 8 +
                                            (text[i + 3] - '0')));
            i += 3;
        } else if (next >= '0' && next <= '9') {
            out.push_back(is_octal(next) ? static_cast<char>(next - '0') : next); // perl's "\9"
            ++i;
        } else {
            out.push_back('\\'); // any other escape keeps its backslash
        }
    }
    return out;
}

} // namespace prun
