#pragma once
// Where job arguments come from, as the command line said it (::: values, :::: files,
// -a files, or stdin when none is given), and how records become arguments.

#include <string>
#include <vector>

namespace prun {

struct InputSpec {
    enum class Kind { values, file };
    Kind kind = Kind::values;
    std::vector<std::string> values; // Kind::values: the words after :::
    std::string path;                // Kind::file: a path, or "-" for stdin
    bool linked = false;             // :::+ or ::::+: paired with the source before it
};

// Which ends of each value lose their white space (--trim).
enum class Trim { none, left, right, both };

} // namespace prun
