#include <prun/util/shell_words.hpp>

namespace prun {

namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n';
}

// Inside double quotes a backslash escapes only these (POSIX sh).
bool escapable_in_double_quotes(char c) {
    return c == '"' || c == '\\' || c == '$' || c == '`' || c == '\n';
}

} // namespace

std::optional<std::vector<std::string>> split_shell_words(std::string_view text,
                                                          std::string& error) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false; // '' makes an (empty) word even with no characters in it
    std::size_t i = 0;
    while (i < text.size()) {
        char c = text[i++];
        if (is_blank(c)) {
            if (in_word) words.push_back(std::move(word));
            word.clear();
            in_word = false;
            continue;
        }
        in_word = true;
        if (c == '\'') {
            std::size_t end = text.find('\'', i);
            if (end == std::string_view::npos) {
                error = "unterminated single quote";
                return std::nullopt;
            }
            word.append(text.substr(i, end - i));
            i = end + 1;
        } else if (c == '"') {
            while (true) {
                if (i >= text.size()) {
                    error = "unterminated double quote";
                    return std::nullopt;
                }
                char q = text[i++];
                if (q == '"') break;
                if (q == '\\' && i < text.size() && escapable_in_double_quotes(text[i])) {
                    q = text[i++];
                    if (q == '\n') continue; // a line continuation
                }
                word.push_back(q);
            }
        } else if (c == '\\') {
            if (i >= text.size()) {
                error = "backslash at the end";
                return std::nullopt;
            }
            char escaped = text[i++];
            if (escaped == '\n') {
                in_word = !word.empty(); // a line continuation joins, adds nothing
                continue;
            }
            word.push_back(escaped);
        } else {
            word.push_back(c);
        }
    }
    if (in_word) words.push_back(std::move(word));
    return words;
}

} // namespace prun
