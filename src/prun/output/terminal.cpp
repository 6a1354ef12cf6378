#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sys/ioctl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <prun/output/terminal.hpp>

namespace prun {

namespace {
constexpr std::string_view k_erase_to_end = "\x1B[K";
constexpr std::string_view k_erase_line = "\r\x1B[K";
constexpr unsigned k_default_width = 80;
constexpr unsigned k_default_height = 24;
// DECSC and DECRC (ESC 7, ESC 8): save and restore the cursor (position and attributes).
constexpr std::string_view k_save_cursor = "\0337";
constexpr std::string_view k_restore_cursor = "\0338";

unsigned from_environment(const char* name, unsigned fallback) {
    if (const char* text = std::getenv(name)) {
        int value = std::atoi(text);
        if (value > 0) return static_cast<unsigned>(value);
    }
    return fallback;
}
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
    return from_environment("COLUMNS", k_default_width);
}

unsigned Terminal::height() const {
    winsize size{};
    if (::ioctl(m_fd, TIOCGWINSZ, &size) == 0 && size.ws_row > 0) return size.ws_row;
    return from_environment("LINES", k_default_height);
}

void Terminal::show_status(std::string_view line) {
    if (!m_smart) return;
    m_status.assign(line);
    draw();
}

void Terminal::clear_status() {
    if (m_region_rows > 0) {
        // Empty the last row, give the whole screen back to scrolling (which homes the
        // cursor on some terminals: hence the save and restore around it).
        write_all(fmt::format("{}\x1B[{};1H\x1B[K\x1B[r{}", k_save_cursor, m_region_rows,
                              k_restore_cursor));
        m_region_rows = 0;
        m_shown = false;
    }
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
    if (m_bottom_row) {
        draw_bottom_row();
        return;
    }
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

void Terminal::draw_bottom_row() {
    unsigned rows = height();
    if (rows < 2) return; // no room for a scrolling region above the line
    m_buffer.clear();
    if (rows != m_region_rows) {
        // First (or the window was resized): a new line, so that the row the cursor is on
        // is not the last, then the region above the last row, the cursor back on its row.
        if (m_region_rows > 0)
            m_buffer.append(fmt::format("{}\x1B[{};1H\x1B[K{}", k_save_cursor, m_region_rows,
                                        k_restore_cursor));
        m_buffer.append("\n");
        m_buffer.append(k_save_cursor);
        m_buffer.append(fmt::format("\x1B[1;{}r", rows - 1));
        m_buffer.append(k_restore_cursor);
        m_buffer.append("\x1B[1A");
        m_region_rows = rows;
    }
    // One write: no other process's output can land between the moves.
    m_buffer.append(k_save_cursor);
    m_buffer.append(fmt::format("\x1B[{};1H", rows));
    m_buffer.append(m_status);
    m_buffer.append(k_erase_to_end);
    m_buffer.append(k_restore_cursor);
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
