#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <prun/remote/worker_install.hpp>
#include <prun/template/quote.hpp>
#include <prun/util/error.hpp>
#include <prun/util/fd.hpp>
#include <prun/util/sha256.hpp>

namespace prun::remote {

namespace {

// Run as `sh -c BOOTSTRAP prun-worker SHA256 MACHINE SIZE`. The \036 lines are the
// requests worker/protocol.hpp names; stdout carries nothing else of the bootstrap's.
constexpr std::string_view k_bootstrap =
    "m=$(uname -m)\n"
    "[ \"$m\" = \"$2\" ] || { printf '\\036prun-no-worker: the host is %s, this prun %s\\n' "
    "\"$m\" \"$2\"; exit 0; }\n"
    "d=${XDG_CACHE_HOME:-$HOME/.cache}/prun\n"
    "b=$d/$1/prun\n"
    "if [ ! -x \"$b\" ]; then\n"
    "umask 077\n"
    "t=\n"
    "mkdir -p \"$d/$1\" 2>/dev/null && t=$(mktemp \"$d/$1/.prun.XXXXXX\" 2>/dev/null) || {\n"
    "printf '\\036prun-no-worker: cannot write in %s\\n' \"$d\"; exit 0; }\n"
    "trap 'rm -f \"$t\"' EXIT\n"
    "trap 'exit 1' HUP INT TERM PIPE\n"
    "printf '\\036prun-send-binary\\n'\n"
    "if head -c \"$3\" >\"$t\" && [ \"$(sha256sum <\"$t\" | cut -c1-64)\" = \"$1\" ] &&\n"
    "chmod 700 \"$t\" && mv -f \"$t\" \"$b\"; then t=; else\n"
    "printf '\\036prun-no-worker: the copy in %s did not check out\\n' \"$d\"; exit 0; fi\n"
    "fi\n"
    "exec \"$b\" --worker";

} // namespace

WorkerBinary load_worker_binary(std::string& why) {
    WorkerBinary binary;
    Fd file(::open("/proc/self/exe", O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (!file || ::fstat(file.get(), &st) != 0) {
        why = fmt::format("cannot read prun's own binary: {}", errno_text(errno));
        return binary;
    }
    std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::read(file.get(), bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            why = fmt::format("cannot read prun's own binary: {}",
                              n == 0 ? "it got shorter" : errno_text(errno));
            return binary;
        }
        done += static_cast<std::size_t>(n);
    }
    utsname names{};
    if (::uname(&names) != 0) {
        why = fmt::format("uname: {}", errno_text(errno));
        return binary;
    }
    binary.sha256 = sha256_hex(bytes);
    binary.machine = names.machine;
    binary.bytes = std::make_shared<const std::string>(std::move(bytes));
    return binary;
}

std::string worker_bootstrap_command(const WorkerBinary& binary) {
    std::string command = "exec /bin/sh -c ";
    tmpl::shell_quote(k_bootstrap, command);
    for (const std::string& word : {std::string("prun-worker"), binary.sha256, binary.machine,
                                    std::to_string(binary.bytes->size())}) {
        command.push_back(' ');
        tmpl::shell_quote(word, command);
    }
    return command;
}

} // namespace prun::remote
