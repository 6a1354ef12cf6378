#pragma once
// The CommandBuilder's part of the command line: the command template and its syntax, the
// shell that runs it, the output tag, and the files sent to and fetched from a host.

#include <optional>
#include <string>
#include <vector>

#include <prun/template/syntax.hpp>

namespace prun {

struct CommandSettings {
    std::vector<std::string> command; // words before the first ::: (empty: args are commands)
    std::string replace_token = "{}"; // -I
    tmpl::SyntaxOptions syntax;       // --plus, --rpl, --parens
    bool context_replace = false;     // -N, -L: {} repeats its word once per argument

    std::string shell = "/bin/sh";
    enum class ShellUse { automatic, always, never }; // --shell: always, --no-shell: never
    ShellUse shell_use = ShellUse::automatic;
    bool shell_quote_only = false; // --shellquote: print each job's words quoted, run nothing
    bool quote_command = false; // -q: the command's words quoted, so the shell takes them as typed
    std::string shell_prelude;  // $PARALLEL_ENV: shell code run before each command

    // --filter: perl code with replacement strings; a job runs only if each is true.
    std::vector<std::string> filters;

    // --retries with replacement strings (GNU expands it per job): each job's attempts.
    std::optional<std::string> retries_template;

    bool tag = false;                     // --tag: each output line prefixed with the arguments
    std::optional<std::string> tagstring; // --tagstring: ... with this template instead

    // --cat, --fifo: {} and $PARALLEL_TMP name a file holding the job's block, or a named pipe
    // it comes through (sched/pipe_files.hpp), instead of the block being on its stdin.
    enum class PipeFile { none, cat, fifo };
    PipeFile pipe_file = PipeFile::none;

    // --wd: the folder each job runs in, a template (replacement strings expanded, the
    // values taken as they are: a path, never shell code); unset for prun's own. A job
    // file's own cwd wins over it.
    std::optional<std::string> workdir;
    bool workdir_literal = false; // --wd . on hosts: a path that may hold braces
    // --wd ... on hosts: workdir followed by the job's number, made before the job (and
    // removed after it with --cleanup), as GNU's ~/.parallel/tmp/HOST-PID-SEQ.
    bool workdir_fresh = false;
    bool workdir_cleanup = false;

    // --env on hosts: "NAME=value" entries of prun's environment set for each remote job
    // (before a job file's own env), bash functions (BASH_FUNC_f%%) among them.
    std::vector<std::string> passed_env;

    bool transfer = false; // --transfer: send each job's arguments (files) over
    std::vector<std::string> transfer_file_templates; // --transferfile: templates of files to send
    std::vector<std::string> return_files;            // --return: templates of files to fetch back

    // --tmpl FILE=NAME: FILE's content and NAME, both templates; each job gets the content
    // filled in (values as data, unquoted, as GNU fills them) written to its NAME.
    struct TemplateFile {
        std::string content;
        std::string name;
    };
    std::vector<TemplateFile> template_files;
    bool remove_template_files = false; // --cleanup: each job's filled files go when it ends
};

} // namespace prun
