// The pieces of remote execution that need no host: splitting --ssh, ssh command lines,
// the status line stripped from a job's stderr, and reading a remote job's end.

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include <catch2/catch.hpp>

#include <prun/remote/control_dir.hpp>
#include <prun/remote/slurm_runner.hpp>
#include <prun/remote/ssh_command.hpp>
#include <prun/remote/transfer.hpp>
#include <prun/remote/wrapper.hpp>

using prun::ExitStatus;
using Words = std::vector<std::string>;

TEST_CASE("--ssh words: blanks, quotes, backslashes") {
    using prun::remote::split_command_words;
    CHECK(split_command_words("ssh") == Words{"ssh"});
    CHECK(split_command_words("  ssh -F my_config\t-p 2222 ") ==
          Words{"ssh", "-F", "my_config", "-p", "2222"});
    CHECK(split_command_words("ssh -o 'ProxyCommand=nc %h %p' -i \"my key\"") ==
          Words{"ssh", "-o", "ProxyCommand=nc %h %p", "-i", "my key"});
    CHECK(split_command_words(R"(ssh -i my\ key -o "a\"b")") ==
          Words{"ssh", "-i", "my key", "-o", "a\"b"});
    CHECK(split_command_words("ssh -o ''") == Words{"ssh", "-o", ""});
    CHECK_FALSE(split_command_words(""));
    CHECK_FALSE(split_command_words("   "));
    CHECK_FALSE(split_command_words("ssh -o 'unterminated"));
}

TEST_CASE("ssh command lines: prun's options first, the user's next, then the host") {
    prun::remote::SshCommand ssh({"ssh", "-F", "cfg"});
    Words master = ssh.master("alice@node1", "/tmp/d/h0");
    REQUIRE(master.size() > 6);
    CHECK(Words(master.begin(), master.begin() + 5) ==
          Words{"ssh", "-S", "/tmp/d/h0", "-o", "ControlMaster=yes"});
    CHECK(Words(master.end() - 4, master.end()) == Words{"-N", "-T", "--", "alice@node1"});
    auto user = std::find(master.begin(), master.end(), "-F");
    auto batch = std::find(master.begin(), master.end(), "BatchMode=yes");
    auto local = std::find(master.begin(), master.end(), "LocalCommand=echo prun-ready");
    CHECK(local < user); // must hold whatever the user says
    CHECK(user < batch); // a default the user may override
    CHECK(batch != master.end());

    Words session = ssh.session("node1", "/tmp/d/h0", "echo hi");
    CHECK(session == Words{"ssh", "-S", "/tmp/d/h0", "-o", "ControlMaster=no", "-o",
                           "ProxyCommand=false", "-F", "cfg", "-T", "--", "node1", "echo hi"});
    CHECK(ssh.scp_options("/tmp/d/h0") == Words{"-o", "ControlPath=/tmp/d/h0", "-o",
                                                "ControlMaster=no", "-o", "ProxyCommand=false"});

    // ssh refuses -J together with ProxyCommand: no guard then.
    prun::remote::SshCommand jump({"ssh", "-J", "bastion"});
    Words jumped = jump.session("node1", "/tmp/d/h0", "true");
    CHECK(std::find(jumped.begin(), jumped.end(), "ProxyCommand=false") == jumped.end());
}

TEST_CASE("status line: stripped from stderr, wherever the chunks split it") {
    const std::string nonce = "0123456789abcdef";
    const std::string status_line = "\x1eprun-status-" + nonce + ":42:n2\n";
    const std::string job_err = "warning: x\nno newline at the end";
    const std::string stream = job_err + status_line;
    for (std::size_t chunk = 1; chunk <= stream.size(); ++chunk) {
        prun::remote::StatusTrailer trailer(nonce);
        std::string out;
        for (std::size_t at = 0; at < stream.size(); at += chunk)
            trailer.feed(std::string_view(stream).substr(at, chunk), out);
        trailer.finish(out);
        INFO("chunk size " << chunk);
        CHECK(out == job_err);
        CHECK(trailer.code() == std::optional<int>(42));
        CHECK(trailer.node() == "n2");
    }
}

TEST_CASE("status line: look-alikes and a missing line are the job's output") {
    const std::string nonce = "0123456789abcdef";
    prun::remote::StatusTrailer trailer(nonce);
    std::string out;
    // Another run's nonce, a bare record separator, a prefix cut short by the end.
    std::string text = "\x1eprun-status-ffffffffffffffff:1:\n\x1e and \x1eprun-stat";
    trailer.feed(text, out);
    trailer.finish(out);
    CHECK(out == text);
    CHECK_FALSE(trailer.code());

    for (std::string line : {":x9:\n", ":9\n", ":256:\n"}) {
        prun::remote::StatusTrailer bad(nonce);
        out.clear();
        std::string garbled = "\x1eprun-status-" + nonce + line;
        bad.feed(garbled, out);
        CHECK(out == garbled);
        CHECK_FALSE(bad.code());
    }

    // What comes after the line (a leftover process) is passed on.
    prun::remote::StatusTrailer late(nonce);
    out.clear();
    late.feed("\x1eprun-status-" + nonce + ":0:\nlate", out);
    late.feed(" output", out);
    CHECK(out == "late output");
    CHECK(late.code() == std::optional<int>(0));
    CHECK(late.node().empty());
}

