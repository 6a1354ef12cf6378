#include <algorithm>
#include <sys/ioctl.h>
#include <unistd.h>

#include <prun/cli/help_text.hpp>

namespace prun {

std::size_t help_width() {
    winsize size{};
    if (::isatty(STDOUT_FILENO) == 1 && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 &&
        size.ws_col > 0)
        return std::max<std::size_t>(size.ws_col, 40);
    return 80;
}

std::string wrap_help_entry(std::string_view name, std::string_view description, std::size_t column,
                            std::size_t width) {
    std::string text = "  ";
    text += name;
    if (description.find_first_not_of(' ') == std::string_view::npos) return text + '\n';
    text.append(text.size() + 2 <= column ? column - text.size() : 2, ' ');
    // What a line has room for; never less than a few words, however narrow the terminal.
    std::size_t room = std::max<std::size_t>(width > column ? width - column : 0, 24);
    std::size_t used = text.size() > column ? text.size() - column : 0;
    bool line_empty = true;
    while (!description.empty()) {
        std::size_t start = description.find_first_not_of(' ');
        if (start == std::string_view::npos) break;
        description.remove_prefix(start);
        std::size_t end = std::min(description.find(' '), description.size());
        std::string_view word = description.substr(0, end);
        description.remove_prefix(end);
        if (!line_empty && used + 1 + word.size() > room) {
            text += '\n';
            text.append(column, ' ');
            used = 0;
            line_empty = true;
        }
        if (!line_empty) {
            text += ' ';
            ++used;
        }
        text += word;
        used += word.size();
        line_empty = false;
    }
    text += '\n';
    return text;
}

} // namespace prun
