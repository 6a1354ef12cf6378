#pragma once
// The terminal that prun's stderr shows, as one object (ninja's LinePrinter). It owns the
// status line of --bar/--progress: drawn at the bottom with "\r", the text and "\x1B[K"
// (erase to the end of the line), so each redraw replaces the last in place.
//
// Job output must never tear the status line nor be torn by it. Every Writer whose bytes
// land on this screen is attached to the Terminal and calls before_output() before it
// writes: the status line is erased first (the cursor is then at the start of an empty
// line), the output follows, and restore_status() draws the line again below it. Output
// that stops in the middle of a line (-u) keeps the status line away until a later write
// ends its line, since drawing would overwrite it. A Writer with no Terminal attached pays
// one null-pointer test per write.
//
// When job output reaches the screen through another process (`prun --bar ... | cat`: stdout
// is a pipe, stderr the terminal), prun cannot know when those bytes are shown, so erasing
// before its own writes is not enough. keep_status_on_bottom_row() then gives the status
// line the terminal's last row for the run, taken out of the scrolling region (DECSTBM, as
// apt does): output from any process scrolls above it, and each redraw is one write that
// saves the cursor, draws on the last row and puts the cursor back, so no other writer's
// bytes land between. clear_status() gives the row back.
//
// Only a smart terminal gets a status line: stderr is a terminal and TERM is set and not
// "dumb". Lifetime: the Terminal must outlive the Writers attached to it; its destructor
// clears a status line still shown (an error unwinding the run).

#include <string>
#include <string_view>

namespace prun {

class Terminal {
public:
    explicit Terminal(int fd);
    ~Terminal();
    Terminal(const Terminal&) = delete;
    Terminal& operator=(const Terminal&) = delete;

    // Whether a TERM and a descriptor make a terminal that can redraw a line in place.
    static bool is_smart(bool is_terminal, const char* term);

    bool smart() const { return m_smart; }
    // Columns: the terminal's own size, else $COLUMNS, else 80. Asked each time, so a
    // resized window is followed.
    unsigned width() const;
    // Rows: the terminal's own size, else $LINES, else 24.
    unsigned height() const;

    // Draw the status line on the last row, kept out of the scrolling region (see above),
    // instead of in place below the output. Before the first show_status().
    void keep_status_on_bottom_row() { m_bottom_row = true; }

    // Draws `line` as the status line, replacing the previous one. `line` must already fit
    // in width() - 1 columns (it may hold colour sequences).
    void show_status(std::string_view line);
    // Takes the status line off the screen for good.
    void clear_status();
    // Prints `line` (with its newline) for good, on a line of its own, where the status
    // line was (e.g. a summary once the status line is cleared).
    void print_line(std::string_view line);
    // For attached Writers: erases the status line, if shown, before they write.
    void before_output() {
        if (m_shown && !m_bottom_row) erase();
    }
    // For attached Writers: after they wrote bytes ending with `last`.
    void after_output(char last) { m_mid_line = last != '\n'; }
    // Draws the status line again if output erased it.
    void restore_status();

private:
    void erase();
    void draw();
    void draw_bottom_row();
    void write_all(std::string_view data);

    int m_fd;
    bool m_smart;
    bool m_shown = false;    // the status line is on the screen now
    bool m_mid_line = false; // output left the cursor after a partial line
    bool m_bottom_row = false;
    unsigned m_region_rows = 0; // bottom row mode: the rows when the region was set, or 0
    std::string m_status;       // the status line to show ("" for none)
    std::string m_buffer;
};

} // namespace prun
