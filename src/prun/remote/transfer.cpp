#include <prun/remote/transfer.hpp>
#include <prun/template/quote.hpp>

namespace prun::remote {

namespace {

void append_words(const std::vector<std::string>& words, std::string& out) {
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) out.push_back(' ');
        tmpl::shell_quote(words[i], out);
    }
}

// A session over the master running `command` on the host, with stdin from /dev/null.
void append_remote_step(const SshCommand& ssh, const FileJob& job, const std::string& command,
                        std::string& out) {
    append_words(ssh.session(job.login, job.control_path, command), out);
    out += " </dev/null";
}

std::vector<std::string> scp_command(const SshCommand& ssh, const FileJob& job) {
    // -p keeps times and modes, -r lets a file name a directory, -B never prompts.
    std::vector<std::string> words{"scp", "-q", "-p", "-r", "-B", "-S", job.scp_program};
    auto options = ssh.scp_options(job.control_path);
    words.insert(words.end(), options.begin(), options.end());
    words.emplace_back("--");
    return words;
}

// A remote command line with each of `paths` as one quoted word.
std::string remote_command(const std::string& program, const std::vector<std::string>& paths) {
    std::string command = program + " --";
    for (const auto& path : paths) {
        command.push_back(' ');
        tmpl::shell_quote(path, command);
    }
    return command;
}

} // namespace

std::string parent_directory(const std::string& path) {
    std::size_t slash = path.find_last_of('/');
    if (slash == std::string::npos) return "";
    std::size_t end = path.find_last_not_of('/', slash);
    if (end == std::string::npos) return ""; // only the root
    return path.substr(0, end + 1);
}

std::string scp_local_operand(const std::string& path) {
    std::size_t colon = path.find(':');
    if (colon != std::string::npos && path.front() != '/' && colon < path.find('/'))
        return "./" + path;
    return path;
}

std::string scp_remote_source(const std::string& login, const std::string& path) {
    std::string operand = login + ":";
    for (char c : path) {
        if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') operand.push_back('\\');
        operand.push_back(c);
    }
    return operand;
}

namespace {

// Checks that each --transfer file can be read here, creates their directories on the
// host, and sends them: `exit 1` for a file that cannot be read, `exit 255` for a failed
// connection.
void append_sends(const SshCommand& ssh, const FileJob& job, std::string& script) {
    std::vector<std::string> scp = scp_command(ssh, job);
    std::vector<std::string> remote_dirs;
    for (const auto& file : job.sends) {
        script += "[ -r ";
        tmpl::shell_quote(file, script);
        script += " ] || { printf 'prun: --transfer: cannot read %s\\n' ";
        tmpl::shell_quote(file, script);
        script += " >&2; exit 1; }\n";
        std::string dir = parent_directory(file);
        if (!dir.empty()) remote_dirs.push_back(dir);
    }
    if (!remote_dirs.empty()) {
        append_remote_step(ssh, job, remote_command("mkdir -p", remote_dirs), script);
        script += " || exit 255\n";
    }
    for (const auto& file : job.sends) {
        append_words(scp, script);
        script.push_back(' ');
        tmpl::shell_quote(scp_local_operand(file), script);
        script.push_back(' ');
        tmpl::shell_quote(job.login + ":" + file, script);
        script += " </dev/null || exit 255\n";
    }
}

// Fetches the --return files (the first failure's status in $r) and, with --cleanup,
// removes the files from the host.
void append_fetches(const SshCommand& ssh, const FileJob& job, std::string& script) {
    std::vector<std::string> scp = scp_command(ssh, job);
    for (const auto& file : job.returns) {
        std::string dir = parent_directory(file);
        if (!dir.empty()) {
            script += "mkdir -p -- ";
            tmpl::shell_quote(dir, script);
            script += "; ";
        }
        append_words(scp, script);
        script.push_back(' ');
        tmpl::shell_quote(scp_remote_source(job.login, file), script);
        script.push_back(' ');
        tmpl::shell_quote(scp_local_operand(file), script);
        script += " </dev/null || r=$?\n";
    }
    if (job.cleanup) {
        std::vector<std::string> files = job.sends;
        files.insert(files.end(), job.returns.begin(), job.returns.end());
        if (!files.empty()) {
            append_remote_step(ssh, job, remote_command("rm -f", files), script);
            script += "\n";
        }
    }
}

} // namespace

std::string transfer_driver_script(const SshCommand& ssh, const FileJob& job) {
    std::string script;
    append_sends(ssh, job, script);
    append_words(job.session_argv, script);
    script += "\ns=$?\nr=0\n";
    append_fetches(ssh, job, script);
    script += "[ $s -eq 0 ] && [ $r -ne 0 ] && exit $r\nexit $s\n";
    return script;
}

std::string send_files_script(const SshCommand& ssh, const FileJob& job) {
    if (job.sends.empty()) return std::string();
    std::string script;
    append_sends(ssh, job, script);
    return script;
}

std::string fetch_files_script(const SshCommand& ssh, const FileJob& job) {
    if (job.returns.empty() && !(job.cleanup && !job.sends.empty())) return std::string();
    std::string script = "r=0\n";
    append_fetches(ssh, job, script);
    return script + "exit $r\n";
}

} // namespace prun::remote
