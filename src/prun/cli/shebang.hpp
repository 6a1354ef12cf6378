#pragma once
// prun as the interpreter of a script (GNU parallel's --shebang and --shebang-wrap), which
// must be the first option. Linux hands the whole rest of the #! line over as one word,
// then the script's path, then the script's own arguments:
//
//   #!/usr/bin/prun --shebang -r echo       the script's lines (after the #! line) are the
//   a                                        arguments: prun --skip-first-line -a SCRIPT
//   b                                        -r echo
//
//   #!/usr/bin/prun --shebang-wrap /usr/bin/python3
//                                            the script runs once per argument it is given:
//                                            prun /usr/bin/python3 SCRIPT ::: ARGS...
//                                            (with --pipe among the words, its arguments
//                                            are files whose contents are the input)
//
// The #! line is split into words as sh splits them, without any expansion (util/
// shell_words). Through `#!/usr/bin/env -S prun --shebang ...` the words arrive split
// already, and the script is then the last of them (as GNU takes it).

#include <optional>
#include <string>
#include <vector>

namespace prun {

// The command line `args` (prun's argv without argv[0]) stands for, if its first word is
// --shebang, --hashbang, --shebang-wrap or --shebangwrap; nullopt otherwise. Throws Error
// for a #! line that does not split into words, or without a script after it.
std::optional<std::vector<std::string>> expand_shebang(const std::vector<std::string>& args);

} // namespace prun
