#include <algorithm>
#include <iterator>
#include <utility>

#include <prun/cli/gnu_options.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {

using Spelling = std::pair<std::string_view, std::string_view>;

// GNU parallel 20221122's getopt names for options prun has under another name.
constexpr Spelling k_spellings[] = {
    {"--argfile", "--arg-file"},
    {"--blocksize", "--block-size"},
    {"--col-sep", "--colsep"},
    {"--colour", "--color"},
    {"--dr", "--dry-run"},
    {"--dryrun", "--dry-run"},
    {"--halt-on-error", "--halt"},
    {"--haltonerror", "--halt"},
    {"--jl", "--joblog"},
    {"--keeporder", "--keep-order"},
    {"--nokeeporder", "--no-keep-order"},
    {"--nok", "--no-keep-order"},
    {"--no-k", "--no-keep-order"},
    {"--line-buffered", "--line-buffer"},
    {"--linebuffer", "--line-buffer"},
    {"--linebuffered", "--line-buffer"},
    {"--max-procs", "--jobs"},
    {"--maxargs", "--max-args"},
    {"--maxlines", "--max-lines"},
    {"--maxprocs", "--jobs"},
    {"--maxreplaceargs", "--max-replace-args"},
    {"--res", "--results"},
    {"--result", "--results"},
    {"--resumefailed", "--resume-failed"},
    {"--round", "--round-robin"},
    {"--roundrobin", "--round-robin"},
    {"--skipfirstline", "--skip-first-line"},
    {"--spreadstdin", "--pipe"},
    {"--sshloginfile", "--slf"},
    {"--tag-string", "--tagstring"},
    {"--willcite", "--will-cite"},
    {"--nn", "--will-cite"},
    {"--nonotice", "--will-cite"},
    {"--no-notice", "--will-cite"},
    {"-P", "-j"},
    {"-V", "--version"},
    {"--argsep", "--arg-sep"},
    {"--argfilesep", "--arg-file-sep"},
    {"--norunifempty", "--no-run-if-empty"},
    {"--numberofcores", "--number-of-cores"},
    {"--numberofcpus", "--number-of-cpus"},
    {"--numberofsockets", "--number-of-sockets"},
    {"--numberofthreads", "--number-of-threads"},
    {"--maxchars", "--max-chars"},
    {"--min-version", "--minversion"},
    {"--retryfailed", "--retry-failed"},
    {"--termseq", "--term-seq"},
    {"--tempdir", "--tmpdir"},
    {"--usecoresinsteadofthreads", "--use-cores-instead-of-threads"},
    {"--usecpusinsteadofcores", "--use-cpus-instead-of-cores"},
    {"--usesocketsinsteadofthreads", "--use-sockets-instead-of-threads"},
    {"--output-as-files", "--files"},
    {"--outputasfiles", "--files"},
    {"--showlimits", "--show-limits"},
    {"--maxlinelengthallowed", "--max-line-length-allowed"},
    {"--recordenv", "--record-env"},
    {"--workdir", "--wd"},
    {"--work-dir", "--wd"},
    {"--processslotvar", "--process-slot-var"},
    {"--totaljobs", "--total-jobs"},
    {"--sshdelay", "--ssh-delay"},
    {"--filterhosts", "--filter-hosts"},
    {"--filter-host", "--filter-hosts"},
    {"--hostgrp", "--hostgroups"},
    {"--hostgroup", "--hostgroups"},
    {"--transfer-file", "--transferfile"},
    {"--transfer-files", "--transferfile"},
    {"--transferfiles", "--transferfile"},
    {"--use-compress-program", "--compress-program"},
    {"--usecompressprogram", "--compress-program"},
    {"--compressprogram", "--compress-program"},
    {"--use-decompress-program", "--decompress-program"},
    {"--usedecompressprogram", "--decompress-program"},
    {"--decompressprogram", "--decompress-program"},
    {"--colour-failed", "--color-failed"},
    {"--colorfailed", "--color-failed"},
    {"--colourfailed", "--color-failed"},
    {"--color-fail", "--color-failed"},
    {"--colour-fail", "--color-failed"},
    {"--colorfail", "--color-failed"},
    {"--colourfail", "--color-failed"},
};

