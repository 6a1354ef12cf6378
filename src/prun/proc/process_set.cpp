#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <prun/proc/descendants.hpp>
#include <prun/proc/process_set.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {

// An epoll tag: what kind of descriptor, and for pipes which child (slab index and the
// generation of that slot, so an event for a slot's previous occupant is recognised).
enum class TagKind : std::uint64_t { signal = 0, input = 1, out = 2, err = 3, in = 4, reader = 5 };
constexpr std::uint32_t k_generation_mask = 0x1fffffffu;

std::uint64_t make_tag(TagKind kind, std::uint32_t index = 0, std::uint32_t generation = 0) {
    return static_cast<std::uint64_t>(kind) | (static_cast<std::uint64_t>(index) << 3) |
           (static_cast<std::uint64_t>(generation) << 35);
}
TagKind tag_kind(std::uint64_t tag) {
    return static_cast<TagKind>(tag & 7);
}
std::uint32_t tag_index(std::uint64_t tag) {
    return static_cast<std::uint32_t>((tag >> 3) & 0xffffffffu);
}
std::uint32_t tag_generation(std::uint64_t tag) {
    return static_cast<std::uint32_t>(tag >> 35) & k_generation_mask;
}

constexpr std::size_t k_read_size = 64 * 1024;
// Reads per pipe per wake-up: enough to empty a full pipe, few enough to stay fair.
constexpr int k_reads_per_event = 4;
// Likewise for a job's stdin: a job that reads as fast as we write must not keep the loop
// writing one huge block while other jobs, signals and timeouts wait.
constexpr int k_writes_per_event = 4;

} // namespace

ProcessSet::ProcessSet(const SpawnContext& context) : m_context(context), m_buffer(k_read_size) {
    m_context.original_mask = m_signals.original_mask();
    m_context.parent = ::getpid();
    m_context.guard_fd = m_guard.fd();
    m_context.cgroup_fd = m_guard.cgroup_fd();
    m_loop.add(m_signals.fd(), make_tag(TagKind::signal));
}

ProcessSet::~ProcessSet() {
    // Normal runs end with no child left; this is the last line of defence (an exception
    // unwinding through the scheduler) so that no job outlives prun.
    if (!m_by_pid.empty()) {
        signal_all(SIGKILL);
        for (auto& [pid, index] : m_by_pid) {
            int status;
            while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
        }
    }
}

pid_t ProcessSet::start(std::uint64_t token, SpawnRequest request, bool capture, int& err,
                        bool stdin_pipe) {
    Pipe out_pipe, err_pipe, in_pipe;
    if (stdin_pipe) {
        if (!make_pipe(in_pipe)) {
            err = errno;
            return -1;
        }
        request.stdin_fd = in_pipe.read.get();
    }
    if (capture) {
        if (!make_pipe(out_pipe) || !make_pipe(err_pipe)) {
            err = errno;
            return -1;
        }
        request.stdout_fd = out_pipe.write.get();
        request.stderr_fd = err_pipe.write.get();
    }
    pid_t pid = spawn_process(m_context, request, err);
    if (pid < 0) return -1;

    std::uint32_t index;
    if (!m_free.empty()) {
        index = m_free.back();
        m_free.pop_back();
    } else {
        index = static_cast<std::uint32_t>(m_children.size());
        m_children.emplace_back();
    }
    Child& child = m_children[index];
    child.token = token;
    child.pid = pid;
    child.generation = (child.generation + 1) & k_generation_mask;
    child.exited = false;
    if (capture) {
        // Our ends are non-blocking; the child's stay blocking (it is backpressure).
        set_pipe_end_nonblocking(out_pipe.read.get());
        set_pipe_end_nonblocking(err_pipe.read.get());
        child.out = std::move(out_pipe.read);
        child.err = std::move(err_pipe.read);
        m_loop.add(child.out.get(), make_tag(TagKind::out, index, child.generation));
        m_loop.add(child.err.get(), make_tag(TagKind::err, index, child.generation));
    }
    if (stdin_pipe) {
        set_pipe_end_nonblocking(in_pipe.write.get());
        child.in = std::move(in_pipe.write);
    }
    child.stdin_queue.clear();
    child.stdin_offset = 0;
    child.stdin_queued = 0;
    child.stdin_close_when_drained = false;
    m_by_pid.emplace(pid, index);
    m_by_token[token] = index;
    // (The child told the orphan guard its process group itself, before its exec.)
    return pid;
}

