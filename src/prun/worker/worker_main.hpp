#pragma once
// prun --worker: the far end of a worker channel (protocol.hpp). Runs the jobs it is sent
// on this machine, with LocalRunner (the spawn, process-group and kill machinery of a local
// run), and sends back their output and their ends.
//
// Lifetime: the worker runs until its stdin ends (or fails, or carries a frame it cannot
// read) and then SIGKILLs every job's process group, reaps them, and exits: the controlling
// prun gone, or its ssh or srun gone, means nobody wants the jobs any more. A signal to
// the worker itself (SIGTERM from scancel, SIGHUP from a lost session) does the same. A
// SIGKILL of the worker is covered by the orphan guard of its ProcessSet, which kills the
// jobs' groups when the worker is gone. A job the controller signalled has the rest of
// its process group SIGKILLed when it exits, as the scheduler does for a local one.

#include <prun/proc/spawn.hpp>

namespace prun::worker {

// Runs the worker on stdin and stdout. Returns its exit status: 0 after a clean end of
// stdin, 1 when the channel broke, 128+N after signal N.
int run_worker(const SpawnContext& context);

} // namespace prun::worker