// GNU parallel 20221122's options (every getopt spelling) that prun does not implement.
// clang-format off
constexpr std::string_view k_gnu_only[] = {
    "-B", "-D", "-H", "-M", "-T", "-U", "-W", "-Y", "-g", "-o",
    "-p", "--_parset",
    "--bug",
    "--controlmaster", "--ctrl-c",
    "--ctrlc", "--embed",
    "--interactive", "--latest-line",
    "--latestline", "--ll", "--linkinputsource", "--xapplyinputsource",
    "--no-ctrl-c",
    "--no-ctrlc", "--noctrlc",
    "--open-tty",
    "--rsync-opts", "--rsyncopts",
    "--session", "--shell-completion", "--shellcompletion",
    "--shell-quote", "--shellquote", "--shell_quote",
    "--sql",
    "--sql-and-worker", "--sqlandworker", "--sql-master", "--sqlmaster", "--sql-worker",
    "--sqlworker",
    "--tmux", "--tmux-pane",
    "--tmuxpane", "--tty"};
// clang-format on

std::string_view option_name(std::string_view word) {
    if (word.starts_with("--")) return word.substr(0, word.find('='));
    return word.substr(0, 2); // -Xvalue: the letter
}

// The option a name stands for: prun's name for a GNU spelling, else the name itself.
std::string_view canonical(std::string_view name) {
    auto ours = prun_spelling(name);
    return ours ? *ours : name;
}

// Getopt::Long's auto_abbrev, which GNU parallel has: a long option may be shortened to any
// prefix that names one option (its spellings count as one). Returns the full name, the
// prefix itself if it names none (CLI11 then says it is unknown); throws if it is ambiguous.
std::string expand_abbreviation(std::string_view name, const std::vector<std::string>& names) {
    auto known = [&](std::string_view n) {
        return std::find(names.begin(), names.end(), n) != names.end() || prun_spelling(n) ||
               std::find(std::begin(k_gnu_only), std::end(k_gnu_only), n) != std::end(k_gnu_only);
    };
    if (name.size() < 3 || known(name)) return std::string(name);
    std::vector<std::string_view> matches;
    auto consider = [&](std::string_view candidate) {
        if (candidate.starts_with("--") && candidate.starts_with(name) &&
            std::find(matches.begin(), matches.end(), candidate) == matches.end())
            matches.push_back(candidate);
    };
    for (const std::string& n : names)
        consider(n);
    for (const auto& [gnu, ours] : k_spellings)
        consider(gnu);
    for (std::string_view gnu : k_gnu_only)
        consider(gnu);
    if (matches.empty()) return std::string(name);
    std::string_view target = canonical(matches.front());
    bool one = std::all_of(matches.begin(), matches.end(),
                           [&](std::string_view m) { return canonical(m) == target; });
    if (one) return std::string(target);
    std::sort(matches.begin(), matches.end());
    std::string list;
    for (std::string_view m : matches)
        list += (list.empty() ? "" : ", ") + std::string(m);
    throw Error("option '{}' is ambiguous: {} (see 'prun --help')", name, list);
}

// GNU's -e/--eof, whose value is optional (Getopt::Long ":s"): attached (-eSTR, --eof=STR)
// or the next word unless that looks like an option. -e STR is -E STR (no value: no
// end-of-file string).
bool rewrite_optional_value(std::vector<std::string>& words, std::size_t& i) {
    std::string& word = words[i];
    std::string_view name = option_name(word);
    const char* ours = nullptr;
    if (name == "-e" || name == "--eof") ours = "-E";
    if (ours == nullptr) return false;
    std::optional<std::string> value;
    if (word.size() > name.size())
        value = word.substr(name.size() + (name.starts_with("--") ? 1 : 0));
    else if (i + 1 < words.size() && !words[i + 1].starts_with("-"))
        value = words[i + 1];
    bool next_taken = value && word.size() == name.size();
    if (!value || value->empty()) {
        if (ours == std::string_view("-E")) {
            // No end-of-file string: nothing to pass on.
            words.erase(words.begin() + static_cast<std::ptrdiff_t>(i));
            --i;
            return true;
        }
        value = "{}";
    }
    word = ours;
    if (next_taken)
        words[i + 1] = *value;
    else
        words.insert(words.begin() + static_cast<std::ptrdiff_t>(i) + 1, *value);
    ++i;
    return true;
}

} // namespace

std::optional<std::string_view> prun_spelling(std::string_view gnu_name) {
    for (const auto& [gnu, ours] : k_spellings)
        if (gnu == gnu_name) return ours;
    return std::nullopt;
}

bool is_gnu_only_option(std::string_view word) {
    std::string_view name = option_name(word);
    return std::find(std::begin(k_gnu_only), std::end(k_gnu_only), name) != std::end(k_gnu_only);
}

