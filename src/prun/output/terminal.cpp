#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sys/ioctl.h>
#include <unistd.h>

#include <prun/output/terminal.hpp>

namespace prun {

namespace {
constexpr std::string_view k_erase_to_end = "\x1B[K";
constexpr std::string_view k_erase_line = "\r\x1B[K";
constexpr unsigned k_default_width = 80;
} // namespace

bool Terminal::is_smart(bool is_terminal, const char* term) {
    return is_terminal && term != nullptr && term[0] != '\0' && std::strcmp(term, "dumb") != 0;
}

Terminal::Terminal(int fd) : m_fd(fd), m_smart(is_smart(::isatty(fd) == 1, std::getenv("TERM"))) {}

Terminal::~Terminal() {
    clear_status();
}

unsigned Terminal::width() const {
    winsize size{};
    if (::ioctl(m_fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    if (const char* columns = std::getenv("COLUMNS")) {
        int value = std::atoi(columns);
        if (value > 0) return static_cast<unsigned>(value);
    }
    return k_default_width;
}

void Terminal::show_status(std::string_view line) {
    if (!m_smart) return;
    m_status.assign(line);
    draw();
}

void Terminal::clear_status() {
    if (m_shown) erase();
    m_status.clear();
}

void Terminal::print_line(std::string_view line) {
    if (m_shown) erase();
    if (m_mid_line) write_all("\n"); // a job's last line without its newline stays whole
    m_mid_line = false;
    write_all(line);
}

void Terminal::restore_status() {
    if (!m_shown && !m_status.empty()) draw();
}

void Terminal::erase() {
    write_all(k_erase_line);
    m_shown = false;
}

void Terminal::draw() {
    if (m_mid_line) return;
    // One write per frame: a terminal never shows half a redraw.
    m_buffer.clear();
    m_buffer.reserve(m_status.size() + 4);
    m_buffer.push_back('\r');
    m_buffer.append(m_status);
    m_buffer.append(k_erase_to_end);
    write_all(m_buffer);
    m_shown = true;
}

void Terminal::write_all(std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::write(m_fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return; // the status line is a courtesy: a terminal that fails is not an error
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

} // namespace prun
