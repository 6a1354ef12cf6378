#pragma once
// A counting semaphore shared by separate prun invocations (--semaphore, `sem`): N slot
// files in a directory per semaphore name, each held by an exclusive flock(2) on an open
// descriptor. The kernel drops a lock when the last descriptor of its open file goes, so a
// holder that dies, even by SIGKILL, never leaks its slot. A waiter first takes the
// semaphore's entry lock, so waiters line up in the kernel's queue for it instead of all
// polling the slots at once.

#include <optional>
#include <string>
#include <vector>

#include <prun/util/environment.hpp>
#include <prun/util/fd.hpp>

namespace prun::sem {

// What the command line asks of semaphore mode.
struct Settings {
    bool enabled = false;          // --semaphore, or started as `sem`
    std::optional<std::string> id; // --id/--semaphore-name; else the terminal's name
    bool foreground = false;       // --fg: wait for the command; else --bg (the default)
    bool wait = false;             // --wait: wait until every slot of the semaphore is free
    double timeout = 0;            // --st: >0 take the slot anyway after that many seconds,
                                   // <0 give up after -timeout seconds, 0 wait for ever
};

// Where semaphores live: $PARALLEL_HOME/semaphores, else $XDG_RUNTIME_DIR/prun/semaphores,
// else ~/.parallel/semaphores (GNU parallel's place). Throws Error if none is set.
std::string semaphore_root(const Environment& env);

// GNU's default name: the terminal on stdin ("/dev/pts/3"), else "notty".
std::string default_semaphore_name();

// A name as a directory name: "id-" and the bytes outside [A-Za-z0-9._-] hex-escaped
// ("%2f"), so distinct names never share a directory and no name escapes the root.
std::string semaphore_dir_name(const std::string& name);

// A slot taken: the lock lives as long as this descriptor (and copies of it made by fork).
struct Slot {
    Fd fd;          // invalid when the slot was taken by a positive timeout, without a lock
    int number = 0; // 0-based
};

class Semaphore {
public:
    // Creates the directory (and its parents) if needed; throws Error if it cannot.
    Semaphore(const std::string& root, const std::string& name, int slots);

    // Blocks until one of the first `slots` slot files can be locked. With a timeout
    // (Settings::timeout), after that many seconds: >0 returns a Slot without a lock,
    // <0 returns nullopt.
    std::optional<Slot> acquire(double timeout);

    // Blocks until every slot file of the semaphore (whatever -j made them) is free at once.
    void wait_all();

    const std::string& dir() const { return m_dir; }

private:
    Fd open_file(const std::string& name) const;

    std::string m_dir;
    int m_slots;
};

} // namespace prun::sem
