#include <prun/template/quote.hpp>

namespace prun::tmpl {

namespace {

bool is_bare_safe(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '+' || c == '/';
}

bool is_bare(std::string_view value) {
    for (char c : value)
        if (!is_bare_safe(c)) return false;
    return true;
}

void quote_posix(std::string_view value, std::string& out) {
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

void quote_fish(std::string_view value, std::string& out) {
    out.push_back('\'');
    for (char c : value) {
        if (c == '\'' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('\'');
}

// The characters GNU parallel's shell_quote_scalar_csh backslashes.
bool csh_escapes(unsigned char c) {
    constexpr std::string_view k_special = "\\#?`(){}[]^*<=>~|; \"!$&'";
    return (c >= 002 && c <= 011) || (c >= 013 && c <= 032) || c >= 0202 ||
           k_special.find(static_cast<char>(c)) != std::string_view::npos;
}

void quote_csh(std::string_view value, std::string& out) {
    for (char c : value) {
        // GNU writes a newline as backslash-newline, which (t)csh reads as a word break;
        // only inside quotes does it stay a newline.
        if (c == '\n') {
            out.append("'\\\n'");
            continue;
        }
        if (csh_escapes(static_cast<unsigned char>(c))) out.push_back('\\');
        out.push_back(c);
    }
}

std::string_view base_name(std::string_view path) {
    auto slash = path.rfind('/');
    if (slash != std::string_view::npos) path.remove_prefix(slash + 1);
    if (!path.empty() && path.front() == '-') path.remove_prefix(1); // a login shell's argv[0]
    return path;
}

} // namespace

QuoteDialect quote_dialect_of(std::string_view shell) {
    std::string_view name = base_name(shell);
    if (name == "fish") return QuoteDialect::fish;
    if (name == "csh" || name == "tcsh" || name == "bsd-csh") return QuoteDialect::csh;
    return QuoteDialect::posix;
}

void shell_quote(std::string_view value, std::string& out, QuoteDialect dialect) {
    if (value.empty()) {
        out.append("''");
        return;
    }
    if (is_bare(value)) {
        out.append(value);
        return;
    }
    switch (dialect) {
    case QuoteDialect::posix:
        quote_posix(value, out);
        break;
    case QuoteDialect::fish:
        quote_fish(value, out);
        break;
    case QuoteDialect::csh:
        quote_csh(value, out);
        break;
    }
}

std::string shell_quote(std::string_view value, QuoteDialect dialect) {
    std::string out;
    shell_quote(value, out, dialect);
    return out;
}

} // namespace prun::tmpl
