#include <cerrno>
#include <csignal>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <prun/perl/frame.hpp>
#include <prun/perl/perl_evaluator.hpp>
#include <prun/perl/prelude.hpp>
#include <prun/util/error.hpp>

namespace prun::perl {

namespace {

bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        // A socket, not a pipe, so that a perl gone is EPIPE here rather than a SIGPIPE.
        ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

bool read_exactly(int fd, std::string& out, std::size_t length) {
    out.resize(length);
    std::size_t got = 0;
    while (got < length) {
        ssize_t n = ::read(fd, out.data() + got, length - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        got += static_cast<std::size_t>(n);
    }
    return true;
}

pid_t spawn_perl(int child_end) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, child_end, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, child_end, STDOUT_FILENO);
    // Its own process group: a Ctrl-C at the terminal is for the jobs and prun; perl ends
    // when prun closes its end of the socket (also when prun dies).
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
                                        POSIX_SPAWN_SETPGROUP);
    char perl[] = "perl";
    char dash_e[] = "-e";
    char* argv[] = {perl, dash_e, const_cast<char*>(k_prelude), nullptr};
    pid_t pid = -1;
    int err = ::posix_spawnp(&pid, "perl", &actions, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (err != 0)
        throw Error("cannot start perl, which {{= =}} expressions and --rpl need: {}",
                    errno_text(err));
    return pid;
}

} // namespace

PerlEvaluator::PerlEvaluator(const tmpl::ExpressionTable& table, unsigned max_jobs)
    : m_table(table) {
    int ends[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0)
        throw Error("cannot start perl: {}", errno_text(errno));
    m_socket.reset(ends[0]);
    Fd child_end(ends[1]);
    m_pid = spawn_perl(child_end.get());
    child_end.reset();

    try {
        compile(max_jobs);
    } catch (...) {
        m_socket.reset();
        int status;
        ::waitpid(m_pid, &status, 0);
        throw;
    }
}

void PerlEvaluator::compile(unsigned max_jobs) {
    const tmpl::ExpressionTable& table = m_table;
    std::string payload;
    put_field(payload, "C");
    put_field(payload, std::to_string(max_jobs));
    for (const auto& expression : table.expressions())
        put_field(payload, expression.code);
    std::vector<std::string> errors;
    if (!exchange(payload, errors) || errors.size() != table.expressions().size())
        throw Error("perl ended before it compiled the expressions");
    for (std::size_t i = 0; i < errors.size(); ++i)
        if (!errors[i].empty())
            throw Error("{}: perl cannot compile it: {}", table.expressions()[i].source, errors[i]);
}

PerlEvaluator::~PerlEvaluator() {
    m_socket.reset(); // perl reads end of file and exits
    if (m_pid > 0) {
        int status;
        while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
}

bool PerlEvaluator::exchange(const std::string& payload, std::vector<std::string>& reply) {
    if (!m_socket) return false;
    std::string request = frame(payload);
    if (!write_all(m_socket.get(), request) || !read_exactly(m_socket.get(), m_buffer, 4)) {
        m_socket.reset();
        return false;
    }
    std::size_t length = 0;
    for (char c : m_buffer)
        length = (length << 8) | static_cast<unsigned char>(c);
    auto fields =
        read_exactly(m_socket.get(), m_buffer, length) ? split_fields(m_buffer) : std::nullopt;
    if (!fields) {
        m_socket.reset();
        return false;
    }
    reply = std::move(*fields);
    return true;
}

void PerlEvaluator::evaluate(const tmpl::ExpressionJob& job, tmpl::ExpressionResults& results) {
    results.values.clear();
    results.skip = false;
    results.error.clear();
    std::string payload;
    put_field(payload, "E");
    put_field(payload, std::to_string(job.seq));
    put_field(payload, std::to_string(job.slot));
    put_field(payload, job.total ? std::to_string(*job.total) : std::string());
    put_field(payload, std::to_string(job.args.size()));
    for (const std::string& arg : job.args)
        put_field(payload, arg);
    for (const auto& request : results.requests) {
        put_field(payload, std::to_string(request.expr));
        put_field(payload, std::to_string(request.arg_index));
    }
    std::vector<std::string> reply;
    if (!exchange(payload, reply) || reply.size() != results.requests.size() + 1) {
        results.error = "the perl process that evaluates expressions has ended";
        return;
    }
    results.skip = reply[0] == "1";
    for (std::size_t i = 0; i < results.requests.size(); ++i) {
        std::string& field = reply[i + 1];
        char kind = field.empty() ? 'e' : field[0];
        if (kind == 'e') {
            results.error =
                fmt::format("{}: {}", m_table.expressions()[results.requests[i].expr].source,
                            field.empty() ? std::string() : field.substr(1));
            return;
        }
        results.values.push_back({field.substr(1), kind == 'u'});
    }
}

} // namespace prun::perl