std::size_t walk_options(const std::vector<std::string>& words,
                         const std::function<bool(std::string_view)>& takes_value,
                         const std::function<void(std::size_t)>& visit) {
    std::size_t i = 0;
    while (i < words.size()) {
        const std::string& word = words[i];
        if (word == "--" || word.size() < 2 || word[0] != '-') return i;
        if (visit) visit(i);
        bool value_next = false;
        if (word.starts_with("--")) {
            value_next = word.find('=') == std::string::npos && takes_value(word);
        } else {
            // -abc: flags a and b, then c; the first letter that takes a value takes the
            // rest of the word, or the next word if nothing is left.
            for (std::size_t letter = 1; letter < word.size(); ++letter) {
                if (!takes_value(std::string{'-', word[letter]})) continue;
                value_next = letter + 1 == word.size();
                break;
            }
        }
        i += value_next ? 2 : 1;
    }
    return i;
}

void apply_gnu_spellings(std::vector<std::string>& words,
                         const std::function<bool(std::string_view)>& takes_value,
                         const std::vector<std::string>& prun_names) {
    // GNU parallel: --tollef is retired, and an error unless --gnu overrides it; --gnu
    // itself ("behave like GNU parallel") asks for what prun does anyway.
    bool gnu = false, tollef = false;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (words[i] == "--" || words[i].size() < 2 || words[i][0] != '-') break; // the command
        if (words[i].starts_with("--") && words[i].size() > 2) {
            std::string_view name = option_name(words[i]);
            words[i] = expand_abbreviation(name, prun_names) + words[i].substr(name.size());
        }
        if (words[i] == "--gnu" || words[i] == "--tollef") {
            (words[i] == "--gnu" ? gnu : tollef) = true;
            words.erase(words.begin() + static_cast<std::ptrdiff_t>(i--));
            continue;
        }
        if (rewrite_optional_value(words, i)) continue;
        std::string& word = words[i];
        if (word.starts_with("-i") || word == "--replace" || word.starts_with("--replace=")) {
            // GNU's -i [STR] and --replace [STR]: -I STR, {} when STR is left out. As in
            // Getopt::Long, an optional value is also the next word, unless that is an option.
            std::string value = word.starts_with("-i") ? word.substr(2)
                                : word.size() > 9      ? word.substr(10)
                                                       : std::string();
            bool alone = word == "-i" || word == "--replace";
            if (alone && i + 1 < words.size() && !words[i + 1].starts_with("-")) {
                value = words[i + 1];
                words.erase(words.begin() + static_cast<std::ptrdiff_t>(i) + 1);
            }
            words[i] = "-I" + (value.empty() ? std::string("{}") : value);
            continue;
        }
        if (word == "--ctag" || word.starts_with("--ctagstring") ||
            word.starts_with("--ctag-string")) {
            // GNU's obsolete --ctag and --ctagstring STR: --color with --tag or --tagstring.
            bool tag = word == "--ctag";
            std::size_t equals = word.find('=');
            word = tag ? "--tag"
                       : "--tagstring" + (equals == std::string::npos ? "" : word.substr(equals));
            words.insert(words.begin() + static_cast<std::ptrdiff_t>(i), "--color=always");
            ++i;
            if (!tag && equals == std::string::npos) ++i; // its value is the next word
            continue;
        }
        if (word == "--trc" || word.starts_with("--trc=")) {
            // GNU's --trc FILE: --transfer --return FILE --cleanup.
            bool value_next = word == "--trc";
            word = "--return" + word.substr(5);
            words.insert(words.begin() + static_cast<std::ptrdiff_t>(i), "--transfer");
            ++i; // the --return
            if (value_next && i + 1 < words.size()) ++i;
            words.insert(words.begin() + static_cast<std::ptrdiff_t>(i) + 1, "--cleanup");
            ++i;
            continue;
        }
        if (word.starts_with("-l")) {
            // GNU's -l[N] is -L N, N optional (1), attached or (a number) the next word.
            bool number_next = word == "-l" && i + 1 < words.size() && !words[i + 1].empty() &&
                               words[i + 1].find_first_not_of("0123456789") == std::string::npos;
            word = word == "-l" ? (number_next ? "-L" : "-L1") : "-L" + word.substr(2);
            if (number_next) ++i;
            continue;
        }
        std::string_view name = option_name(word);
        std::string rest = word.substr(name.size());
        if (auto ours = prun_spelling(name)) {
            word = std::string(*ours) + rest;
            name = *ours;
        }
        if (rest.empty() && takes_value(name)) ++i; // its value is the next word
    }
    if (tollef && !gnu)
        throw Error("--tollef has been retired: remove --tollef or use --gnu to override it");
}

} // namespace prun
