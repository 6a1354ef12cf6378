#pragma once
// prun's own diagnostics (spdlog: warnings, -v) share the screen with the status line too.
// While a TerminalLogGuard lives, every sink of the default logger is wrapped so that the
// status line is erased before a message and put back after it, as for job output.

#include <memory>
#include <vector>

#include <spdlog/common.h>

#include <prun/output/terminal.hpp>

namespace prun {

class TerminalLogGuard {
public:
    // `terminal` must outlive the guard.
    explicit TerminalLogGuard(Terminal& terminal);
    ~TerminalLogGuard();
    TerminalLogGuard(const TerminalLogGuard&) = delete;
    TerminalLogGuard& operator=(const TerminalLogGuard&) = delete;

private:
    std::vector<spdlog::sink_ptr> m_saved;
};

} // namespace prun
