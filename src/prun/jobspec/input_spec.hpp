#pragma once
// Where job arguments come from, as the command line said it (::: values, :::: files,
// -a files, or stdin when none is given).

#include <string>
#include <vector>

namespace prun {

struct InputSpec {
    enum class Kind { values, file };
    Kind kind = Kind::values;
    std::vector<std::string> values; // Kind::values: the words after :::
    std::string path;                // Kind::file: a path, or "-" for stdin
};

} // namespace prun