void ProcessSet::watch_reader_gone(int fd) {
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISFIFO(st.st_mode)) return;
    // No events requested: EPOLLERR is always reported, and a pipe's write end gets it
    // when the last reader closes.
    m_loop.add(fd, make_tag(TagKind::reader, static_cast<std::uint32_t>(fd)), 0);
}

void ProcessSet::watch_input(int fd) {
    if (fd == m_input_fd) return;
    if (m_input_fd >= 0) m_loop.remove(m_input_fd);
    m_input_fd = fd;
    if (fd >= 0) m_loop.add(fd, make_tag(TagKind::input));
}

void ProcessSet::wait(int timeout_ms, int input_fd, ProcessObserver& observer) {
    watch_input(input_fd);
    report_drained(observer);
    if (!m_drained.empty()) timeout_ms = 0; // the observer queued more that went at once
    bool input_ready = false;
    bool child_exited = false;
    for (const epoll_event& event : m_loop.wait(timeout_ms)) {
        std::uint64_t tag = event.data.u64;
        switch (tag_kind(tag)) {
        case TagKind::signal:
            for (int sig : m_signals.read_pending()) {
                if (sig == SIGCHLD)
                    child_exited = true;
                else
                    observer.on_signal(sig);
            }
            break;
        case TagKind::input:
            input_ready = true;
            break;
        case TagKind::reader: {
            // Level-triggered and permanent: stop watching before telling.
            int fd = static_cast<int>(tag_index(tag));
            m_loop.remove(fd);
            observer.on_reader_gone(fd);
            break;
        }
        case TagKind::in: {
            std::uint32_t index = tag_index(tag);
            if (index < m_children.size() && m_children[index].generation == tag_generation(tag))
                flush_stdin(m_children[index], observer);
            break;
        }
        case TagKind::out:
        case TagKind::err: {
            std::uint32_t index = tag_index(tag);
            if (index >= m_children.size()) break;
            Child& child = m_children[index];
            if (child.generation != tag_generation(tag)) break; // a stale event
            Stream stream = tag_kind(tag) == TagKind::out ? Stream::out : Stream::err;
            if ((stream == Stream::out ? child.out : child.err).valid())
                read_pipe(child, stream, observer, k_reads_per_event);
            finish_if_done(index, observer);
            break;
        }
        }
    }
    // Exits are handled after the output events of the same wake-up, so a job's last
    // output reaches the observer before its exit does.
    if (child_exited) reap(observer);
    if (input_ready) observer.on_input_ready();
}

