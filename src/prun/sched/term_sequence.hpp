#pragma once
// --term-seq: how a job is stopped (on --timeout, --halt now, or prun's own end), as GNU
// parallel's "TERM,200,TERM,100,TERM,50,KILL,25": a signal, then the milliseconds to wait
// for the job to end before the next one. Should the job outlive the whole sequence, it
// gets SIGKILL: prun never leaves a job behind.

#include <optional>
#include <string_view>
#include <vector>

namespace prun {

struct TermStep {
    int signal = 0;
    double wait_seconds = 0;
};

// Signals by name (TERM, SIGTERM) or number; waits in milliseconds; the last wait may be
// left out (0). Nullopt for anything else.
std::optional<std::vector<TermStep>> parse_term_sequence(std::string_view text);

} // namespace prun
