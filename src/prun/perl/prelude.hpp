#pragma once
// The perl program prun's perl process runs: GNU parallel's helpers for {= =} expressions
// (Q, uq, skip, seq, slot, total_jobs, hash, yyyy_mm_dd_hh_mm_ss, ...) and a loop that
// compiles and evaluates expressions as frames (frame.hpp) ask.

namespace prun::perl {

extern const char* const k_prelude;

} // namespace prun::perl
