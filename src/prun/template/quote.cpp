#include <prun/template/quote.hpp>

namespace prun::tmpl {

namespace {
bool is_bare_safe(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '+' || c == '/';
}
} // namespace

void shell_quote(std::string_view value, std::string& out) {
    bool bare = !value.empty();
    for (char c : value) {
        if (!is_bare_safe(c)) {
            bare = false;
            break;
        }
    }
    if (bare) {
        out.append(value);
        return;
    }
    out.push_back('\'');
    for (char c : value) {
        if (c == '\'')
            out.append("'\"'\"'");
        else
            out.push_back(c);
    }
    out.push_back('\'');
}

std::string shell_quote(std::string_view value) {
    std::string out;
    shell_quote(value, out);
    return out;
}

} // namespace prun::tmpl
