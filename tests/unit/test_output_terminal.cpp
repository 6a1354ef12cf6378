#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <string>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <prun/output/terminal.hpp>
#include <prun/output/writer.hpp>
#include <prun/util/fd.hpp>

using namespace prun;

namespace {

// A pseudo-terminal: prun's side is the slave, the test reads the screen's bytes from the
// master. Output post-processing is turned off so bytes arrive exactly as written.
struct Pty {
    Fd master;
    Fd slave;
    Pty() {
        master.reset(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
        REQUIRE(master);
        REQUIRE(::grantpt(master.get()) == 0);
        REQUIRE(::unlockpt(master.get()) == 0);
        slave.reset(::open(::ptsname(master.get()), O_RDWR | O_NOCTTY | O_CLOEXEC));
        REQUIRE(slave);
        termios mode{};
        REQUIRE(::tcgetattr(slave.get(), &mode) == 0);
        mode.c_oflag &= ~static_cast<tcflag_t>(OPOST);
        REQUIRE(::tcsetattr(slave.get(), TCSANOW, &mode) == 0);
        REQUIRE(::fcntl(master.get(), F_SETFL, O_NONBLOCK) == 0);
    }
    std::string screen() {
        std::string bytes;
        char buffer[4096];
        ssize_t n;
        while ((n = ::read(master.get(), buffer, sizeof buffer)) > 0)
            bytes.append(buffer, static_cast<std::size_t>(n));
        return bytes;
    }
};

struct TermVariable {
    std::string saved;
    bool had;
    explicit TermVariable(const char* value) {
        const char* old = std::getenv("TERM");
        had = old != nullptr;
        if (had) saved = old;
        if (value)
            ::setenv("TERM", value, 1);
        else
            ::unsetenv("TERM");
    }
    ~TermVariable() {
        if (had)
            ::setenv("TERM", saved.c_str(), 1);
        else
            ::unsetenv("TERM");
    }
};

} // namespace

TEST_CASE("a smart terminal is a terminal with a TERM that is not dumb") {
    CHECK(Terminal::is_smart(true, "xterm"));
    CHECK_FALSE(Terminal::is_smart(false, "xterm"));
    CHECK_FALSE(Terminal::is_smart(true, "dumb"));
    CHECK_FALSE(Terminal::is_smart(true, ""));
    CHECK_FALSE(Terminal::is_smart(true, nullptr));
}

TEST_CASE("a pipe or a dumb terminal never gets a status line") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    Fd read_end(fds[0]), write_end(fds[1]);
    REQUIRE(set_pipe_end_nonblocking(read_end.get()));
    {
        TermVariable term("xterm");
        Terminal terminal(write_end.get());
        CHECK_FALSE(terminal.smart());
        terminal.show_status("status");
        terminal.clear_status();
    }
    char c;
    CHECK(::read(read_end.get(), &c, 1) < 0); // nothing was written

    Pty pty;
    TermVariable term("dumb");
    Terminal dumb(pty.slave.get());
    CHECK_FALSE(dumb.smart());
    dumb.show_status("status");
    CHECK(pty.screen().empty());
}

TEST_CASE("the status line is redrawn in place and cleared at the end") {
    Pty pty;
    TermVariable term("xterm");
    Terminal terminal(pty.slave.get());
    REQUIRE(terminal.smart());
    terminal.show_status("one");
    terminal.show_status("two");
    terminal.clear_status();
    CHECK(pty.screen() == "\rone\x1B[K\rtwo\x1B[K\r\x1B[K");
}

TEST_CASE("output through an attached Writer goes around the status line") {
    Pty pty;
    TermVariable term("xterm");
    Terminal terminal(pty.slave.get());
    Writer writer(pty.slave.get());
    writer.attach(&terminal);

    terminal.show_status("50%");
    writer.write("job output\n");
    terminal.restore_status();
    // Erased, then the output on a clean line, then the status line below it.
    CHECK(pty.screen() == "\r50%\x1B[K\r\x1B[Kjob output\n\r50%\x1B[K");

    // A partial line keeps the status line away until the line is complete.
    writer.write("partial");
    terminal.restore_status();
    terminal.show_status("60%");
    CHECK(pty.screen() == "\r\x1B[Kpartial");
    writer.write(" line\n");
    terminal.restore_status();
    CHECK(pty.screen() == " line\n\r60%\x1B[K");

    // Nothing to erase when the line is not shown; restoring twice draws once.
    terminal.clear_status();
    writer.write("after\n");
    terminal.restore_status();
    CHECK(pty.screen() == "\r\x1B[Kafter\n");
}

TEST_CASE("the terminal reports its width") {
    Pty pty;
    winsize size{};
    size.ws_col = 123;
    size.ws_row = 40;
    REQUIRE(::ioctl(pty.slave.get(), TIOCSWINSZ, &size) == 0);
    Terminal terminal(pty.slave.get());
    CHECK(terminal.width() == 123);
}
