#include <prun/template/quote.hpp>

namespace prun::tmpl {

namespace {
bool is_bare_safe(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '+' || c == '/';
}
} // namespace

void shell_quote(std::string_view value, std::string& out) {
    if (value.empty()) {
        out.append("''");
        return;
    }
    bool bare = true;
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
    std::size_t start = out.size();
    out.push_back('\'');
    for (char c : value) {
        if (c == '\'')
            out.append("'\"'\"'");
        else
            out.push_back(c);
    }
    out.push_back('\'');
    // GNU's form exactly, so --dry-run prints what GNU parallel prints: an empty '' left
    // at either end (a value that starts or ends with ') is dropped.
    if (out.compare(start, 2, "''") == 0) out.erase(start, 2);
    if (out.size() - start >= 2 && out.compare(out.size() - 2, 2, "''") == 0)
        out.resize(out.size() - 2);
}

std::string shell_quote(std::string_view value) {
    std::string out;
    shell_quote(value, out);
    return out;
}

} // namespace prun::tmpl
