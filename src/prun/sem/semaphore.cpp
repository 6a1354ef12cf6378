#include <algorithm>
#include <cerrno>
#include <chrono>
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include <fmt/format.h>

#include <prun/sem/semaphore.hpp>
#include <prun/util/error.hpp>

namespace prun::sem {

namespace {

// mkdir -p, private to the user: the slot files say who runs what.
void make_directories(const std::string& path) {
    for (std::size_t end = path.find('/', 1);; end = path.find('/', end + 1)) {
        std::string part = path.substr(0, end);
        if (::mkdir(part.c_str(), 0700) != 0 && errno != EEXIST)
            throw Error("cannot create the semaphore directory {}: {}", excerpt(part),
                        errno_text(errno));
        if (end == std::string::npos) break;
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw Error("the semaphore directory {} is not a directory", excerpt(path));
}

// flock() that retries when a signal interrupts a blocking wait; false when the lock is
// held by someone else (with LOCK_NB).
bool lock_file(int fd, int how) {
    while (::flock(fd, how) != 0) {
        if (errno == EINTR) continue;
        if (errno == EWOULDBLOCK) return false;
        throw Error("cannot lock a semaphore file: {}", errno_text(errno));
    }
    return true;
}

std::string slot_file(int number) {
    return fmt::format("slot-{}", number);
}

} // namespace

std::string semaphore_root(const Environment& env) {
    auto set = [&env](const char* name) -> std::optional<std::string> {
        auto value = env(name);
        if (!value || value->empty()) return std::nullopt;
        return value;
    };
    if (auto home = set("PARALLEL_HOME")) return *home + "/semaphores";
    if (auto runtime = set("XDG_RUNTIME_DIR")) return *runtime + "/prun/semaphores";
    if (auto home = set("HOME")) return *home + "/.parallel/semaphores";
    throw Error("no place for semaphores: set PARALLEL_HOME, XDG_RUNTIME_DIR or HOME");
}

std::string default_semaphore_name() {
    const char* tty = ::ttyname(STDIN_FILENO);
    return tty != nullptr ? std::string(tty) : std::string("notty");
}

std::string semaphore_dir_name(const std::string& name) {
    std::string out = "id-";
    for (unsigned char c : name) {
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '.' || c == '_' || c == '-';
        if (plain)
            out += static_cast<char>(c);
        else
            out += fmt::format("%{:02x}", c);
    }
    return out;
}

Semaphore::Semaphore(const std::string& root, const std::string& name, int slots)
    : m_dir(root + "/" + semaphore_dir_name(name)), m_slots(std::max(slots, 1)) {
    make_directories(m_dir);
}

Fd Semaphore::open_file(const std::string& name) const {
    std::string path = m_dir + "/" + name;
    // Close-on-exec: the command must not hold the slot after its holder is gone.
    Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!fd) throw Error("cannot open the semaphore file {}: {}", excerpt(path), errno_text(errno));
    return fd;
}

std::optional<Slot> Semaphore::acquire(double timeout) {
    using Clock = std::chrono::steady_clock;
    auto start = Clock::now();
    auto limit = std::chrono::duration<double>(std::abs(timeout));
    std::vector<Fd> slots;
    slots.reserve(static_cast<std::size_t>(m_slots));
    for (int i = 0; i < m_slots; ++i)
        slots.push_back(open_file(slot_file(i)));
    Fd entry = open_file("entry");
    bool in_line = false;
    auto pause = std::chrono::microseconds(500);
    for (;;) {
        // Without a timeout, wait in the kernel's queue for the entry lock; with one, poll.
        if (!in_line) in_line = lock_file(entry.get(), LOCK_EX | (timeout != 0 ? LOCK_NB : 0));
        if (in_line) {
            for (int i = 0; i < m_slots; ++i) {
                if (lock_file(slots[static_cast<std::size_t>(i)].get(), LOCK_EX | LOCK_NB))
                    return Slot{std::move(slots[static_cast<std::size_t>(i)]), i};
            }
        }
        if (timeout != 0 && Clock::now() - start >= limit) {
            if (timeout < 0) return std::nullopt;
            return Slot{Fd(), 0};
        }
        std::this_thread::sleep_for(pause);
        pause = std::min<std::chrono::microseconds>(pause * 3 / 2, std::chrono::milliseconds(50));
    }
}

void Semaphore::wait_all() {
    // In line first, so that no new holder slips in while the last ones finish.
    Fd entry = open_file("entry");
    lock_file(entry.get(), LOCK_EX);
    std::vector<std::string> names;
    if (DIR* dir = ::opendir(m_dir.c_str())) {
        while (dirent* e = ::readdir(dir)) {
            std::string file = e->d_name;
            if (file.rfind("slot-", 0) == 0) names.push_back(file);
        }
        ::closedir(dir);
    }
    std::vector<Fd> held;
    for (const auto& file : names) {
        held.push_back(open_file(file));
        lock_file(held.back().get(), LOCK_EX);
    }
}

} // namespace prun::sem