TEST_CASE("a remote job's end, from ssh's status and the status line") {
    using prun::remote::remote_outcome;
    auto exited = ExitStatus::exited_with;
    // The line has the job's own code, 255 included (ssh's 255 means nothing then).
    CHECK(remote_outcome(exited(3), 3, 0).status == exited(3));
    CHECK(remote_outcome(exited(255), 255, 0).status == exited(255));
    CHECK_FALSE(remote_outcome(exited(255), 255, 0).lost);
    // 128+N after prun forwarded N is that signal, as prun reports it locally...
    CHECK(remote_outcome(exited(143), 143, SIGTERM).status == ExitStatus::killed_by(SIGTERM));
    CHECK(remote_outcome(exited(130), 130, SIGINT).status == ExitStatus::killed_by(SIGINT));
    // ...and otherwise the code the shell gave.
    CHECK(remote_outcome(exited(143), 143, 0).status == exited(143));
    // No line: ssh's 255 is a lost connection; prun's own SIGKILL is that.
    CHECK(remote_outcome(exited(255), std::nullopt, 0).lost);
    auto killed = remote_outcome(ExitStatus::killed_by(SIGKILL), std::nullopt, SIGTERM);
    CHECK(killed.status == ExitStatus::killed_by(SIGKILL));
    CHECK_FALSE(killed.lost);
    CHECK(remote_outcome(exited(127), std::nullopt, 0).status == exited(127));
    CHECK_FALSE(remote_outcome(exited(127), std::nullopt, 0).lost);
    // The job succeeded but a --return file did not come back.
    CHECK(remote_outcome(exited(1), 0, 0).status == exited(1));
    CHECK_FALSE(remote_outcome(exited(1), 0, 0).lost);
    CHECK(remote_outcome(exited(255), 0, 0).lost);
}

TEST_CASE("remote job command: every value quoted for the remote shell") {
    std::string command =
        prun::remote::remote_job_command("abc", 7, 2, "/bin/sh", "echo 'it''s' $HOME");
    CHECK(command.rfind("exec /bin/sh -c '", 0) == 0);
    CHECK(command.find(" prun-job abc 7 2 /bin/sh 'echo '\"'\"'it'\"'\"''\"'\"'s'\"'\"' $HOME'") !=
          std::string::npos);
    CHECK(prun::remote::watcher_signal_word(SIGTERM) == std::string("TERM"));
    CHECK(prun::remote::watcher_signal_word(SIGINT) == std::string("INT"));
    CHECK(prun::remote::watcher_signal_word(SIGSEGV) == nullptr);
}

TEST_CASE("transfer paths") {
    using namespace prun::remote;
    CHECK(parent_directory("file") == "");
    CHECK(parent_directory("a/b/file") == "a/b");
    CHECK(parent_directory("a//file") == "a");
    CHECK(parent_directory("/file") == "");
    CHECK(parent_directory("/data/x") == "/data");
    CHECK(scp_local_operand("plain") == "plain");
    CHECK(scp_local_operand("c:d") == "./c:d");
    CHECK(scp_local_operand("dir/c:d") == "dir/c:d");
    CHECK(scp_local_operand("/abs/c:d") == "/abs/c:d");
    CHECK(scp_remote_source("node1", "a*b?[c].txt") == "node1:a\\*b\\?\\[c\\].txt");
}

TEST_CASE("transfer driver: steps in order, the job last to get stdin") {
    using namespace prun::remote;
    SshCommand ssh({"ssh"});
    FileJob job;
    job.login = "node1";
    job.control_path = "/tmp/d/h0";
    job.scp_program = "/tmp/d/ssh";
    job.session_argv = ssh.session("node1", "/tmp/d/h0", "JOB");
    job.sends = {"in/a b.txt"};
    job.returns = {"out/a b.txt.gz"};
    job.cleanup = true;
    std::string script = transfer_driver_script(ssh, job);
    auto at = [&](const std::string& part) {
        auto pos = script.find(part);
        INFO(part << " in\n" << script);
        CHECK(pos != std::string::npos);
        return pos;
    };
    auto check = at("[ -r 'in/a b.txt' ]");
    auto mkdir = at("'mkdir -p -- in' </dev/null || exit 255");
    auto send = at("'in/a b.txt' 'node1:in/a b.txt' </dev/null || exit 255");
    auto run = at("node1 JOB\ns=$?");
    auto fetch = at("'node1:out/a b.txt.gz' 'out/a b.txt.gz' </dev/null || r=$?");
    auto clean = at("'rm -f -- '\"'\"'in/a b.txt'\"'\"' '\"'\"'out/a b.txt.gz'\"'\" </dev/null");
    CHECK(check < mkdir);
    CHECK(mkdir < send);
    CHECK(send < run);
    CHECK(run < fetch);
    CHECK(fetch < clean);
    at("mkdir -p -- out;");
    at("exit $s\n");
}