bool ProcessSet::read_pipe(Child& child, Stream stream, ProcessObserver& observer, int max_reads) {
    Fd& pipe = stream == Stream::out ? child.out : child.err;
    for (int i = 0; max_reads < 0 || i < max_reads; ++i) {
        ssize_t n = ::read(pipe.get(), m_buffer.data(), m_buffer.size());
        if (n > 0) {
            observer.on_output(child.token, stream,
                               std::string_view(m_buffer.data(), static_cast<std::size_t>(n)));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return true;
        close_pipe(pipe); // end of file, or an error we cannot do better with
        return false;
    }
    return true;
}

void ProcessSet::close_pipe(Fd& pipe) {
    m_loop.remove(pipe.get());
    pipe.reset();
}

void ProcessSet::reap(ProcessObserver& observer) {
    while (true) {
        int status;
        rusage usage{};
        pid_t pid = ::wait4(-1, &status, WNOHANG, &usage);
        if (pid < 0 && errno == EINTR) continue;
        if (pid <= 0) return;
        auto it = m_by_pid.find(pid);
        if (it == m_by_pid.end()) {
            // Our only other child is the orphan guard. Without it a SIGKILL of prun would
            // leave the jobs' children running: stop the run (unwinding kills every job).
            if (pid == m_guard.pid()) {
                m_guard.lost();
                m_context.guard_fd = -1;
                throw Error("the orphan guard (pid {}) was killed ({}); stopping the run, "
                            "whose jobs it no longer protects",
                            pid, ExitStatus::from_wait_status(status).describe());
            }
            continue;
        }
        std::uint32_t index = it->second;
        m_guard.forget(pid);
        m_context.guard_fd = m_guard.fd(); // -1 if the guard was found gone
        Child& child = m_children[index];
        child.exited = true;
        child.exit.status = ExitStatus::from_wait_status(status);
        child.exit.usage = usage;
        child.exit.end = MonoClock::now();
        // What the process wrote before exiting is in the pipe now; take it, then stop
        // listening (see the header on grandchildren that keep the pipe open).
        for (Stream stream : {Stream::out, Stream::err}) {
            Fd& pipe = stream == Stream::out ? child.out : child.err;
            if (pipe.valid() && read_pipe(child, stream, observer, 64)) close_pipe(pipe);
        }
        finish_if_done(index, observer);
    }
}

ProcessSet::Child* ProcessSet::find_token(std::uint64_t token) {
    auto it = m_by_token.find(token);
    return it == m_by_token.end() ? nullptr : &m_children[it->second];
}

bool ProcessSet::write_stdin(std::uint64_t token, std::string_view data) {
    return write_stdin(token, std::make_shared<const std::string>(data));
}

bool ProcessSet::write_stdin(std::uint64_t token, std::shared_ptr<const std::string> data) {
    Child* child = find_token(token);
    if (child == nullptr || !child->in.valid()) return false;
    bool was_idle = child->stdin_queue.empty();
    if (data && !data->empty()) {
        child->stdin_queued += data->size();
        child->stdin_queue.push_back(std::move(data));
    }
    // When the queue was already busy, the EPOLLOUT that drains it will report it.
    if (was_idle && try_write_stdin(*child)) m_drained.push_back(token);
    return true;
}

bool ProcessSet::write_stdin(std::uint64_t token, const FileRange& range) {
    Child* child = find_token(token);
    if (child == nullptr || !child->in.valid()) return false;
    bool was_idle = child->stdin_queue.empty() && child->stdin_range.length == 0;
    child->stdin_range = range;
    child->stdin_queued += static_cast<std::size_t>(range.length);
    if (was_idle && try_write_stdin(*child)) m_drained.push_back(token);
    return true;
}

void ProcessSet::close_stdin(std::uint64_t token, bool discard_pending) {
    Child* child = find_token(token);
    if (child == nullptr || !child->in.valid()) return;
    if (discard_pending || (child->stdin_queue.empty() && child->stdin_range.length == 0)) {
        close_stdin_pipe(*child);
        return;
    }
    child->stdin_close_when_drained = true;
}

std::size_t ProcessSet::stdin_pending(std::uint64_t token) {
    Child* child = find_token(token);
    return child == nullptr ? 0 : child->stdin_queued;
}

void ProcessSet::close_stdin_pipe(Child& child) {
    if (child.stdin_watched) m_loop.remove(child.in.get());
    child.stdin_watched = false;
    child.in.reset();
    child.stdin_queue.clear();
    child.stdin_offset = 0;
    child.stdin_queued = 0;
    child.stdin_range = FileRange{};
}

// Writes what the pipe takes now (a few writes at most); the rest waits for EPOLLOUT.
// Returns true once drained.
bool ProcessSet::try_write_stdin(Child& child) {
    auto wait_for_room = [this, &child] {
        auto index = static_cast<std::uint32_t>(&child - m_children.data());
        if (!child.stdin_watched)
            m_loop.add(child.in.get(), make_tag(TagKind::in, index, child.generation), EPOLLOUT);
        child.stdin_watched = true;
        return false;
    };
    int writes = 0;
    while (!child.stdin_queue.empty()) {
        if (writes++ == k_writes_per_event) return wait_for_room(); // our turn is over
        const std::string& chunk = *child.stdin_queue.front();
        ssize_t n = ::write(child.in.get(), chunk.data() + child.stdin_offset,
                            chunk.size() - child.stdin_offset);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return wait_for_room();
        if (n < 0) {
            // The job closed its stdin (or exited): what it did not read is dropped.
            close_stdin_pipe(child);
            return true;
        }
        child.stdin_offset += static_cast<std::size_t>(n);
        child.stdin_queued -= static_cast<std::size_t>(n);
        if (child.stdin_offset == chunk.size()) {
            child.stdin_queue.pop_front();
            child.stdin_offset = 0;
        }
    }
    // --pipepart: from the file's pages straight into the pipe.
    while (child.stdin_range.length > 0) {
        if (writes++ == k_writes_per_event) return wait_for_room();
        FileRange& range = child.stdin_range;
        auto offset = static_cast<loff_t>(range.offset);
        std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(range.length, 1 << 20));
        ssize_t n = ::splice(range.fd, &offset, child.in.get(), nullptr, want,
                             SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
        if (n < 0 && errno == EINVAL) {
            // A file system that cannot splice: through a buffer, then.
            std::string chunk(want, '\0');
            n = ::pread(range.fd, chunk.data(), want, static_cast<off_t>(range.offset));
            if (n > 0) {
                chunk.resize(static_cast<std::size_t>(n));
                range.offset += static_cast<std::uint64_t>(n);
                range.length -= static_cast<std::uint64_t>(n);
                child.stdin_queue.push_back(std::make_shared<const std::string>(std::move(chunk)));
                return try_write_stdin(child);
            }
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return wait_for_room();
        if (n <= 0) {
            // The job closed its stdin, or the file shrank under us: no more for it.
            close_stdin_pipe(child);
            return true;
        }
        range.offset += static_cast<std::uint64_t>(n);
        range.length -= static_cast<std::uint64_t>(n);
        child.stdin_queued -= static_cast<std::size_t>(n);
    }
    if (child.stdin_watched) m_loop.remove(child.in.get());
    child.stdin_watched = false;
    if (child.stdin_close_when_drained) close_stdin_pipe(child);
    return true;
}

void ProcessSet::flush_stdin(Child& child, ProcessObserver& observer) {
    if (child.in.valid() && try_write_stdin(child)) observer.on_stdin_drained(child.token);
}

void ProcessSet::report_drained(ProcessObserver& observer) {
    if (m_drained.empty()) return;
    // Swapped out first: the observer may write more, which can drain at once again.
    std::vector<std::uint64_t> drained;
    drained.swap(m_drained);
    for (std::uint64_t token : drained)
        if (find_token(token) != nullptr) observer.on_stdin_drained(token);
}

void ProcessSet::finish_if_done(std::uint32_t index, ProcessObserver& observer) {
    Child& child = m_children[index];
    if (!child.exited || child.out.valid() || child.err.valid()) return;
    if (child.in.valid()) close_stdin_pipe(child);
    m_by_pid.erase(child.pid);
    m_by_token.erase(child.token);
    child.pid = -1;
    child.exited = false;
    m_free.push_back(index);
    // Bump the generation now, so events still queued for this slot are recognised as stale.
    child.generation = (child.generation + 1) & k_generation_mask;
    observer.on_exit(child.token, child.exit);
}

void ProcessSet::adopt_orphans() {
    m_adopt_orphans = become_subreaper();
    if (!m_adopt_orphans) spdlog::debug("cannot become a subreaper: {}", errno_text(errno));
}

void ProcessSet::signal_all(int signal) {
    for (const auto& [pid, index] : m_by_pid)
        if (!m_children[index].exited) signal_job_tree(pid, signal);
    signal_strays(signal, {});
}

void ProcessSet::signal_job(pid_t pid, int signal, std::string_view marker) {
    signal_job_tree(pid, signal);
    if (!marker.empty()) signal_strays(signal, marker);
}

void ProcessSet::signal_strays(int signal, std::string_view marker) {
    if (!m_adopt_orphans) return;
    for (pid_t stray : stray_children())
        if (!m_by_pid.contains(stray) && (marker.empty() || environment_has(stray, marker)))
            signal_job_tree(stray, signal);
}

} // namespace prun
