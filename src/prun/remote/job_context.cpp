#include <algorithm>

#include <prun/remote/job_context.hpp>
#include <prun/template/quote.hpp>

namespace prun::remote {

namespace {

bool is_shell_name(std::string_view name) {
    if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9');
    });
}

} // namespace

std::string code_with_job_context(const LaunchSpec& spec) {
    if (spec.env.empty() && spec.cwd.empty()) return shell_code_to_run(spec);
    std::string code;
    if (!spec.cwd.empty()) {
        std::string dir;
        tmpl::shell_quote(spec.cwd, dir);
        // --wd ...: a folder of the job's own, made here (GNU: exit 255 if it cannot be),
        // and with --cleanup removed whenever the shell exits, even by the job's `exit`.
        if (spec.make_cwd) code += "mkdir -p -- " + dir + " && ";
        code += "cd " + dir + (spec.make_cwd ? " || exit 255\n" : " || exit 1\n");
        if (spec.remove_cwd) {
            code += "trap ";
            tmpl::shell_quote("cd && rm -rf -- " + dir, code);
            code += " EXIT\n";
        }
    }
    std::string imported; // entries no shell code can set: bash's exported functions
    for (const std::string& entry : spec.env) {
        auto equals = entry.find('=');
        if (equals == std::string::npos || equals == 0) continue; // job files reject these
        if (!is_shell_name(std::string_view(entry).substr(0, equals))) {
            imported.push_back(' ');
            tmpl::shell_quote(entry, imported);
            continue;
        }
        code += "export ";
        code += entry.substr(0, equals + 1);
        tmpl::shell_quote(std::string_view(entry).substr(equals + 1), code);
        code += '\n';
    }
    code += shell_code_to_run(spec);
    if (imported.empty()) return code;
    // --env f after export -f f: BASH_FUNC_f%%=() {...}. bash imports such a variable as
    // the function when it starts (and only a function definition, since Shellshock), so
    // the job's code runs in a bash started with them: they stay data until bash reads them.
    std::string wrapped = "exec env" + imported + " bash -c ";
    tmpl::shell_quote(code, wrapped);
    return wrapped;
}

LaunchSpec spec_for_worker(const LaunchSpec& spec) {
    if ((spec.env.empty() && spec.cwd.empty()) || spec.shell.empty()) return spec;
    LaunchSpec sent = spec;
    sent.shell_code = code_with_job_context(spec);
    sent.argv.clear();
    sent.env.clear();
    sent.cwd.clear();
    return sent;
}

} // namespace prun::remote
