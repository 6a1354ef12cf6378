#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

#include <prun/cli/env_options.hpp>
#include <prun/cli/gnu_environment.hpp>
#include <prun/util/error.hpp>
#include <prun/util/shell_words.hpp>

namespace prun {

namespace {

// GNU's -r: readable (a folder is not a profile).
bool is_readable_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && !S_ISDIR(st.st_mode) &&
           ::access(path.c_str(), R_OK) == 0;
}

std::vector<std::string> variable_words(const char* name, const std::string& shown) {
    const char* text = std::getenv(name);
    if (text == nullptr) return {};
    std::string error;
    auto words = split_shell_words(text, error);
    if (!words) throw Error("cannot read {}: {} (it is split into words as sh does)", shown, error);
    return *words;
}

// GNU: a profile NAME is looked for in every config folder; ./NAME and /NAME are paths.
std::vector<std::string> profile_paths(const std::string& name,
                                       const std::vector<std::string>& dirs) {
    if (name.starts_with("/") || name.starts_with("./")) return {name};
    std::vector<std::string> paths;
    paths.reserve(dirs.size());
    for (const std::string& dir : dirs) {
        std::string path = dir;
        path += '/';
        path += name;
        paths.push_back(std::move(path));
    }
    return paths;
}

} // namespace

std::vector<std::string> options_from_environment() {
    return variable_words("PRUN_OPTS", "PRUN_OPTS");
}

std::vector<std::string> read_profile(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error("cannot read profile '{}': {}", path, errno_text(errno));
    std::vector<std::string> words;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        std::size_t first = line.find_first_not_of(" \t\r\f\v");
        if (first == std::string::npos || line[first] == '#') continue;
        std::string error;
        auto split = split_shell_words(line, error);
        if (!split)
            throw Error("cannot read profile '{}' line {}: {} (each line is split into words "
                        "as sh does)",
                        path, number, error);
        words.insert(words.end(), split->begin(), split->end());
    }
    if (in.bad()) throw Error("cannot read profile '{}': {}", path, errno_text(errno));
    return words;
}

std::vector<OptionSource> default_option_sources(const ProfileChoice& choice) {
    std::vector<OptionSource> sources;
    if (choice.plain) return sources;
    std::vector<std::string> dirs = parallel_config_dirs();
    auto add_file = [&](const std::string& path) {
        for (const OptionSource& source : sources)
            if (source.name == path) return; // a folder named twice ($PARALLEL_HOME = ~/.parallel)
        sources.push_back({path, read_profile(path)});
    };
    if (choice.profiles.empty()) {
        std::vector<std::string> configs{"/etc/parallel/config"};
        for (const std::string& dir : dirs)
            configs.push_back(dir + "/config");
        const char* home = std::getenv("HOME");
        if (home != nullptr && *home != '\0') configs.push_back(std::string(home) + "/.parallelrc");
        for (const std::string& path : configs)
            if (is_readable_file(path)) add_file(path);
    }
    for (const std::string& name : choice.profiles) {
        bool found = false;
        for (const std::string& path : profile_paths(name, dirs)) {
            if (!is_readable_file(path)) continue;
            add_file(path);
            found = true;
        }
        // GNU 20221122 means to refuse it too ("not readable"), but skips it silently.
        if (!found) {
            std::string where;
            for (const std::string& path : profile_paths(name, dirs))
                where += (where.empty() ? "" : ", ") + path;
            throw Error("-J/--profile {}: no such readable file ({})", name,
                        where.empty() ? "no config folder exists" : where);
        }
    }
    if (std::getenv("PARALLEL") != nullptr && *std::getenv("PARALLEL") != '\0')
        sources.push_back({"$PARALLEL", variable_words("PARALLEL", "$PARALLEL")});
    if (std::getenv("PRUN_OPTS") != nullptr)
        sources.push_back({"PRUN_OPTS", options_from_environment()});
    return sources;
}

} // namespace prun