TEST_CASE("Slurm allocation size from SLURM_JOB_CPUS_PER_NODE") {
    using prun::remote::parse_slurm_cpus_per_node;
    CHECK(parse_slurm_cpus_per_node("4") == std::optional<unsigned>(4));
    CHECK(parse_slurm_cpus_per_node("2(x3)") == std::optional<unsigned>(6));
    CHECK(parse_slurm_cpus_per_node("2(x3),4,1(x2)") == std::optional<unsigned>(12));
    CHECK_FALSE(parse_slurm_cpus_per_node(""));
    CHECK_FALSE(parse_slurm_cpus_per_node("0"));
    CHECK_FALSE(parse_slurm_cpus_per_node("2(x3"));
    CHECK_FALSE(parse_slurm_cpus_per_node("x"));
    CHECK_FALSE(parse_slurm_cpus_per_node("2,,3"));
    // The same edge cases as the per-node expansion it sums: a node with no CPUs, too many
    // nodes; and a total beyond any allocation.
    CHECK_FALSE(parse_slurm_cpus_per_node("0,4"));
    CHECK_FALSE(parse_slurm_cpus_per_node("1(x100001)"));
    CHECK(parse_slurm_cpus_per_node("1(x100000)") == std::optional<unsigned>(100'000));
    CHECK_FALSE(parse_slurm_cpus_per_node("1000(x1001)"));
}

TEST_CASE("Slurm CPUs of each node from SLURM_JOB_CPUS_PER_NODE") {
    using prun::remote::expand_slurm_cpus_per_node;
    using Cpus = std::optional<std::vector<unsigned>>;
    CHECK(expand_slurm_cpus_per_node("2(x2),4") == Cpus(std::vector<unsigned>{2, 2, 4}));
    CHECK(expand_slurm_cpus_per_node("8") == Cpus(std::vector<unsigned>{8}));
    CHECK_FALSE(expand_slurm_cpus_per_node(""));
    CHECK_FALSE(expand_slurm_cpus_per_node("0,4"));
    CHECK_FALSE(expand_slurm_cpus_per_node("2(x0)"));
    CHECK_FALSE(expand_slurm_cpus_per_node("1(x100001)"));
    CHECK_FALSE(expand_slurm_cpus_per_node("2(x3"));
}

TEST_CASE("remote job argv: the wrapper and the job's values as words") {
    auto argv = prun::remote::remote_job_argv("abc", 7, 2, "/bin/bash", "echo 'hi'");
    REQUIRE(argv.size() == 9);
    CHECK(argv[0] == "/bin/sh");
    CHECK(argv[1] == "-c");
    CHECK(argv[3] == "prun-job");
    CHECK(std::vector<std::string>(argv.begin() + 4, argv.end()) ==
          std::vector<std::string>{"abc", "7", "2", "/bin/bash", "echo 'hi'"});
}

TEST_CASE("control directory: private, removed at the end, stale ones of dead prun swept") {
    namespace fs = std::filesystem;
    // A pid that is surely gone: a child that has exited and been reaped.
    pid_t dead = ::fork();
    if (dead == 0) ::_exit(0);
    REQUIRE(dead > 0);
    int status = 0;
    ::waitpid(dead, &status, 0);

    std::string base = "/tmp/prun-unit-cd-XXXXXX";
    REQUIRE(::mkdtemp(base.data()) != nullptr);
    fs::path stale = fs::path(base) / ("prun-ssh-" + std::to_string(dead) + "-abcdef");
    fs::path live = fs::path(base) / ("prun-ssh-" + std::to_string(::getpid()) + "-abcdef");
    fs::path other = fs::path(base) / "prun-ssh-notapid";
    for (const auto& dir : {stale, live, other})
        fs::create_directory(dir);
    std::ofstream(stale / "h0") << "";

    const char* saved = std::getenv("TMPDIR");
    std::string saved_value = saved != nullptr ? saved : "";
    ::setenv("TMPDIR", base.c_str(), 1);
    std::string made;
    {
        prun::remote::ControlDir dir;
        made = dir.path();
        CHECK(made.rfind(base + "/prun-ssh-" + std::to_string(::getpid()) + "-", 0) == 0);
        CHECK((fs::status(made).permissions() & fs::perms::all) == fs::perms::owner_all);
        CHECK(dir.socket_for(3) == made + "/h3");
        std::string program = dir.write_ssh_program({"ssh", "-F", "my config"});
        std::ifstream in(program);
        std::string text;
        std::getline(in, text, '\0');
        CHECK(text == "#!/bin/sh\nexec ssh -F 'my config' \"$@\"\n");
    }
    if (saved != nullptr)
        ::setenv("TMPDIR", saved_value.c_str(), 1);
    else
        ::unsetenv("TMPDIR");
    CHECK_FALSE(fs::exists(made));
    CHECK_FALSE(fs::exists(stale));
    CHECK(fs::exists(live));
    CHECK(fs::exists(other));
    fs::remove_all(base);
}
